import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import { escapeXml, missingGlyphs, PICTURE_FONT_FILES, renderSvgToPng, renderSvgToPngAsync, textWidth, wrapText } from '../../src/services/pictures/render-png';

/** The shared renderer: SVG in, a PNG that decodes out, drawn with the shipped font only. */

const svg = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100" viewBox="0 0 400 100">` +
  `<text x="10" y="60" font-size="32" font-family="Noto Sans">${escapeXml(text)}</text></svg>`;

/** Count of pixels that are not white: how much ink the text left. */
function ink(png: Buffer): number {
  const image = PNG.sync.read(png);
  let dark = 0;
  for (let i = 0; i < image.data.length; i += 4) if (image.data[i]! < 128) dark += 1;
  return dark;
}

describe('renderSvgToPng', () => {
  it('gives a PNG of the SVG size that decodes, with the Tajik letters drawn', () => {
    const png = renderSvgToPng(svg('ғ ӣ қ ӯ ҳ ҷ'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const image = PNG.sync.read(png);
    expect([image.width, image.height]).toEqual([400, 100]);
    expect(ink(png)).toBeGreaterThan(100);
  });

  it('encodes resvg’s pixels without loss (an indexed PNG, smaller than resvg’s own)', () => {
    const picture = svg('Мӯҳлатҳои Шумо: 16 марти соли 2026');
    const own = new Resvg(picture, { font: { loadSystemFonts: false, fontFiles: [...PICTURE_FONT_FILES] }, background: 'white' }).render();
    const png = renderSvgToPng(picture);
    expect(PNG.sync.read(png).data.equals(PNG.sync.read(own.asPng()).data)).toBe(true);
    expect(png.length).toBeLessThan(own.asPng().length);
  });

  it('scales to a requested width, keeping the aspect ratio', () => {
    const image = PNG.sync.read(renderSvgToPng(svg('12.03.2026'), { width: 800 }));
    expect([image.width, image.height]).toEqual([800, 200]);
  });

  it('does not use the machine’s fonts: text in an unknown family is drawn with the shipped font', () => {
    const shipped = renderSvgToPng(svg('Тоҷикистон'));
    const other = renderSvgToPng(svg('Тоҷикистон').replace('Noto Sans', 'No Such Family'));
    expect(other.equals(shipped)).toBe(true);
  });
});

describe('missingGlyphs', () => {
  it('finds nothing missing in Russian, Tajik and English letters, digits and punctuation', () => {
    expect(missingGlyphs('Ёё Ғғ Ӣӣ Ққ Ӯӯ Ҳҳ Ҷҷ АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ abcXYZ 0123456789 № «»—–.,:;!?()\n')).toEqual([]);
  });

  it('names each character the font cannot draw, once', () => {
    expect(missingGlyphs('ok ✓ ✓ 🚨 ok')).toEqual(['✓', '🚨']);
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
  });
});

describe('textWidth and wrapText', () => {
  it('measures text with the font’s advance widths: wider for more letters, bold wider than regular', () => {
    const width = textWidth('Тоҷикистон', 40);
    expect(width).toBeGreaterThan(150);
    expect(width).toBeLessThan(300);
    expect(textWidth('Тоҷикистон Тоҷикистон', 40)).toBeGreaterThan(width * 2);
    expect(textWidth('Тоҷикистон', 40, 'bold')).toBeGreaterThan(width);
  });

  it('wraps at spaces so that no line is wider than asked, keeping every word', () => {
    const text = 'Хоҳиш мекунам, ки ба хешовандонам хабар диҳед, ки ман дар куҷо ҳастам (КоАП РФ, моддаи 27.3; қисми 3)';
    const lines = wrapText(text, 400, 32);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth(line, 32)).toBeLessThanOrEqual(400);
    expect(lines.join(' ')).toBe(text);
  });

  it('keeps line breaks and cuts a word longer than a line', () => {
    expect(wrapText('one\ntwo', 1000, 20)).toEqual(['one', 'two']);
    const cut = wrapText('x'.repeat(200), 300, 20);
    expect(cut.length).toBeGreaterThan(1);
    expect(cut.join('')).toBe('x'.repeat(200));
  });
});

describe('renderSvgToPngAsync', () => {
  it('draws the same pixels as the synchronous renderer, off the event loop', async () => {
    const picture = svg('Имрӯз 16 марти соли 2026');
    const [sync, async] = [renderSvgToPng(picture, { width: 600 }), await renderSvgToPngAsync(picture, { width: 600 })];
    expect(PNG.sync.read(async).data.equals(PNG.sync.read(sync).data)).toBe(true);
  });
});

import { createPictureCache } from '../../src/services/pictures/picture-cache';
import { readPngText } from '../../src/services/pictures/png-text';
import { renderSvgToPng } from '../../src/services/pictures/render-png';

/** The cache of rendered pictures: one render per picture, whoever asks and however many at once. */

const svg = (label: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="40" font-size="24">${label}</text></svg>`;

function countingRenderer() {
  const calls: Array<{ width?: number }> = [];
  const render = (source: string, options: { width?: number }) => {
    calls.push(options);
    return Promise.resolve(renderSvgToPng(source, options));
  };
  return { calls, render };
}

describe('createPictureCache', () => {
  it('renders a picture once for many requests, also for requests that arrive while it is being drawn', async () => {
    const { calls, render } = countingRenderer();
    const cache = createPictureCache({ render });
    const burst = await Promise.all(Array.from({ length: 20 }, () => cache.png({ svg: svg('SOS'), text: 'SOS' })));
    const later = await cache.png({ svg: svg('SOS'), text: 'SOS' });
    expect(calls).toHaveLength(1);
    for (const png of [...burst, later]) expect(png.equals(burst[0]!)).toBe(true);
    expect(cache.stats()).toEqual({ renders: 1, hits: 20, entries: 1 });
  });

  it('a changed picture (an edited card, another language) is a new picture: nothing to invalidate', async () => {
    const { calls, render } = countingRenderer();
    const cache = createPictureCache({ render });
    const first = await cache.png({ svg: svg('version 1') });
    const second = await cache.png({ svg: svg('version 2') });
    expect(calls).toHaveLength(2);
    expect(second.equals(first)).toBe(false);
  });

  it('keeps the most recently used pictures once full', async () => {
    const { calls, render } = countingRenderer();
    const cache = createPictureCache({ render, maxEntries: 2 });
    await cache.png({ svg: svg('a') });
    await cache.png({ svg: svg('b') });
    await cache.png({ svg: svg('a') }); // a is now the most recent
    await cache.png({ svg: svg('c') }); // b goes
    await cache.png({ svg: svg('a') });
    expect(calls).toHaveLength(3);
    await cache.png({ svg: svg('b') });
    expect(calls).toHaveLength(4);
  });

  it('keeps nothing of a picture marked not to keep (one person’s deadlines)', async () => {
    const { calls, render } = countingRenderer();
    const cache = createPictureCache({ render });
    await cache.png({ svg: svg('20.03.2026'), keep: false });
    await cache.png({ svg: svg('20.03.2026'), keep: false });
    expect(calls).toHaveLength(2);
    expect(cache.stats().entries).toBe(0);
  });

  it('stores the picture’s words in the PNG’s text layer', async () => {
    const png = await createPictureCache().png({ svg: svg('Имрӯз'), text: 'Имрӯз — 10 марти соли 2026' });
    expect(readPngText(png)).toEqual({ Description: 'Имрӯз — 10 марти соли 2026' });
  });

  it('draws a picture over its size budget again, narrower', async () => {
    const { calls, render } = countingRenderer();
    const cache = createPictureCache({ render });
    const png = await cache.png({ svg: svg('x'), width: 1000, maxBytes: 1 });
    expect(calls.map((c) => c.width)).toEqual([1000, 800, 600]);
    expect(png.readUInt32BE(16)).toBe(600); // IHDR width
  });
});

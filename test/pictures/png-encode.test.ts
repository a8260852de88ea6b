import { PNG } from 'pngjs';
import { encodeIndexedPng, encodeIndexedPngAsync, isPng } from '../../src/services/pictures/png-encode';
import { readPngText, withPngText } from '../../src/services/pictures/png-text';

/** The bot's own PNG encoding: indexed, lossless up to 256 colours, nearest colour beyond. */

function image(width: number, height: number, colourAt: (x: number, y: number) => [number, number, number]) {
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const [r, g, b] = colourAt(x, y);
      pixels.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { width, height, pixels };
}

describe('encodeIndexedPng', () => {
  it('keeps every pixel of a picture with up to 256 colours', () => {
    const source = image(40, 30, (x, y) => [(x % 16) * 16, (y % 16) * 16, 7]); // exactly 256 colours
    const png = encodeIndexedPng(source);
    expect(isPng(png)).toBe(true);
    const decoded = PNG.sync.read(png);
    expect([decoded.width, decoded.height]).toEqual([40, 30]);
    expect(decoded.data.equals(source.pixels)).toBe(true);
  });

  it('gives a colour beyond the 256 most used the nearest kept one', () => {
    // 300 colours: a big white area and 299 shades of grey in one pixel each.
    const source = image(300, 20, (x, y) => (y > 0 || x === 0 ? [255, 255, 255] : [x % 256, x % 256, x % 256]));
    const decoded = PNG.sync.read(encodeIndexedPng(source));
    let worst = 0;
    for (let i = 0; i < source.pixels.length; i += 1) worst = Math.max(worst, Math.abs(decoded.data[i]! - source.pixels[i]!));
    expect(worst).toBeLessThanOrEqual(2);
  });
});

describe('encodeIndexedPngAsync', () => {
  it('gives the same PNG, letting other work run between slices of a big picture', async () => {
    const source = image(1000, 1000, (x, y) => [(x % 16) * 16, (y % 16) * 16, 9]);
    let turns = 0;
    let running = true;
    const otherWork = () => {
      turns += 1;
      if (running) setImmediate(otherWork);
    };
    setImmediate(otherWork);
    const png = await encodeIndexedPngAsync(source);
    running = false;
    expect(turns).toBeGreaterThan(2);
    expect(png.equals(encodeIndexedPng(source))).toBe(true);
  });
});

describe('the PNG text layer', () => {
  it('stores a picture’s words beside its pixels and reads them back; the image still decodes', () => {
    const png = withPngText(encodeIndexedPng(image(4, 4, () => [0, 0, 0])), 'Мӯҳлатҳои Шумо\n16 марти соли 2026');
    expect(readPngText(png)).toEqual({ Description: 'Мӯҳлатҳои Шумо\n16 марти соли 2026' });
    expect(PNG.sync.read(png).width).toBe(4);
  });
});

import { deflate, deflateSync } from 'node:zlib';
import { endianness } from 'node:os';
import { promisify } from 'node:util';

/**
 * PNG encoding for flat pictures (text, lines, a few colours): an indexed PNG, one byte per pixel
 * and a palette, a third the size of resvg's own RGBA output for the same pixels (measured: the
 * Tajik SOS card 72 KB instead of 178 KB at 720 px). Lossless up to 256 colours; beyond that the
 * rarest colours take their nearest kept colour (anti-aliasing tints nobody can tell apart).
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_PALETTE = 256;
const DEFLATE_LEVEL = 6;
const deflateAsync = promisify(deflate);

/** Raw pixels as resvg gives them: RGBA, 4 bytes a pixel, row after row. */
export interface RgbaImage {
  width: number;
  height: number;
  pixels: Buffer;
}

/** An indexed PNG of `image` (compressed on this thread). */
export function encodeIndexedPng(image: RgbaImage): Buffer {
  const steps = indexPixels(image);
  let step = steps.next();
  while (!step.done) step = steps.next();
  const { rows, palette } = step.value;
  return assemble(image, palette, deflateSync(rows, { level: DEFLATE_LEVEL }));
}

/**
 * {@link encodeIndexedPng} that lets other work run: the pixels are indexed a slice at a time, the
 * event loop turning between slices, and compressed on libuv's thread pool.
 */
export async function encodeIndexedPngAsync(image: RgbaImage): Promise<Buffer> {
  const steps = indexPixels(image);
  let step = steps.next();
  while (!step.done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  const { rows, palette } = step.value;
  return assemble(image, palette, await deflateAsync(rows, { level: DEFLATE_LEVEL }));
}

/** A PNG chunk: length, type, data and the CRC of type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** True when `bytes` start with the PNG signature. */
export function isPng(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE);
}

function assemble(image: RgbaImage, palette: readonly number[], compressed: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(3, 9); // colour type: indexed
  const plte = Buffer.alloc(palette.length * 3);
  const alpha = Buffer.alloc(palette.length);
  palette.forEach((rgba, i) => {
    plte.writeUInt8((rgba >>> 24) & 0xff, i * 3);
    plte.writeUInt8((rgba >>> 16) & 0xff, i * 3 + 1);
    plte.writeUInt8((rgba >>> 8) & 0xff, i * 3 + 2);
    alpha.writeUInt8(rgba & 0xff, i);
  });
  const opaque = alpha.every((a) => a === 0xff);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('PLTE', plte),
    ...(opaque ? [] : [pngChunk('tRNS', alpha)]),
    pngChunk('IDAT', compressed),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Pixels indexed per pass of this many (a few milliseconds of work), between which the caller may yield. */
const SLICE = 1 << 18;

/**
 * Each row as filter byte 0 and palette indexes, and the palette (RGBA colours, bytes in that
 * order); it pauses (yields) after each slice of pixels.
 */
function* indexPixels(image: RgbaImage): Generator<void, { rows: Buffer; palette: number[] }> {
  // resvg's `pixels` is a getter that copies the whole image: read it once.
  const { width, height, pixels: bytes } = image;
  // Each pixel as one 32-bit number (the bytes' order in memory, whatever it means as a number).
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  const pixels = new Uint32Array(aligned.buffer, aligned.byteOffset, width * height);
  const seen = new Map<number, number>();
  const colours: number[] = [];
  const counts: number[] = [];
  const indexes = new Uint32Array(pixels.length);
  let last = -1;
  let lastIndex = 0;
  for (let i = 0; i < pixels.length; i += 1) {
    if (i % SLICE === SLICE - 1) yield;
    const colour = pixels[i]!;
    // Most pixels repeat their left neighbour (background, inside strokes): skip the lookup.
    if (colour !== last) {
      last = colour;
      const key = mapKey(colour);
      let index = seen.get(key);
      if (index === undefined) {
        index = colours.length;
        seen.set(key, index);
        colours.push(colour);
        counts.push(0);
      }
      lastIndex = index;
    }
    counts[lastIndex]! += 1;
    indexes[i] = lastIndex;
  }
  // Over 256 colours: keep the most used, and give every other colour its nearest kept one.
  let remap: Uint32Array | undefined;
  let kept = colours.map((_, i) => i);
  if (colours.length > MAX_PALETTE) {
    kept = kept.sort((a, b) => counts[b]! - counts[a]!).slice(0, MAX_PALETTE);
    const keptColours = kept.map((i) => colours[i]!);
    remap = new Uint32Array(colours.length);
    const position = new Map(kept.map((original, i) => [original, i]));
    colours.forEach((colour, i) => {
      remap![i] = position.get(i) ?? nearest(colour, keptColours);
    });
  }
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y += 1) {
    if (y % 256 === 255) yield;
    const row = y * (width + 1) + 1;
    for (let x = 0; x < width; x += 1) {
      const index = indexes[y * width + x]!;
      rows[row + x] = remap ? remap[index]! : index;
    }
  }
  return { rows, palette: kept.map((i) => rgbaOf(colours[i]!)) };
}

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * A pixel's key in the colour map: an opaque pixel's 24 bits of colour, a small integer V8 hashes
 * fast (a full 32-bit value is a heap number, and made the map 10 times slower); other pixels
 * above that range.
 */
function mapKey(native: number): number {
  const alpha = LITTLE_ENDIAN ? native >>> 24 : native & 0xff;
  const colour = LITTLE_ENDIAN ? native & 0xffffff : native >>> 8;
  return alpha === 0xff ? colour : 0x1000000 + (native >>> 0);
}

/** A pixel read as a 32-bit number, as R<<24 | G<<16 | B<<8 | A. */
function rgbaOf(native: number): number {
  const bytes = new Uint8Array(new Uint32Array([native]).buffer);
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

function nearest(colour: number, palette: readonly number[]): number {
  let best = 0;
  let bestDistance = Infinity;
  palette.forEach((candidate, i) => {
    let distance = 0;
    for (let shift = 0; shift < 32; shift += 8) {
      const d = ((colour >>> shift) & 0xff) - ((candidate >>> shift) & 0xff);
      distance += d * d;
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  });
  return best;
}

// zlib.crc32 exists from Node 22 only; the bot runs on Node 20 too.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderAsync, Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { encodeIndexedPng, encodeIndexedPngAsync } from './png-encode';

/**
 * The one way the bot turns a picture into a PNG: an SVG string rendered by resvg (a prebuilt binary
 * from the npm registry, no network, no system fonts), with the fonts shipped in `assets/fonts/`, so
 * a picture looks the same on every machine and in the Docker image. Pictures are built as SVG by
 * pure functions (their text can be checked before rendering) and rendered here.
 */

/** Where the shipped fonts live: `assets/fonts/` at the project root (beside `src/` and `dist/`). */
export const FONTS_DIR = path.join(__dirname, '..', '..', '..', 'assets', 'fonts');

/** The font family every picture uses; Regular and Bold are shipped (`font-weight="bold"` picks Bold). */
export const PICTURE_FONT_FAMILY = 'Noto Sans';

/** The shipped font files, Regular then Bold (licence and origin in `assets/fonts/`). */
export const PICTURE_FONT_FILES: readonly string[] = [
  path.join(FONTS_DIR, 'NotoSans-Regular.ttf'),
  path.join(FONTS_DIR, 'NotoSans-Bold.ttf'),
];

/** Options of {@link renderSvgToPng}. */
export interface RenderPngOptions {
  /** Width of the PNG in pixels; the height follows the SVG's aspect ratio. Default: the SVG's own width. */
  width?: number;
}

/**
 * Renders an SVG document to a PNG (indexed: one byte a pixel, see png-encode.ts). Only the shipped
 * fonts are used (`loadSystemFonts: false`); text in another family falls back to
 * {@link PICTURE_FONT_FAMILY}. Synchronous CPU work (tens of milliseconds for the bot's pictures):
 * callers cache what they render.
 */
export function renderSvgToPng(svg: string, options: RenderPngOptions = {}): Buffer {
  return encodeIndexedPng(new Resvg(svg, resvgOptions(options)).render());
}

/**
 * {@link renderSvgToPng} on libuv's thread pool: the event loop (other people's updates) goes on
 * while the picture is drawn. Same options, same pixels.
 */
export async function renderSvgToPngAsync(svg: string, options: RenderPngOptions = {}): Promise<Buffer> {
  return encodeIndexedPngAsync(await renderAsync(svg, resvgOptions(options)));
}

function resvgOptions(options: RenderPngOptions): ResvgRenderOptions {
  return {
    fitTo: options.width === undefined ? { mode: 'original' } : { mode: 'width', value: options.width },
    font: {
      loadSystemFonts: false,
      fontFiles: [...PICTURE_FONT_FILES],
      defaultFontFamily: PICTURE_FONT_FAMILY,
      sansSerifFamily: PICTURE_FONT_FAMILY,
    },
    background: 'white',
  };
}

/** Escapes text for an SVG text node or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * The characters of `text` that a shipped font cannot draw (each once, in order of appearance). A
 * character counts as drawable only if every shipped font (Regular and Bold) maps it to a glyph.
 * Control characters (line breaks, tabs) are never drawn and are not reported.
 */
export function missingGlyphs(text: string): string[] {
  const fonts = loadedFonts();
  const missing: string[] = [];
  for (const char of new Set(text)) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    if (fonts.some((font) => !font.glyphs.has(code))) missing.push(char);
  }
  return missing;
}

/**
 * Width of `text` set in the shipped font at `fontSize` pixels: the sum of the glyphs' advance widths
 * (kerning left out, a few per cent at most). Pictures use it to wrap lines before they overflow.
 */
export function textWidth(text: string, fontSize: number, weight: 'regular' | 'bold' = 'regular'): number {
  const font = loadedFonts()[weight === 'bold' ? 1 : 0]!;
  let units = 0;
  for (const char of text) units += font.advance(font.glyphs.get(char.codePointAt(0) ?? 0) ?? 0);
  return (units / font.unitsPerEm) * fontSize;
}

/**
 * Splits `text` into lines no wider than `maxWidth` at `fontSize`, breaking at spaces (a word longer
 * than a line is cut where it must be). Line breaks in `text` are kept.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, weight: 'regular' | 'bold' = 'regular'): string[] {
  const lines: string[] = [];
  const fits = (line: string) => textWidth(line, fontSize, weight) <= maxWidth;
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/).filter((w) => w !== '')) {
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      while (!fits(line)) {
        let cut = line.length - 1;
        while (cut > 1 && !fits(line.slice(0, cut))) cut -= 1;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  return lines;
}

interface LoadedFont {
  glyphs: ReadonlyMap<number, number>;
  unitsPerEm: number;
  advance(glyph: number): number;
}

let fontsCache: LoadedFont[] | undefined;

function loadedFonts(): LoadedFont[] {
  fontsCache ??= PICTURE_FONT_FILES.map((file) => loadFont(readFileSync(file)));
  return fontsCache;
}

function tableOffset(font: Buffer, tag: string): number {
  const tableCount = font.readUInt16BE(4);
  for (let i = 0; i < tableCount; i += 1) {
    const record = 12 + i * 16;
    if (font.toString('latin1', record, record + 4) === tag) return font.readUInt32BE(record + 8);
  }
  throw new Error(`font has no ${tag} table`);
}

/** Glyph map and advance widths (`head`, `hhea`, `hmtx` tables) of a TrueType/OpenType font. */
function loadFont(font: Buffer): LoadedFont {
  const unitsPerEm = font.readUInt16BE(tableOffset(font, 'head') + 18);
  const metricsCount = font.readUInt16BE(tableOffset(font, 'hhea') + 34);
  const hmtx = tableOffset(font, 'hmtx');
  return {
    glyphs: readCmapGlyphs(font),
    unitsPerEm,
    advance: (glyph) => font.readUInt16BE(hmtx + Math.min(glyph, metricsCount - 1) * 4),
  };
}

/**
 * The code points a TrueType/OpenType font maps to a glyph, from its `cmap` table: the Unicode
 * subtable in format 12 (full range) if present, else format 4 (the Basic Multilingual Plane).
 */
export function readCmap(font: Buffer): Set<number> {
  return new Set(readCmapGlyphs(font).keys());
}

function readCmapGlyphs(font: Buffer): Map<number, number> {
  const cmapOffset = tableOffset(font, 'cmap');
  const subtables: { format: number; offset: number }[] = [];
  const count = font.readUInt16BE(cmapOffset + 2);
  for (let i = 0; i < count; i += 1) {
    const record = cmapOffset + 4 + i * 8;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const offset = cmapOffset + font.readUInt32BE(record + 4);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode) subtables.push({ format: font.readUInt16BE(offset), offset });
  }
  const best = subtables.find((s) => s.format === 12) ?? subtables.find((s) => s.format === 4);
  if (!best) throw new Error('font has no Unicode cmap subtable in format 4 or 12');
  return best.format === 12 ? readFormat12(font, best.offset) : readFormat4(font, best.offset);
}

function readFormat12(font: Buffer, offset: number): Map<number, number> {
  const codes = new Map<number, number>();
  const groups = font.readUInt32BE(offset + 12);
  for (let i = 0; i < groups; i += 1) {
    const group = offset + 16 + i * 12;
    const start = font.readUInt32BE(group);
    const end = font.readUInt32BE(group + 4);
    const startGlyph = font.readUInt32BE(group + 8);
    for (let code = start; code <= end; code += 1) if (startGlyph + (code - start) !== 0) codes.set(code, startGlyph + (code - start));
  }
  return codes;
}

function readFormat4(font: Buffer, offset: number): Map<number, number> {
  const codes = new Map<number, number>();
  const segments = font.readUInt16BE(offset + 6) / 2;
  const ends = offset + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s += 1) {
    const start = font.readUInt16BE(starts + s * 2);
    const end = font.readUInt16BE(ends + s * 2);
    const delta = font.readInt16BE(deltas + s * 2);
    const rangeOffsetAt = rangeOffsets + s * 2;
    const rangeOffset = font.readUInt16BE(rangeOffsetAt);
    for (let code = start; code <= end && code !== 0xffff; code += 1) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (code + delta) & 0xffff;
      else {
        const raw = font.readUInt16BE(rangeOffsetAt + rangeOffset + (code - start) * 2);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) codes.set(code, glyph);
    }
  }
  return codes;
}

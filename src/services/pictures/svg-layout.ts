import { escapeXml, PICTURE_FONT_FAMILY, wrapText } from './render-png';

/**
 * Small helpers the bot's pictures are laid out with: wrapped text blocks placed top to bottom.
 * Every picture uses the shipped font; text is escaped here, so callers pass plain words.
 */

/** A block of text to place: its words, size and look. */
export interface TextBlock {
  text: string;
  size: number;
  weight?: 'regular' | 'bold';
  color?: string;
  /** Lines are this many times the font size apart (default 1.3). */
  lineHeight?: number;
}

/** A placed block: its SVG and the y just below it. */
export interface Placed {
  svg: string;
  bottom: number;
  /** The lines it was wrapped into. */
  lines: string[];
}

/** Wraps `block` to `width` and places its lines with their tops from `top`, left-aligned at `x`. */
export function placeText(block: TextBlock, x: number, top: number, width: number): Placed {
  const weight = block.weight ?? 'regular';
  const step = block.size * (block.lineHeight ?? 1.3);
  const lines = wrapText(block.text, width, block.size, weight);
  const tspans = lines
    .map((line, i) => `<tspan x="${x}" y="${round(top + i * step + block.size)}">${escapeXml(line)}</tspan>`)
    .join('');
  const attributes = [
    `font-family="${PICTURE_FONT_FAMILY}"`,
    `font-size="${block.size}"`,
    weight === 'bold' ? 'font-weight="bold"' : '',
    `fill="${block.color ?? '#212121'}"`,
  ].filter(Boolean);
  return { svg: `<text ${attributes.join(' ')}>${tspans}</text>`, bottom: top + lines.length * step, lines };
}

/** An SVG document of the given size on a white background, holding `body`. */
export function svgDocument(width: number, height: number, body: string): string {
  const h = Math.ceil(height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}">` +
    `<rect width="${width}" height="${h}" fill="#ffffff"/>${body}</svg>`
  );
}

/** A number short enough for SVG attributes. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

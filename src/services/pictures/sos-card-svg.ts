import { placeText, round, svgDocument } from './svg-layout';

/** One language's part of the SOS card: its title and its lines (one statement each). */
export interface SosSection {
  title: string;
  lines: readonly string[];
}

/** What the SOS picture says: Russian for the officer, and the person's own language below it. */
export interface SosPictureText {
  /** The Russian card, in big type: this is what the officer reads. */
  officer: SosSection;
  /** The same card in the person's language (absent for Russian speakers). */
  own?: SosSection;
  /** A small line at the bottom, in the person's language (where the text comes from). */
  footer?: string;
}

/** Width of the SOS card's SVG (rendered at {@link SOS_PNG_WIDTH}): a phone held upright. */
export const SOS_WIDTH = 720;
/** Width of the SOS card's PNG: the Tajik card, the longest, stays under 100 KB (measured 93 KB). */
export const SOS_PNG_WIDTH = 900;

const PAD = 32;
const RED = '#c62828';

/**
 * The SOS card as SVG, to save in the phone's gallery and show without internet: a red "SOS" band,
 * the Russian statements in big type, one per paragraph, then (for non-Russian speakers) a rule and
 * the same card in the person's language, smaller, so they know what they are showing.
 */
export function sosCardSvg(text: SosPictureText): string {
  const parts: string[] = [];
  const width = SOS_WIDTH - 2 * PAD;
  const bandTitle = placeText({ text: text.officer.title, size: 30, weight: 'bold', color: '#ffffff' }, PAD + 124, 30, width - 124);
  const bandHeight = Math.max(116, bandTitle.bottom + 24);
  parts.push(`<rect width="${SOS_WIDTH}" height="${round(bandHeight)}" fill="${RED}"/>`);
  parts.push(placeText({ text: 'SOS', size: 56, weight: 'bold', color: '#ffffff', lineHeight: 1 }, PAD, round(bandHeight / 2 - 34), 120).svg);
  parts.push(bandTitle.svg);

  let y = bandHeight + 24;
  for (const line of text.officer.lines) {
    const placed = placeText({ text: line, size: 30, color: '#111111', lineHeight: 1.28 }, PAD + 26, y, width - 26);
    parts.push(`<circle cx="${PAD + 7}" cy="${round(y + 30 * 0.66)}" r="6" fill="${RED}"/>`, placed.svg);
    y = placed.bottom + 14;
  }

  if (text.own) {
    y += 10;
    parts.push(`<line x1="${PAD}" y1="${round(y)}" x2="${SOS_WIDTH - PAD}" y2="${round(y)}" stroke="#9e9e9e" stroke-width="2" stroke-dasharray="10 8"/>`);
    y += 22;
    const title = placeText({ text: text.own.title, size: 26, weight: 'bold', color: '#37474f' }, PAD, y, width);
    parts.push(title.svg);
    y = title.bottom + 8;
    for (const line of text.own.lines) {
      const placed = placeText({ text: line, size: 24, color: '#37474f' }, PAD + 22, y, width - 22);
      parts.push(`<circle cx="${PAD + 6}" cy="${round(y + 24 * 0.66)}" r="5" fill="#78909c"/>`, placed.svg);
      y = placed.bottom + 8;
    }
  }

  if (text.footer) {
    y += 12;
    const footer = placeText({ text: text.footer, size: 20, color: '#757575' }, PAD, y, width);
    parts.push(footer.svg);
    y = footer.bottom;
  }
  return svgDocument(SOS_WIDTH, y + PAD, parts.join(''));
}

/** The picture's words in reading order, for the PNG's text layer. */
export function sosCardText(text: SosPictureText): string {
  const sections = [text.officer, ...(text.own ? [text.own] : [])].map((s) => [s.title, ...s.lines].join('\n'));
  return [...sections, ...(text.footer ? [text.footer] : [])].join('\n\n');
}

import type { TimelineTone } from './deadline-timeline';
import { textWidth } from './render-png';
import { placeText, round, svgDocument } from './svg-layout';

/** One row of the timeline picture, in words: what its mark is, the date, and what the date means. */
export interface TimelineRowText {
  mark: 'entry' | 'today' | TimelineTone;
  /** The date as the reader writes it («16 марта 2026»). */
  date: string;
  /** What happens on that day (the deadline's name, "Entry", "Today"). */
  label: string;
  /** How far away it is, in the tone's colour ("5 days left."). */
  status?: string;
  /** A short explanation under the status. */
  note?: string;
}

/** Everything the timeline picture says, in the reader's language. */
export interface TimelinePictureText {
  title: string;
  /** The words of the colour legend. */
  legend: Readonly<Record<TimelineTone, string>>;
  rows: readonly TimelineRowText[];
  footer: string;
}

/** Width of the timeline's SVG; portrait, for a phone screen (rendered at {@link TIMELINE_PNG_WIDTH}). */
export const TIMELINE_WIDTH = 720;
/** Width of the timeline's PNG: sharp on a phone, small on a slow connection. */
export const TIMELINE_PNG_WIDTH = 1080;

/** The colours of the marks: red for gone, orange for close, green for later, blue for today. */
export const TIMELINE_COLOURS: Readonly<Record<TimelineRowText['mark'], string>> = {
  passed: '#c62828',
  soon: '#e65100',
  later: '#2e7d32',
  today: '#1565c0',
  entry: '#616161',
};

const PAD = 32;
const LINE_X = 56;
const DOT_R = 16;
const TEXT_X = 96;
const TEXT_WIDTH = TIMELINE_WIDTH - TEXT_X - PAD;
const ROW_GAP = 26;

/**
 * The deadline timeline as SVG: a title, the colour legend, then one row per mark from the entry
 * down to the last deadline, on a vertical line: a coloured dot (with a sign inside, so colour is
 * not the only cue), the date in big type, its label and status. Today's row is shaded blue.
 */
export function timelineSvg(text: TimelinePictureText): string {
  const parts: string[] = [];
  const title = placeText({ text: text.title, size: 40, weight: 'bold' }, PAD, PAD, TIMELINE_WIDTH - 2 * PAD);
  parts.push(title.svg);
  let y = title.bottom + 12;
  y = legend(text.legend, y, parts) + 20;

  const centres: number[] = [];
  const rows: string[] = [];
  const backgrounds: string[] = [];
  for (const row of text.rows) {
    const top = y;
    const colour = TIMELINE_COLOURS[row.mark];
    const date = placeText({ text: row.date, size: 36, weight: 'bold', color: row.mark === 'today' ? colour : '#212121', lineHeight: 1.25 }, TEXT_X, top, TEXT_WIDTH);
    const label = placeText({ text: row.label, size: 28, weight: row.mark === 'today' ? 'bold' : 'regular', color: row.mark === 'today' ? colour : '#212121' }, TEXT_X, date.bottom, TEXT_WIDTH);
    let bottom = label.bottom;
    rows.push(date.svg, label.svg);
    if (row.status) {
      const status = placeText({ text: row.status, size: 26, weight: 'bold', color: colour }, TEXT_X, bottom, TEXT_WIDTH);
      rows.push(status.svg);
      bottom = status.bottom;
    }
    if (row.note) {
      const note = placeText({ text: row.note, size: 24, color: '#424242' }, TEXT_X, bottom, TEXT_WIDTH);
      rows.push(note.svg);
      bottom = note.bottom;
    }
    const centre = top + 36 * 0.62;
    centres.push(centre);
    rows.push(dot(row.mark, centre));
    if (row.mark === 'today') {
      backgrounds.push(`<rect x="${PAD / 2}" y="${round(top - 10)}" width="${TIMELINE_WIDTH - PAD}" height="${round(bottom - top + 16)}" rx="14" fill="#e3f2fd"/>`);
    }
    y = bottom + ROW_GAP;
  }
  parts.push(...backgrounds);
  if (centres.length > 1) {
    parts.push(`<line x1="${LINE_X}" y1="${round(centres[0]!)}" x2="${LINE_X}" y2="${round(centres.at(-1)!)}" stroke="#bdbdbd" stroke-width="6"/>`);
  }
  parts.push(...rows);
  parts.push(`<line x1="${PAD}" y1="${round(y)}" x2="${TIMELINE_WIDTH - PAD}" y2="${round(y)}" stroke="#e0e0e0" stroke-width="2"/>`);
  const footer = placeText({ text: text.footer, size: 22, color: '#616161' }, PAD, y + 12, TIMELINE_WIDTH - 2 * PAD);
  parts.push(footer.svg);
  return svgDocument(TIMELINE_WIDTH, footer.bottom + PAD, parts.join(''));
}

/** The picture's words in reading order, for the PNG's text layer. */
export function timelineText(text: TimelinePictureText): string {
  const rows = text.rows.map((row) => [row.date, row.label, row.status, row.note].filter(Boolean).join(' — '));
  return [text.title, ...rows, text.footer].join('\n');
}

/** The legend's three dots and words, flowing onto a new line when they do not fit. */
function legend(words: TimelinePictureText['legend'], top: number, parts: string[]): number {
  const size = 24;
  const available = TIMELINE_WIDTH - 2 * PAD;
  let x = PAD;
  let y = top;
  for (const tone of ['passed', 'soon', 'later'] as const) {
    const width = 30 + Math.min(available - 30, textWidth(words[tone], size));
    if (x > PAD && x + width > TIMELINE_WIDTH - PAD) {
      x = PAD;
      y += size * 1.5;
    }
    parts.push(`<circle cx="${x + 11}" cy="${round(y + size * 0.62)}" r="11" fill="${TIMELINE_COLOURS[tone]}"/>`);
    parts.push(placeText({ text: words[tone], size }, x + 30, y, available - 30).svg);
    x += width + 28;
  }
  return y + size * 1.3;
}

/** A mark's dot on the line, with a white sign inside: × passed, ! soon, • later, ring for entry and today. */
function dot(mark: TimelineRowText['mark'], cy: number): string {
  const colour = TIMELINE_COLOURS[mark];
  const c = round(cy);
  const circle = `<circle cx="${LINE_X}" cy="${c}" r="${DOT_R}" fill="${colour}"/>`;
  switch (mark) {
    case 'passed': {
      const d = 6;
      return `${circle}<path d="M${LINE_X - d} ${round(cy - d)} L${LINE_X + d} ${round(cy + d)} M${LINE_X + d} ${round(cy - d)} L${LINE_X - d} ${round(cy + d)}" stroke="#ffffff" stroke-width="3.5" stroke-linecap="round"/>`;
    }
    case 'soon':
      return `${circle}<rect x="${LINE_X - 2}" y="${round(cy - 9)}" width="4" height="11" rx="2" fill="#ffffff"/><circle cx="${LINE_X}" cy="${round(cy + 6)}" r="2.3" fill="#ffffff"/>`;
    case 'later':
      return `${circle}<circle cx="${LINE_X}" cy="${c}" r="5" fill="#ffffff"/>`;
    case 'today':
    case 'entry':
      return `<circle cx="${LINE_X}" cy="${c}" r="${DOT_R}" fill="#ffffff" stroke="${colour}" stroke-width="6"/>`;
  }
}

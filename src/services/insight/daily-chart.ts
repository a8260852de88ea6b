import { LANGUAGES, type Language } from '../languages';
import { escapeXml, PICTURE_FONT_FAMILY } from '../pictures/render-png';

/** One day of the chart. */
export interface ChartDay {
  /** YYYY-MM-DD. */
  day: string;
  people: Record<Language, number>;
  unanswered: number;
}

/** The chart's words, in the reader's language. */
export interface ChartLabels {
  title: string;
  language: Record<Language, string>;
  unanswered: string;
}

const WIDTH = 900;
const HEIGHT = 460;
const PLOT = { left: 60, right: 20, top: 60, bottom: 90 };
const COLOURS: Record<Language, string> = { ru: '#1f6feb', tg: '#d1242f', en: '#1a7f37' };
const BAR_COLOUR = '#c9cdd3';

/** A round step for the y axis so that about four lines cover `max`. */
function niceStep(max: number): number {
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
}

/**
 * The trend /stats shows as a picture: people a day by language (lines) and questions the FAQ did
 * not answer (grey bars), day by day, oldest left. A pure function of the figures (tests read the
 * SVG); the bot renders it with the shared picture renderer.
 */
export function dailyChartSvg(days: readonly ChartDay[], labels: ChartLabels): string {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const max = Math.max(1, ...days.flatMap((d) => [...LANGUAGES.map((l) => d.people[l]), d.unanswered]));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const slot = plotWidth / Math.max(1, days.length);
  const x = (i: number) => PLOT.left + slot * (i + 0.5);
  const y = (v: number) => PLOT.top + plotHeight - (v / top) * plotHeight;
  const font = `font-family="${PICTURE_FONT_FAMILY}"`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="34" ${font} font-size="20" font-weight="bold" fill="#1f2328">${escapeXml(labels.title)}</text>`,
  ];
  for (let v = 0; v <= top; v += step) {
    parts.push(
      `<line x1="${PLOT.left}" y1="${y(v).toFixed(1)}" x2="${WIDTH - PLOT.right}" y2="${y(v).toFixed(1)}" stroke="#e6e8eb"/>`,
      `<text x="${PLOT.left - 8}" y="${(y(v) + 5).toFixed(1)}" ${font} font-size="13" text-anchor="end" fill="#57606a">${v}</text>`,
    );
  }
  days.forEach((d, i) => {
    const barHeight = plotHeight - (y(d.unanswered) - PLOT.top);
    if (d.unanswered > 0) {
      parts.push(`<rect class="unanswered" x="${(x(i) - slot * 0.3).toFixed(1)}" y="${y(d.unanswered).toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${BAR_COLOUR}"/>`);
    }
    // A date under every seventh day (and the last), DD.MM.
    if (i % 7 === 0 || i === days.length - 1) {
      parts.push(`<text x="${x(i).toFixed(1)}" y="${HEIGHT - PLOT.bottom + 20}" ${font} font-size="13" text-anchor="middle" fill="#57606a">${d.day.slice(8, 10)}.${d.day.slice(5, 7)}</text>`);
    }
  });
  for (const lang of LANGUAGES) {
    const points = days.map((d, i) => `${x(i).toFixed(1)},${y(d.people[lang]).toFixed(1)}`).join(' ');
    parts.push(`<polyline class="people-${lang}" points="${points}" fill="none" stroke="${COLOURS[lang]}" stroke-width="3" stroke-linejoin="round"/>`);
  }
  // The legend under the axis.
  const legend: Array<[string, string, boolean]> = [...LANGUAGES.map((l): [string, string, boolean] => [labels.language[l], COLOURS[l], false]), [labels.unanswered, BAR_COLOUR, true]];
  let lx = PLOT.left;
  const ly = HEIGHT - 30;
  for (const [text, colour, bar] of legend) {
    parts.push(
      bar
        ? `<rect x="${lx}" y="${ly - 11}" width="22" height="14" fill="${colour}"/>`
        : `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 22}" y2="${ly - 4}" stroke="${colour}" stroke-width="3"/>`,
      `<text x="${lx + 30}" y="${ly}" ${font} font-size="15" fill="#1f2328">${escapeXml(text)}</text>`,
    );
    lx += 30 + Math.max(90, text.length * 8.5) + 24;
  }
  parts.push('</svg>');
  return parts.join('\n');
}

import { deadlinesPicture, sosPicture } from '../../src/bot/render/pictures-view';
import { computeDeadlines, createWorkCalendar, decreeList, shippedDecrees } from '../../src/services/deadlines';
import { timelineEvents } from '../../src/services/pictures/deadline-timeline';
import { textWidth } from '../../src/services/pictures/render-png';
import { sosCardSvg } from '../../src/services/pictures/sos-card-svg';
import { TIMELINE_COLOURS, timelineSvg } from '../../src/services/pictures/timeline-svg';
import { testContent, testI18n } from '../helpers/harness';

/** The pictures as SVG, before rendering: their dates, colours, escaping, and lines that fit. */

const calendar = createWorkCalendar(decreeList(shippedDecrees));
const today = { year: 2026, month: 3, day: 10 };
const entryDate = { year: 2026, month: 3, day: 5 };
const tajikWorker = computeDeadlines({ citizenship: 'TJ', entryDate, purpose: 'work', patent: { issued: false }, daysSpentThisYearBeforeEntry: 0 }, today, calendar);

/** The lines of an SVG's text: each tspan with its x, font size and weight. */
function textLines(svg: string): Array<{ text: string; x: number; size: number; bold: boolean }> {
  const lines: Array<{ text: string; x: number; size: number; bold: boolean }> = [];
  for (const block of svg.matchAll(/<text ([^>]*)>(.*?)<\/text>/g)) {
    const size = Number(/font-size="([\d.]+)"/.exec(block[1]!)![1]);
    const bold = block[1]!.includes('font-weight="bold"');
    for (const span of block[2]!.matchAll(/<tspan x="([\d.]+)"[^>]*>(.*?)<\/tspan>/g)) {
      const text = span[2]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
      lines.push({ text, x: Number(span[1]), size, bold });
    }
  }
  return lines;
}

function expectLinesInside(svg: string) {
  const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
  for (const line of textLines(svg)) {
    const right = line.x + textWidth(line.text, line.size, line.bold ? 'bold' : 'regular');
    expect({ line: line.text, inside: right <= width - 20 }).toEqual({ line: line.text, inside: true });
  }
}

describe('the timeline', () => {
  it('marks entry, today and the deadlines that apply, in date order, with a tone each', () => {
    const events = timelineEvents(tajikWorker, entryDate, today);
    expect(events.map((e) => [e.kind === 'deadline' ? e.item.kind : e.kind, `${e.date.day}.${e.date.month}`, e.kind === 'deadline' ? e.tone : ''])).toEqual([
      ['entry', '5.3', ''],
      ['today', '10.3', ''],
      ['registration', '20.3', 'later'],
      ['fingerprinting-medical', '4.4', 'later'],
      ['patent-application', '4.4', 'later'],
      ['stay-limit', '2.6', 'later'],
    ]);
    const fiveDaysLater = timelineEvents(tajikWorker.map((i) => ({ ...i, daysLeft: i.daysLeft === undefined ? undefined : 5 })), entryDate, today);
    expect(fiveDaysLater.filter((e) => e.kind === 'deadline').map((e) => e.kind === 'deadline' && e.tone)).toEqual(['soon', 'soon', 'soon', 'soon']);
  });

  it('in Tajik, its SVG has the dates and labels in text, the colours of the tones, and lines that fit', async () => {
    const t = (await testI18n()).translatorFor('tg');
    const { svg } = deadlinesPicture(t, tajikWorker, entryDate, today)!;
    const lines = textLines(svg).map((l) => l.text);
    for (const date of ['5 марти соли 2026', '10 марти соли 2026', '20 марти соли 2026', '4 апрели соли 2026', '2 июни соли 2026']) expect(lines).toContain(date);
    expect(lines).toContain('Имрӯз');
    expect(lines).toContain('10 рӯз монд.');
    expect(svg).toContain(TIMELINE_COLOURS.later);
    expect(svg).toContain(TIMELINE_COLOURS.today);
    expectLinesInside(svg);
  });

  it('escapes what it draws: text is never read as markup', () => {
    const svg = timelineSvg({
      title: 'A <b> & "C"',
      legend: { passed: 'p', soon: 's', later: 'l' },
      rows: [{ mark: 'passed', date: '1 <2>', label: 'x & y' }],
      footer: 'f',
    });
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;C&quot;');
    expect(svg).toContain('x &amp; y');
    expect(svg).not.toContain('<b>');
  });

  it('draws nothing when no deadline applies', async () => {
    const t = (await testI18n()).translatorFor('en');
    const none = tajikWorker.map((item) => ({ ...item, status: 'not-applicable' as const }));
    expect(deadlinesPicture(t, none, entryDate, today)).toBeUndefined();
  });
});

describe('the SOS card', () => {
  it.each(['tg', 'en'] as const)('in %s: the Russian lines first, big, then the person’s own, every line inside the picture', async (language) => {
    const t = (await testI18n()).translatorFor(language);
    const { svg } = sosPicture(testContent(), language, t);
    const lines = textLines(svg);
    const russian = lines.findIndex((l) => l.text.startsWith('Я иностранный гражданин'));
    const own = lines.findIndex((l) => l.text === testContent().card(language, 'sos')!.title);
    expect(russian).toBeGreaterThan(0);
    expect(own).toBeGreaterThan(russian);
    expect(lines[russian]!.size).toBeGreaterThan(lines[own + 1]!.size);
    expectLinesInside(svg);
  });

  it('wraps a long line staff may write, instead of letting it run off the card', () => {
    const long = 'Хоҳиш мекунам, ки ба хешовандонам хабар диҳед, ки ман дар куҷо ҳастам '.repeat(4).trim();
    const svg = sosCardSvg({ officer: { title: 'Покажите', lines: [long] } });
    expect(textLines(svg).length).toBeGreaterThan(4);
    expectLinesInside(svg);
  });
});

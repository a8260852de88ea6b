import { writeFileSync } from 'node:fs';
import { dailyChartSvg, type ChartDay } from '../../src/services/insight';
import { missingGlyphs, renderSvgToPng } from '../../src/services/pictures/render-png';

const labels = {
  title: 'Одамон дар як рӯз аз рӯи забон ва саволҳои бе ҷавоб, 28 рӯзи охир',
  language: { ru: 'Русӣ', tg: 'Тоҷикӣ', en: 'Англисӣ' },
  unanswered: 'Саволҳои бе ҷавоб <ва> & ғайра',
};

function days(count: number): ChartDay[] {
  return Array.from({ length: count }, (_, i) => ({
    day: new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10),
    people: { ru: 20 + (i % 7) * 3, tg: 40 + i * 2, en: i % 5 },
    unanswered: (i * 7) % 11,
  }));
}

describe('the /stats chart', () => {
  it('given four weeks of figures, when drawn, then each language is one line through every day and each day with unanswered questions one bar', () => {
    const svg = dailyChartSvg(days(28), labels);
    for (const lang of ['ru', 'tg', 'en']) {
      const points = svg.match(new RegExp(`class="people-${lang}" points="([^"]+)"`))![1]!.split(' ');
      expect(points).toHaveLength(28);
    }
    expect(svg.match(/class="unanswered"/g)).toHaveLength(days(28).filter((d) => d.unanswered > 0).length);
    // Dates of every seventh day, day.month.
    expect(svg).toContain('>01.11<');
    expect(svg).toContain('>08.11<');
    expect(svg).toContain('>28.11<');
  });

  it('given labels with markup characters and Tajik letters, when drawn, then they are escaped and the shipped font has every glyph', () => {
    const svg = dailyChartSvg(days(3), labels);
    expect(svg).toContain('Саволҳои бе ҷавоб &lt;ва&gt; &amp; ғайра');
    expect(missingGlyphs([labels.title, labels.unanswered, ...Object.values(labels.language)].join(' '))).toEqual([]);
  });

  it('given no figures at all, when drawn and rendered, then it is still a picture', () => {
    const png = renderSvgToPng(dailyChartSvg(days(28).map((d) => ({ ...d, people: { ru: 0, tg: 0, en: 0 }, unanswered: 0 })), labels));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const full = renderSvgToPng(dailyChartSvg(days(28), labels));
    if (process.env.INSIGHT_CHART_OUT) writeFileSync(process.env.INSIGHT_CHART_OUT, full);
  });
});

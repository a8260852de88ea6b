import { readLocaleFiles } from '../../src/bot/i18n';
import { PICTURE_LOCALE_KEYS, plain, section, sosPicture, deadlinesPicture } from '../../src/bot/render/pictures-view';
import { SOS_CARD_ID } from '../../src/bot/render/card-view';
import { computeDeadlines, createWorkCalendar, decreeList, shippedDecrees } from '../../src/services/deadlines';
import { LANGUAGES } from '../../src/services/languages';
import { missingGlyphs } from '../../src/services/pictures/render-png';
import { testContent, testI18n } from '../helpers/harness';

/**
 * Every character that can appear in a picture is in the shipped font: a missing one would be
 * drawn as nothing (no system fonts to fall back on), silently losing a letter of a deadline or of
 * the SOS card. Tajik's ғ ӣ қ ӯ ҳ ҷ are the letters most fonts lack.
 */

/** Every string of a locale tree under `prefix` (a dotted key or a namespace), with its key. */
function stringsUnder(tree: Record<string, unknown>, prefix: string): Array<[string, string]> {
  let node: unknown = tree;
  for (const part of prefix.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const out: Array<[string, string]> = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') out.push([key, value]);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${key}.${k}`);
  };
  walk(node, prefix);
  return out;
}

const locales = readLocaleFiles();

describe('the pictures’ font covers every character they can show', () => {
  it('has every Tajik, Russian and English letter the bot writes', () => {
    expect(missingGlyphs('ҒғӢӣҚқӮӯҲҳҶҷ АаБбВвГгДдЕеЁёЖжЗзИиЙйКкЛлМмНнОоПпРрСсТтУуФфХхЦцЧчШшЩщЪъЫыЬьЭэЮюЯя A–Z a–z 0–9 № « » — – …')).toEqual([]);
  });

  it.each(LANGUAGES)('in %s: every locale string a picture uses', (language) => {
    const strings = PICTURE_LOCALE_KEYS.flatMap((prefix) => stringsUnder(locales[language], prefix));
    expect(strings.length).toBeGreaterThan(20);
    // Placeholders are filled with dates and numbers, checked below through whole pictures.
    const missing = strings.flatMap(([key, value]) => missingGlyphs(plain(value).replace(/{{[^}]*}}/g, '')).map((c) => `${key}: «${c}»`));
    expect(missing).toEqual([]);
  });

  it.each(LANGUAGES)('in %s: the SOS card’s title, lines and steps (the content the SOS picture draws)', (language) => {
    const card = testContent().card(language, SOS_CARD_ID)!;
    const { title, lines } = section(card);
    expect(missingGlyphs([title, ...lines].join('\n'))).toEqual([]);
  });

  it.each(LANGUAGES)('in %s: the words of whole pictures, dates and numbers filled in', async (language) => {
    const t = (await testI18n()).translatorFor(language);
    const calendar = createWorkCalendar(decreeList(shippedDecrees));
    const today = { year: 2026, month: 12, day: 30 };
    const texts = [sosPicture(testContent(), language, t).text!];
    // Every month, every status: overdue, today, soon, later, patent notes, provisional years.
    for (let month = 1; month <= 12; month += 1) {
      const entryDate = { year: 2026, month, day: 28 };
      for (const citizenship of ['TJ', 'OTHER_VISA_FREE'] as const) {
        const patent = { issued: true as const, paidUntil: { year: 2027, month: 1, day: 5 } };
        const items = computeDeadlines({ citizenship, entryDate, purpose: 'work', patent, daysSpentThisYearBeforeEntry: 0 }, today, calendar);
        const picture = deadlinesPicture(t, items, entryDate, today);
        if (picture) texts.push(picture.text!);
      }
    }
    expect(texts.length).toBeGreaterThan(12);
    expect(missingGlyphs(texts.join('\n'))).toEqual([]);
  });
});

import { readLocaleFiles } from '../../src/bot/i18n';
import { tajikPluralCategory } from '../../src/bot/tajik-plural';
import { LANGUAGES } from '../../src/services/languages';
import { testI18n } from '../helpers/harness';

/** Flattens a resource tree into dotted keys. */
function flatten(tree: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') Object.assign(out, flatten(value as Record<string, unknown>, path));
    else out[path] = String(value);
  }
  return out;
}

const locales = readLocaleFiles();
const flat = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(locales[l])])) as Record<(typeof LANGUAGES)[number], Record<string, string>>;
const TAJIK_LETTERS = /[ғӣқӯҳҷҒӢҚӮҲҶ]/;

describe('locale files', () => {
  it('ru, tg and en have exactly the same keys', () => {
    const keys = (l: keyof typeof flat) => Object.keys(flat[l]).sort();
    expect(keys('tg')).toEqual(keys('ru'));
    expect(keys('en')).toEqual(keys('ru'));
  });

  it('no string is empty', () => {
    for (const language of LANGUAGES) {
      const empty = Object.entries(flat[language]).filter(([, v]) => v.trim() === '').map(([k]) => k);
      expect({ language, empty }).toEqual({ language, empty: [] });
    }
  });

  it('every string uses the same interpolation variables in each language', () => {
    const variables = (s: string) => [...s.matchAll(/{{\s*(\w+)/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(flat.ru)) {
      expect({ key, tg: variables(flat.tg[key]!) }).toEqual({ key, tg: variables(flat.ru[key]!) });
      expect({ key, en: variables(flat.en[key]!) }).toEqual({ key, en: variables(flat.ru[key]!) });
    }
  });

  it('Tajik strings are written in Tajik Cyrillic, not Russian or transliteration', () => {
    const words = (v: string) => v.match(/[\p{L}]{2,}/gu) ?? [];
    // A short Tajik phrase can lack the six Tajik letters («Чунин фармон нест.»), a sentence hardly can.
    const sentences = Object.entries(flat.tg).filter(([, v]) => words(v).length >= 6);
    expect(sentences.filter(([, v]) => !TAJIK_LETTERS.test(v)).map(([k]) => k)).toEqual([]);
    // ц, щ, ы, ь are not in the Tajik alphabet: their presence means Russian text slipped in.
    // The language button is deliberately written in all three languages, so a lost reader finds it.
    const multilingual = new Set(['menu.language']);
    const russianLetters = /[цщыьЦЩЫЬ]/;
    const withRussianLetters = Object.entries(flat.tg).filter(([k, v]) => !multilingual.has(k) && russianLetters.test(v));
    expect(withRussianLetters.map(([k]) => k)).toEqual([]);
    // Nothing is merely copied from Russian.
    const copied = Object.keys(flat.tg).filter((k) => words(flat.tg[k]!).length >= 2 && flat.tg[k] === flat.ru[k]);
    expect(copied).toEqual([]);
  });

  it('HTML in locale strings uses only tags Telegram accepts', () => {
    const { findHtmlError } = jest.requireActual<typeof import('../../src/simulator/telegram-html')>('../../src/simulator/telegram-html');
    for (const language of LANGUAGES) {
      for (const [key, value] of Object.entries(flat[language])) {
        expect({ language, key, error: findHtmlError(value.replace(/{{[^}]+}}/g, 'x')) }).toEqual({ language, key, error: undefined });
      }
    }
  });
});

describe('Tajik plurals (Node Intl has no Tajik data)', () => {
  it('splits 1 from every other number', () => {
    expect([0, 1, 2, 5, 11, 21, 101, 1.5].map(tajikPluralCategory)).toEqual(['other', 'one', 'other', 'other', 'other', 'other', 'other', 'other']);
  });

  it('keeps the noun singular after any numeral', async () => {
    const t = (await testI18n()).translatorFor('tg');
    expect(t('common.days', { count: 1 })).toBe('1 рӯз');
    expect(t('common.days', { count: 5 })).toBe('5 рӯз');
    expect(t('common.days', { count: 90 })).toBe('90 рӯз');
    expect(t('common.days', { count: 21 })).not.toContain('рӯзҳо');
  });

  it('Russian and English keep their own plural rules', async () => {
    const i18n = await testI18n();
    const ru = i18n.translatorFor('ru');
    expect([1, 2, 5, 21, 22, 25, 11].map((count) => ru('common.days', { count }))).toEqual([
      '1 день', '2 дня', '5 дней', '21 день', '22 дня', '25 дней', '11 дней',
    ]);
    const en = i18n.translatorFor('en');
    expect([1, 2].map((count) => en('common.days', { count }))).toEqual(['1 day', '2 days']);
  });

  it('every plural key has the forms each language needs', () => {
    const needed = { ru: ['one', 'few', 'many', 'other'], tg: ['one', 'other'], en: ['one', 'other'] };
    const bases = new Set(Object.keys(flat.ru).filter((k) => /_(one|few|many|other)$/.test(k)).map((k) => k.replace(/_\w+$/, '')));
    expect(bases.size).toBeGreaterThan(0);
    for (const base of bases) {
      for (const language of LANGUAGES) {
        for (const form of needed[language]) expect(flat[language]).toHaveProperty([`${base}_${form}`]);
      }
    }
  });
});

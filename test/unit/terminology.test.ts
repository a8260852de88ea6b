import fs from 'node:fs';
import path from 'node:path';
import { readLocaleFiles } from '../../src/bot/i18n';
import { findTermViolations, TERMINOLOGY, variantRegex } from '../../src/content/terminology';
import { LANGUAGES, type Language } from '../../src/services/languages';

const ROOT = path.join(__dirname, '..', '..');

/** Every string in a JSON tree, with its dotted path. */
function strings(tree: unknown, prefix = ''): Array<[string, string]> {
  if (typeof tree === 'string') return [[prefix, tree]];
  if (tree && typeof tree === 'object') return Object.entries(tree).flatMap(([k, v]) => strings(v, prefix ? `${prefix}.${k}` : k));
  return [];
}

/** A violation as a readable line, so a failure names the file, the text and the rule. */
const line = (where: string, text: string, language: Language, namespace?: string) =>
  findTermViolations(text, language, namespace).map((v) => `${where}: «${v.found}» (${v.concept}: ${v.reason})`);

describe('one term per concept (GLOSSARY.md section 5)', () => {
  it('given every locale file in every language, when scanned, then no banned variant appears', () => {
    const locales = readLocaleFiles();
    const found = LANGUAGES.flatMap((language) =>
      strings(locales[language]).flatMap(([key, text]) => line(`locales/${language}/${key}`, text, language, key.split('.')[0])),
    );
    expect(found).toEqual([]);
  });

  it('given every content card, its source and the contact names, when scanned, then no banned variant appears', () => {
    const found = LANGUAGES.flatMap((language) => {
      const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'content', 'v1', `${language}.json`), 'utf8')) as { cards: Array<Record<string, unknown>>; contacts: unknown };
      // Notes for staff are not read by users and may quote the banned words they warn about.
      const cards = file.cards.map(({ staffNote: _note, ...card }) => card);
      return strings({ cards, contacts: file.contacts }).flatMap(([key, text]) => line(`content/v1/${language}.json ${key}`, text, language));
    });
    expect(found).toEqual([]);
  });

  it('given every FAQ entry, its question, answer and source in each language, when scanned, then no banned variant appears', () => {
    const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'content', 'faq', 'v1', 'faq.json'), 'utf8')) as {
      entries: Array<{ id: string; texts: Record<Language, unknown>; source: Record<Language, string> }>;
    };
    const found = file.entries.flatMap((entry) =>
      LANGUAGES.flatMap((language) =>
        strings({ texts: entry.texts[language], source: entry.source[language] }).flatMap(([key, text]) => line(`faq ${entry.id} ${language} ${key}`, text, language)),
      ),
    );
    expect(found).toEqual([]);
  });

  describe('the matcher', () => {
    it('matches Cyrillic words whole and case-insensitively, not inside other words', () => {
      expect(findTermViolations('Муҳлат. Мӯҳлат ва муҳлатҳо', 'tg').map((v) => v.found)).toEqual(['Муҳлат', 'муҳлат']);
      expect(findTermViolations('Ба ёрии таъҷилӣ занг занед', 'tg')).toHaveLength(1);
      expect(findTermViolations('бехатарӣ', 'tg')).toHaveLength(1);
      // «ст.» only as its own word: «аст.» and «рост.» end sentences in Tajik.
      expect(findTermViolations('Ин хуб аст. Ҳамин рост.', 'tg')).toEqual([]);
      expect(findTermViolations('(КоАП РФ, ст. 27.5)', 'tg').map((v) => v.found)).toEqual(['ст.']);
    });

    it('tells the bot\'s staff from a police officer', () => {
      expect(findTermViolations('Сотрудники бота ответят. Сотрудник полиции должен назвать фамилию.', 'ru')).toEqual([]);
      expect(findTermViolations('Написать сотруднику', 'ru').map((v) => v.found)).toEqual(['сотруднику']);
      expect(findTermViolations('Кормандони бот ва корманди политсия', 'tg')).toEqual([]);
      expect(findTermViolations('Ба корманд нависед', 'tg').map((v) => v.found)).toEqual(['корманд']);
      // Staff screens talk to staff about staff.
      expect(findTermViolations('Это могут делать только сотрудники.', 'ru', 'staff')).toEqual([]);
    });

    it('lets the registration procedure and the paper in brackets through, not the procedure in a list of papers', () => {
      expect(findTermViolations('шиноснома, ҳуҷҷати бақайдгирӣ (қайди муҳоҷиратӣ), патент', 'tg')).toEqual([]);
      expect(findTermViolations('ба қайди муҳоҷиратӣ гирифта шавам', 'tg')).toEqual([]);
      expect(findTermViolations('Қайди муҳоҷиратӣ: то 15.12.2026', 'tg')).toEqual([]);
      expect(findTermViolations('шиноснома, қайди муҳоҷиратӣ, патент', 'tg')).toHaveLength(1);
    });

    it('every decision names a term and gives each banned variant a reason and a valid pattern', () => {
      for (const decision of TERMINOLOGY) {
        expect(Object.keys(decision.term).length).toBeGreaterThan(0);
        for (const variants of Object.values(decision.banned)) {
          for (const variant of variants ?? []) {
            expect(variant.reason.length).toBeGreaterThan(10);
            expect(() => variantRegex(variant)).not.toThrow();
          }
        }
      }
    });
  });
});

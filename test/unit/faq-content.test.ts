import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContentError } from '../../src/content/loader';
import { FAQ_CATEGORIES, MAX_QUESTION_LENGTH, sourceFor } from '../../src/services/faq/faq-schema';
import { loadShippedFaq, SHIPPED_FAQ_FILE } from '../../src/services/faq/shipped-faq';
import { LANGUAGES } from '../../src/services/languages';
import { testContent } from '../helpers/harness';
import { normalizePhone } from '../../src/content/phone-numbers';

const verified = new Set(testContent().allContacts().filter((c) => c.status === 'verified').flatMap((c) => c.phones.map(normalizePhone)));
/** The shipped file as plain JSON, to break on purpose. */
interface RawFaqFile {
  entries: Array<{ id: string; category: string; verifiedAt?: string; texts: Partial<Record<string, { answer: string }>> }>;
}
const raw = JSON.parse(fs.readFileSync(SHIPPED_FAQ_FILE, 'utf8')) as RawFaqFile;

function withFile(content: unknown, run: (file: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faq-'));
  const file = path.join(dir, 'faq.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  try {
    run(file);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
}

describe('the shipped FAQ', () => {
  const entries = loadShippedFaq(verified);

  it('given the shipped file, when the bot starts, then every entry is valid, in all three languages, with a source per language and a fact-sheet date or none', () => {
    expect(entries.length).toBeGreaterThanOrEqual(10);
    for (const { id, data } of entries) {
      for (const lang of LANGUAGES) {
        expect(data.texts[lang]?.question.length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
        expect(sourceFor(data, lang).trim()).not.toBe('');
        // Internal notes for staff never reach users through the source line.
        expect({ id, lang, internalNote: /CONTENT-SOURCES|проверять|staff check|awaiting/i.test(sourceFor(data, lang)) }).toEqual({ id, lang, internalNote: false });
      }
      expect([null, '2026-11-24']).toContain(data.verifiedAt);
      // An entry without a checked date tells staff what to check.
      if (data.verifiedAt === null) expect({ id, note: typeof data.staffNote }).toEqual({ id, note: 'string' });
    }
    // Tajik and English readers get their own source, not the Russian one.
    for (const { data } of entries) {
      expect(sourceFor(data, 'tg')).not.toBe(sourceFor(data, 'ru'));
      expect(sourceFor(data, 'en')).not.toBe(sourceFor(data, 'ru'));
    }
    expect(new Set(entries.map((e) => e.data.category))).toEqual(new Set(FAQ_CATEGORIES));
  });

  it('given a Tajik reader, when they read any entry, then it is Tajik Cyrillic with polite forms', () => {
    for (const { id, data } of entries) {
      // Official links («сервисы.гувм.мвд.рф») are Russian by nature.
      const text = `${data.texts.tg!.question} ${data.texts.tg!.answer}`.replace(/https?:\/\/\S+/g, '');
      expect({ id, tajik: /[ғӣқӯҳҷ]/.test(text) }).toEqual({ id, tajik: true });
      expect({ id, russianLetters: /[цщыь]/i.test(text) }).toEqual({ id, russianLetters: false });
      expect({ id, familiar: /\bту\b/i.test(text) }).toEqual({ id, familiar: false });
    }
  });

  it('given the entries, when positioned, then each topic is numbered in file order', () => {
    const police = entries.filter((e) => e.data.category === 'police').map((e) => [e.id, e.data.position]);
    expect(police).toEqual([['police-stop', 1], ['police-detention', 2]]);
  });

  it('given an entry with a phone number that is not a verified registry number, when loading, then start-up stops naming it', () => {
    const broken = structuredClone(raw);
    broken.entries[0]!.texts.en!.answer += ' Call +7 (999) 123-45-67.';
    withFile(broken, (file) => {
      expect(() => loadShippedFaq(verified, file)).toThrow(ContentError);
      expect(() => loadShippedFaq(verified, file)).toThrow(/entry "stay-90-days": texts\.en: phone number "\+7 \(999\) 123-45-67"/);
    });
  });

  it('given a missing translation, an unknown category, a duplicate id or bad JSON, when loading, then each is reported', () => {
    const broken = structuredClone(raw);
    delete broken.entries[1]!.texts.tg;
    broken.entries[2]!.category = 'weather';
    broken.entries[3]!.verifiedAt = '2026-02-30';
    withFile(broken, (file) => {
      const message = (() => {
        try {
          loadShippedFaq(verified, file);
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(message).toMatch(/entries\.1\.texts\.tg/);
      expect(message).toMatch(/entries\.2\.category/);
      expect(message).toMatch(/entries\.3\.verifiedAt/);
    });
    const duplicate = structuredClone(raw);
    duplicate.entries[1]!.id = duplicate.entries[0]!.id;
    withFile(duplicate, (file) => expect(() => loadShippedFaq(verified, file)).toThrow(/duplicate id/));
    withFile('{ not json', (file) => expect(() => loadShippedFaq(verified, file)).toThrow(/cannot read the file as JSON/));
  });
});

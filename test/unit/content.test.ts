import { HANDOFF_HOURS_CARD_ID } from '../../src/bot/render/handoff-view';
/**
 * The sourced legal content: what a migrant sees when stopped, detained or looking for a number.
 * These tests guard the promises made in shared/CONTENT-SOURCES.md: every card is sourced and dated,
 * every phone number shown anywhere is one staff verified, unverified slots stay hidden, and a broken
 * edit stops the bot with a message that points at the exact file, card and field.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LANGUAGES, type Language } from '../../src/services/languages';
import { ACTIONS, ContentError, loadContent, type ContentLibrary } from '../../src/content/loader';
import { findPhoneNumbers, normalizePhone } from '../../src/content/phone-numbers';

const CONTENT_DIR = path.join(__dirname, '..', '..', 'content');
const LOCALES_DIR = path.join(__dirname, '..', '..', 'locales');

const REQUIRED_CARDS = [
  'rights.police.stop',
  'rights.police.after',
  'rights.detained',
  'rights.detained.relatives',
  'rights.raid',
  'documents.carry',
  'documents.register',
  'documents.entry-ban',
  'documents.amina',
  'contacts.hotlines',
  'sos',
] as const;

/** The numbers listed as checked in CONTENT-SOURCES.md; a new one must be added there first. */
const SOURCED_PHONES = ['112', '102', '74959679844', '79660312222', '79361741992', '79263115253'];

const TAJIK_LETTERS = /[ғӣқӯҳҷҒӢҚӮҲҶ]/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

/** Every string value in a JSON document, with a path to report it by. */
function stringsIn(value: Json, where: string): Array<{ where: string; text: string }> {
  if (typeof value === 'string') return [{ where, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsIn(item, `${where}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringsIn(item, `${where}.${key}`));
  }
  return [];
}

function jsonFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFilesUnder(full);
    return entry.isFile() && entry.name.endsWith('.json') ? [full] : [];
  });
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A writable copy of the shipped content in a temp dir, to break on purpose. */
function copyContent(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'content-test-'));
  tempDirs.push(root);
  const dir = path.join(root, 'content');
  fs.cpSync(CONTENT_DIR, dir, { recursive: true });
  return dir;
}

type CardJson = Record<string, Json> & { id: string };
type LanguageJson = { cards: CardJson[]; contacts: Record<string, Json> } & Record<string, Json>;

function editLanguageFile(dir: string, lang: Language, edit: (file: LanguageJson) => void): void {
  const file = path.join(dir, 'v1', `${lang}.json`);
  const data = readJson(file) as unknown as LanguageJson;
  edit(data);
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
}

function cardIn(file: LanguageJson, id: string): CardJson {
  const card = file.cards.find((c) => c.id === id);
  if (card === undefined) throw new Error(`test setup: no card ${id}`);
  return card;
}

/** The ContentError thrown by loading `dir`; fails the test when loading succeeds. */
function loadError(dir: string): ContentError {
  try {
    loadContent(dir);
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error('expected loadContent to throw a ContentError');
}

describe('sourced content', () => {
  let library: ContentLibrary;
  const verifiedPhones = new Set<string>();

  beforeAll(() => {
    library = loadContent(CONTENT_DIR);
    for (const contact of library.allContacts()) {
      if (contact.status === 'verified') contact.phones.forEach((p) => verifiedPhones.add(normalizePhone(p)));
    }
  });

  describe('the shipped files', () => {
    it('given the shipped content, when the bot starts, then it loads with every required card in every language', () => {
      expect(library.cardIds()).toEqual(expect.arrayContaining([...REQUIRED_CARDS]));
      for (const lang of LANGUAGES) {
        for (const id of REQUIRED_CARDS) expect(library.card(lang, id)).toBeDefined();
      }
    });

    it('given any card in any language, when it is shown, then it carries a source and a real check date', () => {
      for (const lang of LANGUAGES) {
        for (const id of library.cardIds()) {
          const card = library.card(lang, id);
          expect(card?.source.trim().length).toBeGreaterThan(0);
          // A date, or none at all while the fact sheet has none (then staff are told what to check).
          if (card?.verifiedAt === null) expect({ id, lang, note: typeof card.staffNote }).toEqual({ id, lang, note: 'string' });
          else expect(Number.isNaN(Date.parse(card?.verifiedAt ?? ''))).toBe(false);
          // Internal notes never reach users through the source line.
          expect({ id, lang, internalNote: /CONTENT-SOURCES|staff check|ждут проверки|awaiting/i.test(card?.source ?? '') }).toEqual({ id, lang, internalNote: false });
        }
      }
    });

    // The police and detention rows of CONTENT-SOURCES.md have no checked date; the entry-ban row is "needs staff check".
    const UNDATED_CARDS = new Set(['rights.police.stop', 'rights.police.after', 'rights.detained', 'rights.detained.relatives', 'rights.raid', 'documents.entry-ban', 'sos']);

    it('given the fact sheet, when a card cites it, then the date is the one in CONTENT-SOURCES.md, or none where the sheet has none', () => {
      for (const lang of LANGUAGES) {
        // The staff's hours card is the staff's own statement, dated when they wrote it.
        for (const id of library.cardIds().filter((c) => c !== HANDOFF_HOURS_CARD_ID)) {
          expect({ id, date: library.card(lang, id)?.verifiedAt }).toEqual({ id, date: UNDATED_CARDS.has(id) ? null : '2026-11-24' });
        }
      }
    });

    it('given a card, when it is read in Russian, Tajik or English, then it has the same buttons and contacts', () => {
      for (const id of library.cardIds()) {
        const ru = library.card('ru', id);
        for (const lang of LANGUAGES) {
          const card = library.card(lang, id);
          expect(card?.buttons?.map((b) => b.goto)).toEqual(ru?.buttons?.map((b) => b.goto));
          expect(card?.contacts).toEqual(ru?.contacts);
          expect(card?.topic).toBe(ru?.topic);
        }
      }
    });

    it('given a migrant stopped by police, when they open the card, then it leads to detention and after-check cards', () => {
      expect(library.card('en', 'rights.police.stop')?.buttons?.map((b) => b.goto)).toEqual([
        'rights.detained',
        'rights.police.after',
      ]);
      expect(library.card('en', 'rights.police.after')?.buttons?.map((b) => b.goto)).toEqual(['action:hotlines']);
      expect(library.card('en', 'rights.detained')?.buttons?.map((b) => b.goto)).toEqual([
        'action:hotlines',
        'rights.detained.relatives',
        'sos',
      ]);
      expect(library.card('en', 'rights.raid')?.buttons?.map((b) => b.goto)).toEqual(['rights.detained', 'documents.carry']);
      expect(library.card('en', 'documents.carry')?.buttons?.map((b) => b.goto)).toEqual([
        'action:calculator',
        'documents.register',
      ]);
      expect(library.card('en', 'documents.register')?.buttons?.map((b) => b.goto)).toEqual(['documents.entry-ban']);
    });

    it('given every button, when it is tapped, then it opens an existing card or a known action', () => {
      const targets = new Set<string>([...library.cardIds(), ...ACTIONS]);
      for (const lang of LANGUAGES) {
        for (const id of library.cardIds()) {
          for (const button of library.card(lang, id)?.buttons ?? []) {
            expect(targets.has(button.goto)).toBe(true);
            expect(button.label.length).toBeLessThanOrEqual(40);
          }
        }
      }
    });

    it('given the detention card, when read in any language, then every right cites its article', () => {
      for (const lang of LANGUAGES) {
        const card = library.card(lang, 'rights.detained');
        const text = [card?.body ?? '', ...(card?.steps ?? [])].join('\n');
        for (const article of ['27.4', '27.5', '24.2', '25.1', '25.5', '51']) expect(text).toContain(article);
        expect(text).toMatch(/\b3\b/);
        expect(text).toMatch(/\b48\b/);
      }
    });

    it('given the SOS card, when shown to an officer, then every language cites the same articles line by line', () => {
      const lineCounts = LANGUAGES.map((lang) => library.card(lang, 'sos')?.body.split('\n').length);
      expect(new Set(lineCounts).size).toBe(1);
      for (const lang of LANGUAGES) {
        const body = library.card(lang, 'sos')?.body ?? '';
        for (const article of ['24.2', '25.1', '25.5', '14', '51']) expect(body).toContain(article);
      }
    });

    it('given the entry-ban card, when shown, then it links the MVD check service and names no ban length', () => {
      for (const lang of LANGUAGES) {
        const card = library.card(lang, 'documents.entry-ban');
        expect(card?.body).toContain('https://сервисы.гувм.мвд.рф/info-service.htm?sid=3000');
        // The length of the ban is marked "needs staff check" in CONTENT-SOURCES.md.
        expect(card?.body).not.toMatch(/\b(5|10)\b/);
      }
    });

    it('given a Tajik speaker, when they read any card, then it is written in Tajik Cyrillic', () => {
      for (const id of library.cardIds()) {
        const card = library.card('tg', id);
        expect(`${card?.title ?? ''}\n${card?.body ?? ''}`).toMatch(TAJIK_LETTERS);
      }
    });
  });

  describe('phone numbers', () => {
    it('given the registry, when counted, then the verified numbers are exactly those in CONTENT-SOURCES.md', () => {
      expect([...verifiedPhones].sort()).toEqual([...SOURCED_PHONES].sort());
    });

    it('given any text in content/v1, when scanned for phone numbers, then each one is a verified registry number', () => {
      const unknown: string[] = [];
      for (const file of jsonFilesUnder(path.join(CONTENT_DIR, 'v1'))) {
        for (const { where, text } of stringsIn(readJson(file), path.basename(file))) {
          for (const phone of findPhoneNumbers(text)) {
            if (!verifiedPhones.has(normalizePhone(phone))) unknown.push(`${where}: ${phone}`);
          }
        }
      }
      expect(unknown).toEqual([]);
    });

    it('given any text in locales/, when scanned for phone numbers, then each one is a verified registry number', () => {
      const unknown: string[] = [];
      for (const file of jsonFilesUnder(LOCALES_DIR)) {
        for (const { where, text } of stringsIn(readJson(file), path.relative(LOCALES_DIR, file))) {
          for (const phone of findPhoneNumbers(text)) {
            if (!verifiedPhones.has(normalizePhone(phone))) unknown.push(`${where}: ${phone}`);
          }
        }
      }
      expect(unknown).toEqual([]);
    });

    it('given the usual spellings of a number, when scanned, then each is found and normalized the same way', () => {
      expect(findPhoneNumbers('Call 112 or 102.')).toEqual(['112', '102']);
      expect(findPhoneNumbers('Рақами 112-ро нигоҳ доред')).toEqual(['112']);
      for (const spelling of ['+7 (495) 967-98-44', '8 495 967 98 44', '8(495)9679844', '+74959679844', '(495) 967-98-44']) {
        const found = findPhoneNumbers(`тел.: ${spelling}, звоните`);
        expect(found).toHaveLength(1);
        expect(normalizePhone(found[0] ?? '')).toBe('74959679844');
      }
      expect(findPhoneNumbers('+992 37 000-00-00')).toHaveLength(1);
      expect(findPhoneNumbers('967-98-44')).toEqual(['967-98-44']);
    });

    it('given law numbers, articles, dates, sums and URLs, when scanned, then none is taken for a phone number', () => {
      const text =
        '115-ФЗ, ст. 31.1–31.2; 114-FZ art. 27; КоАП ст. 27.5, 24.2; 27.11.2025; 2026-11-24; 9:00–18:00; ' +
        '1 200 ₽; 120 000 ₽; до 48 часов; sid=3000; мвд.рф/news/item/60921551';
      expect(findPhoneNumbers(text)).toEqual([]);
    });
  });

  describe('contacts', () => {
    it('given unverified slots (embassy, consulates, NGO, lawyers), when contacts are listed, then they are hidden', () => {
      const unverified = library.allContacts().filter((c) => c.status === 'unverified');
      expect(unverified.map((c) => c.kind)).toEqual(expect.arrayContaining(['embassy', 'consulate', 'ngo', 'lawyer']));
      for (const slot of unverified) {
        expect(slot.phones).toEqual([]);
        expect(slot.verifiedAt).toBeNull();
      }
      for (const lang of LANGUAGES) {
        const shown = library.contacts(lang).map((c) => c.id);
        for (const slot of unverified) expect(shown).not.toContain(slot.id);
        expect(library.contacts(lang, unverified.map((c) => c.id))).toEqual([]);
      }
    });

    it('given the hotlines card, when its contacts are listed, then all verified contacts appear in registry order', () => {
      const verified = library.allContacts().filter((c) => c.status === 'verified').map((c) => c.id);
      expect(library.card('ru', 'contacts.hotlines')?.contacts).toEqual(verified);
      expect(library.contacts('ru', library.card('ru', 'contacts.hotlines')?.contacts).map((c) => c.id)).toEqual(verified);
    });

    it('given a Tajik speaker, when the ministry hotline is listed, then it is named in Tajik and flagged as often unanswered', () => {
      const [hotline] = library.contacts('tg', ['tj-ministry-hotline']);
      expect(hotline?.name).toMatch(TAJIK_LETTERS);
      expect(hotline?.note).toContain('9:00');
      expect(hotline?.knownUnanswered).toBe(true);
      expect(hotline?.phones).toEqual(['+7 (495) 967-98-44']);
      expect(hotline?.verifiedAt).toBe('2026-11-24');
    });

    it('given the relatives card, when its contacts are listed, then only the ministry representatives appear', () => {
      const ids = library.card('en', 'rights.detained.relatives')?.contacts;
      expect(library.contacts('en', ids).map((c) => c.kind)).toEqual(['ministry', 'ministry', 'ministry']);
    });
  });

  describe('a broken edit', () => {
    it('given a card without a source, when loading, then ContentError names the file, card and field', () => {
      const dir = copyContent();
      editLanguageFile(dir, 'ru', (file) => {
        delete cardIn(file, 'rights.raid').source;
      });
      const error = loadError(dir);
      expect(error.code).toBe('CONTENT_INVALID');
      expect(error.message).toContain('v1/ru.json: card "rights.raid": source: required');
    });

    it('given an impossible date, when loading, then ContentError says a YYYY-MM-DD date is expected', () => {
      const dir = copyContent();
      editLanguageFile(dir, 'tg', (file) => {
        cardIn(file, 'rights.detained').verifiedAt = '2026-02-30';
      });
      expect(loadError(dir).message).toContain('v1/tg.json: card "rights.detained": verifiedAt: expected a date YYYY-MM-DD');
    });

    it('given a button to a card that does not exist, when loading, then ContentError names the button', () => {
      const dir = copyContent();
      editLanguageFile(dir, 'en', (file) => {
        const buttons = cardIn(file, 'rights.police.stop').buttons as Array<Record<string, Json>>;
        buttons[1] = { label: 'Nowhere', goto: 'rights.nowhere' };
      });
      const message = loadError(dir).message;
      expect(message).toContain('v1/en.json: card "rights.police.stop": buttons[1].goto: unknown target "rights.nowhere"');
    });

    it('given a card missing from the Tajik file, when loading, then ContentError names the file and the card', () => {
      const dir = copyContent();
      editLanguageFile(dir, 'tg', (file) => {
        file.cards = file.cards.filter((card) => card.id !== 'rights.detained.relatives');
      });
      const message = loadError(dir).message;
      expect(message).toContain('v1/tg.json: card "rights.detained.relatives": id: card missing');
    });

    it('given an unverified phone number typed into a card, when loading, then ContentError rejects it', () => {
      const dir = copyContent();
      editLanguageFile(dir, 'ru', (file) => {
        const card = cardIn(file, 'contacts.hotlines');
        card.body = `${card.body as string}\nСкорая помощь: 103.`;
      });
      expect(loadError(dir).message).toContain('v1/ru.json: card "contacts.hotlines": body: phone number "103"');
    });

    it('given a contact without a Tajik name, when loading, then ContentError names the contact', () => {
      const dir = copyContent();
      editLanguageFile(dir, 'tg', (file) => {
        delete file.contacts['tj-ministry-volga'];
      });
      expect(loadError(dir).message).toContain('v1/tg.json: contact "tj-ministry-volga": name: required');
    });

    it('given a too-long label, HTML in a body and an unknown field, when loading, then each is reported', () => {
      const dir = copyContent();
      editLanguageFile(dir, 'en', (file) => {
        const card = cardIn(file, 'rights.detained');
        (card.buttons as Array<Record<string, Json>>)[0] = { label: 'x'.repeat(41), goto: 'action:hotlines' };
        card.body = '<b>Stay calm</b>';
        card.colour = 'red';
      });
      const message = loadError(dir).message;
      expect(message).toContain('card "rights.detained": buttons[0].label: must be at most 40 characters');
      expect(message).toContain('card "rights.detained": body: must be plain text');
      expect(message).toContain('card "rights.detained": Unrecognized key: "colour"');
    });

    it('given a body and steps longer than 3000 characters, when loading, then ContentError rejects the card', () => {
      const dir = copyContent();
      editLanguageFile(dir, 'ru', (file) => {
        cardIn(file, 'documents.amina').body = 'а'.repeat(3001);
      });
      expect(loadError(dir).message).toContain('card "documents.amina": body: body and steps together are');
    });

    it('given a verified contact without a date, when loading, then ContentError names contacts.json and the contact', () => {
      const dir = copyContent();
      const file = path.join(dir, 'contacts.json');
      const data = readJson(file) as { contacts: Array<Record<string, Json>> };
      const police = data.contacts.find((c) => c.id === 'police');
      if (police) police.verifiedAt = null;
      fs.writeFileSync(file, JSON.stringify(data));
      expect(loadError(dir).message).toContain('contacts.json: contact "police": verifiedAt:');
    });

    it('given two cards swapped in the English file, when loading, then ContentError reports the order once', () => {
      const dir = copyContent();
      editLanguageFile(dir, 'en', (file) => {
        const [first, second, ...rest] = file.cards;
        if (first && second) file.cards = [second, first, ...rest];
      });
      const problems = loadError(dir).problems.filter((p) => p.includes('position'));
      expect(problems).toEqual([expect.stringContaining('v1/en.json: card "rights.police.after": position: out of order')]);
    });

    it('given a file that is not JSON, when loading, then ContentError names the file', () => {
      const dir = copyContent();
      fs.writeFileSync(path.join(dir, 'v1', 'en.json'), '{ "cards": [');
      expect(loadError(dir).message).toMatch(/v1\/en\.json: cannot read the file as JSON/);
    });
  });
});

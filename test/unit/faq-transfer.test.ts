import { applyImport, EXPORT_FORMAT, type ContentExport, exportContent, type ImportProblem, parseExport, planImport, type TransferCollection } from '../../src/services/staff/content-transfer';
import type { FaqEntry } from '../../src/services/faq/faq-schema';
import type { CardDocument } from '../../src/services/content-store/content-rules';
import type { Revision, SaveResult } from '../../src/storage/versioned-store';
import { testContent } from '../helpers/harness';

/** An in-memory collection with the store's version rule. */
function memory<T>(docs: Array<{ id: string; data: T; deleted?: boolean }>, canCreate: boolean): TransferCollection<T> & { docs: Map<string, Revision<T>> } {
  const map = new Map(docs.map((d): [string, Revision<T>] => [d.id, { by: 'system', at: '', id: d.id, version: 1, action: 'seed', deleted: d.deleted ?? false, changes: [], data: d.data }]));
  const write = (id: string, version: number, data: T, deleted: boolean): SaveResult<T> => {
    const doc = { by: 1, at: '', id, version, action: 'import', deleted, changes: [], data } as Revision<T>;
    map.set(id, doc);
    return { ok: true, doc };
  };
  return {
    docs: map,
    all: () => [...map.values()],
    get: (id) => map.get(id),
    ...(canCreate ? { create: async (id: string, data: T) => (map.has(id) ? { ok: false, reason: 'conflict', conflict: map.get(id)! } : write(id, 1, data, false)) } : {}),
    replace: async (id, expected, data, deleted) => {
      const current = map.get(id);
      if (!current) return { ok: false, reason: 'missing' };
      if (current.version !== expected) return { ok: false, reason: 'conflict', conflict: current };
      return write(id, expected + 1, data, deleted);
    },
  };
}

const entry = (question: string): FaqEntry => ({
  category: 'work', position: 1, hidden: false, texts: { en: { question, answer: 'An answer.' } }, source: 'law', verifiedAt: '2026-11-24',
});
const content = testContent();
const card = (id: string): CardDocument => ({ cards: { ru: content.card('ru', id)!, tg: content.card('tg', id)!, en: content.card('en', id)! } });

describe('export and import planning', () => {
  it('given an export, when planned against the same content, then nothing changes', () => {
    const sources = { faq: memory([{ id: 'a', data: entry('A?') }], true), cards: memory([{ id: 'sos', data: card('sos') }], false) };
    const file = parseExport(JSON.stringify(exportContent(sources, new Date(0))));
    if (!file.ok) throw new Error(JSON.stringify(file.problems));
    const plan = planImport(file.value, sources);
    expect(plan).toEqual({ changes: [], unchanged: 2, problems: [] });
  });

  it('given new, edited, deleted and restored entries, when planned and applied, then each change is made once and conflicts are kept', async () => {
    const faq = memory([{ id: 'a', data: entry('A?') }, { id: 'b', data: entry('B?') }, { id: 'c', data: entry('C?'), deleted: true }, { id: 'd', data: entry('D?') }], true);
    const file: ContentExport = {
      format: EXPORT_FORMAT, schemaVersion: 1,
      faq: [
        { id: 'a', data: entry('A edited?') },
        { id: 'b', deleted: true, data: entry('B?') },
        { id: 'c', deleted: false, data: entry('C?') },
        { id: 'new-one', data: entry('New?') },
        { id: 'd', data: entry('D edited?') },
      ],
    };
    const plan = planImport(file, { faq });
    expect(plan.changes.map((c) => [c.id, c.change])).toEqual([['a', 'update'], ['b', 'delete'], ['c', 'restore'], ['new-one', 'create'], ['d', 'update']]);
    await faq.replace('d', 1, entry('D changed meanwhile?'), false, 2);
    const outcome = await applyImport(plan, { faq }, 7);
    expect(outcome).toEqual({ applied: 4, conflicts: [{ kind: 'faq', id: 'd' }] });
    expect(faq.get('d')!.data.texts.en!.question).toBe('D changed meanwhile?');
    expect(faq.get('b')!.deleted).toBe(true);
  });

  it('given a card that does not exist, a duplicate id, or a card with an unverified phone, when planned, then the import is refused', () => {
    const cards = memory([{ id: 'sos', data: card('sos') }], false);
    const broken = card('sos');
    broken.cards.en = { ...broken.cards.en, body: `${broken.cards.en.body}\nCall +7 (999) 123-45-67.` };
    const plan = planImport(
      { format: EXPORT_FORMAT, schemaVersion: 1, faq: [{ id: 'x', data: entry('X?') }, { id: 'x', data: entry('X?') }], cards: [{ id: 'made-up', data: card('sos') }, { id: 'sos', data: broken }] },
      { faq: memory([], true), cards, contacts: memory([], false) },
    );
    expect(plan.problems).toEqual(
      expect.arrayContaining([
        { where: { kind: 'faq', id: 'x' }, problem: { key: 'import-twice' } },
        { where: { kind: 'card', id: 'made-up' }, problem: { key: 'import-unknown-id' } },
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
        { where: { kind: 'card', id: 'sos', language: 'en' }, problem: { key: 'unregistered-phone', values: { phone: expect.any(String) } } },
      ]),
    );
  });

  it('given FAQ changes without live contacts, when planned, then phone numbers are checked against the shipped registry', () => {
    const file: ContentExport = { format: EXPORT_FORMAT, schemaVersion: 1, faq: [{ id: 'a', data: { ...entry('A?'), texts: { en: { question: 'A?', answer: 'Call 112.' } } } }] };
    expect(planImport(file, { faq: memory([], true), verifiedPhones: () => new Set(['112']) }).problems).toEqual([]);
    expect(planImport(file, { faq: memory([], true), verifiedPhones: () => new Set() }).problems).toHaveLength(1);
  });

  it('given files that are not exports, when parsed, then the reason names the field', () => {
    expect(parseExport('{')).toMatchObject({ ok: false });
    const wrong = parseExport(JSON.stringify({ format: EXPORT_FORMAT, schemaVersion: 1, faq: [{ id: 'a', data: { ...entry('A?'), category: 'weather' } }] }));
    expect(wrong).toMatchObject({ ok: false });
    expect((wrong as { problems: ImportProblem[] }).problems).toEqual([
      { problem: { key: 'invalid', values: { field: 'faq.0.data.category', reason: 'not-allowed', allowed: 'stay, work, police, checks, safety' } } },
    ]);
  });
});

/**
 * Export of all editable content (FAQ, cards, contacts) as one JSON document, and import of such a
 * document back: validated with zod, compared with what is stored (a plan staff confirm), then
 * applied with optimistic concurrency, so an edit made between the summary and the confirmation is
 * never overwritten.
 */
import { z } from 'zod';
import { unverifiedPhones, verifiedPhoneSet } from '../../content/phone-numbers';
import { cardSchema, contactRecordSchema, contactTextSchema } from '../../content/schema';
import { fingerprint, type Actor, type Revision, type SaveResult } from '../../storage/versioned-store';
import {
  checkCard,
  checkContact,
  invalidProblem,
  type CardDocument,
  type ContactDocument,
  type ContentProblem,
} from '../content-store/content-rules';
import { FAQ_ID_PATTERN, faqEntrySchema, type FaqEntry } from '../faq/faq-schema';
import { LANGUAGES, type Language } from '../languages';

/** Marks the file as ours. */
export const EXPORT_FORMAT = 'migrant-help-bot/content';

const versioned = <T extends z.ZodType>(id: z.ZodType<string>, data: T) =>
  z.strictObject({ id, version: z.number().int().min(1).optional(), deleted: z.boolean().optional(), data });

const cardId = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,50}$/);

/** The export / import document. */
export const contentExportSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  schemaVersion: z.literal(1),
  exportedAt: z.string().optional(),
  faq: z.array(versioned(z.string().regex(FAQ_ID_PATTERN), faqEntrySchema)),
  cards: z.array(versioned(cardId, z.strictObject({ cards: z.strictObject({ ru: cardSchema, tg: cardSchema, en: cardSchema }) }))).optional(),
  contacts: z
    .array(
      versioned(
        cardId,
        z.strictObject({
          record: contactRecordSchema,
          texts: z.strictObject({ ru: contactTextSchema.optional(), tg: contactTextSchema.optional(), en: contactTextSchema.optional() }),
        }),
      ),
    )
    .optional(),
});

/** A parsed export document. */
export type ContentExport = z.infer<typeof contentExportSchema>;

/** Which collection a document belongs to. */
export type ContentKind = 'faq' | 'card' | 'contact';

/** Read and write access to one collection, as the transfer needs it. */
export interface TransferCollection<T> {
  all(): Revision<T>[];
  get(id: string): Revision<T> | undefined;
  create?(id: string, data: T, by: Actor): Promise<SaveResult<T>>;
  replace(id: string, expectedVersion: number, data: T, deleted: boolean, by: Actor): Promise<SaveResult<T>>;
}

/** The collections content moves between. Cards and contacts are absent without live content. */
export interface TransferSources {
  faq: TransferCollection<FaqEntry>;
  cards?: TransferCollection<CardDocument>;
  contacts?: TransferCollection<ContactDocument>;
  /** The verified phone numbers when contacts are not part of the transfer (FAQ texts are checked against them). */
  verifiedPhones?: () => ReadonlySet<string>;
}

/** One change an import would make. */
export interface PlannedChange {
  kind: ContentKind;
  id: string;
  change: 'create' | 'update' | 'delete' | 'restore';
  /** The version the plan was made against (0 for a new document). */
  baseVersion: number;
  deleted: boolean;
  data: unknown;
}

/** Why (part of) a file cannot be imported: where in the file, and a problem staff read translated. */
export interface ImportProblem {
  where?: { kind?: ContentKind; id?: string; language?: Language };
  problem: ContentProblem;
}

/** What an import would do, for staff to confirm. */
export interface ImportPlan {
  changes: PlannedChange[];
  unchanged: number;
  /** Why the file cannot be imported at all; empty when it can. */
  problems: ImportProblem[];
}

/** Builds the export document. */
export function exportContent(sources: TransferSources, now: Date): ContentExport {
  const rows = <T>(collection?: TransferCollection<T>) =>
    (collection?.all() ?? [])
      .slice()
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((doc) => ({ id: doc.id, version: doc.version, deleted: doc.deleted, data: doc.data }));
  return {
    format: EXPORT_FORMAT,
    schemaVersion: 1,
    exportedAt: now.toISOString(),
    faq: rows(sources.faq),
    ...(sources.cards ? { cards: rows(sources.cards) } : {}),
    ...(sources.contacts ? { contacts: rows(sources.contacts) } : {}),
  };
}

/** Parses an uploaded file; the problems name the field. */
export function parseExport(text: string): { ok: true; value: ContentExport } | { ok: false; problems: ImportProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problems: [{ problem: { key: 'import-not-json' } }] };
  }
  const parsed = contentExportSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problems: parsed.error.issues.slice(0, 10).map((issue) => ({ problem: invalidProblem(issue, 'file') })) };
}

/**
 * Compares an import with what is stored. Documents missing from the file stay as they are; cards
 * and contacts cannot be created by import (the guided dialogues know only the shipped ones).
 */
export function planImport(file: ContentExport, sources: TransferSources): ImportPlan {
  const plan: ImportPlan = { changes: [], unchanged: 0, problems: [] };
  const compare = <T>(kind: ContentKind, collection: TransferCollection<T> | undefined, rows: ContentExport['faq'] | undefined) => {
    if (!rows) return;
    if (!collection) {
      if (rows.length > 0) plan.problems.push({ where: { kind }, problem: { key: 'import-cannot-edit' } });
      return;
    }
    const seen = new Set<string>();
    for (const row of rows as Array<{ id: string; deleted?: boolean; data: T }>) {
      if (seen.has(row.id)) plan.problems.push({ where: { kind, id: row.id }, problem: { key: 'import-twice' } });
      seen.add(row.id);
      const current = collection.get(row.id);
      const deleted = row.deleted ?? false;
      if (!current) {
        if (!collection.create) plan.problems.push({ where: { kind, id: row.id }, problem: { key: 'import-unknown-id' } });
        else if (!deleted) plan.changes.push({ kind, id: row.id, change: 'create', baseVersion: 0, deleted, data: row.data });
        continue;
      }
      const sameData = fingerprint(current.data) === fingerprint(row.data);
      if (sameData && current.deleted === deleted) {
        plan.unchanged += 1;
        continue;
      }
      const change = !sameData ? 'update' : deleted ? 'delete' : 'restore';
      plan.changes.push({ kind, id: row.id, change, baseVersion: current.version, deleted, data: row.data });
    }
  };
  compare('faq', sources.faq, file.faq);
  compare('card', sources.cards, file.cards as never);
  compare('contact', sources.contacts, file.contacts as never);
  plan.problems.push(...checkImportedContent(plan, sources));
  return plan;
}

/** The content rules, applied to what the store would hold after the import. */
function checkImportedContent(plan: ImportPlan, sources: TransferSources): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const after = <T>(kind: ContentKind, collection?: TransferCollection<T>): Map<string, T> => {
    const docs = new Map((collection?.all() ?? []).map((d) => [d.id, d.data]));
    for (const change of plan.changes) if (change.kind === kind) docs.set(change.id, change.data as T);
    return docs;
  };
  const contacts = after('contact', sources.contacts);
  const verified = sources.contacts ? verifiedPhoneSet([...contacts.values()].map((c) => c.record)) : (sources.verifiedPhones?.() ?? new Set<string>());
  for (const change of plan.changes) {
    if (change.kind === 'card') {
      for (const lang of LANGUAGES) {
        for (const problem of checkCard((change.data as CardDocument).cards[lang], verified)) {
          problems.push({ where: { kind: 'card', id: change.id, language: lang }, problem });
        }
      }
    } else if (change.kind === 'contact') {
      for (const problem of checkContact(change.data as ContactDocument)) problems.push({ where: { kind: 'contact', id: change.id }, problem });
    } else {
      const entry = change.data as FaqEntry;
      for (const lang of LANGUAGES) {
        const text = entry.texts[lang];
        for (const phone of text ? unverifiedPhones(`${text.question}\n${text.answer}`, verified) : []) {
          problems.push({ where: { kind: 'faq', id: change.id, language: lang }, problem: { key: 'unregistered-phone', values: { phone } } });
        }
      }
    }
  }
  return problems;
}

/** What applying a plan did. */
export interface ImportOutcome {
  applied: number;
  /** Documents someone changed after the summary was shown: left as they are. */
  conflicts: Array<{ kind: ContentKind; id: string }>;
}

/** Applies a confirmed plan; each change only if its document is still at the planned version. */
export async function applyImport(plan: ImportPlan, sources: TransferSources, by: Actor): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { applied: 0, conflicts: [] };
  for (const change of plan.changes) {
    const collection = (change.kind === 'faq' ? sources.faq : change.kind === 'card' ? sources.cards : sources.contacts) as
      | TransferCollection<unknown>
      | undefined;
    if (!collection) continue;
    const result =
      change.change === 'create'
        ? await collection.create!(change.id, change.data, by)
        : await collection.replace(change.id, change.baseVersion, change.data, change.deleted, by);
    if (result.ok) outcome.applied += 1;
    else outcome.conflicts.push({ kind: change.kind, id: change.id });
  }
  return outcome;
}

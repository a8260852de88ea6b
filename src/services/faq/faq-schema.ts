/**
 * The shape of an FAQ entry, as shipped in content/faq/v1/faq.json and as stored in Redis.
 * Texts are plain text in any characters (`<`, `&`, `*`, `_`, emoji): the bot escapes them when shown.
 */
import { z } from 'zod';
import { isoDateSchema } from '../../content/schema';
import { LANGUAGES, type Language } from '../languages';

/** The FAQ's topics, in the order users see them. Labels live in locales (`faq.category.<id>`). */
export const FAQ_CATEGORIES = ['stay', 'work', 'police', 'checks', 'safety'] as const;

/** One FAQ topic. */
export type FaqCategory = (typeof FAQ_CATEGORIES)[number];

/** A question is the text of a button in the question list: longer ones are cut off on phones. */
export const MAX_QUESTION_LENGTH = 100;
/** An answer plus its question, dates, source and notes must fit Telegram's 4096-character message. */
export const MAX_ANSWER_LENGTH = 3000;
/** Sources are shown under every answer. */
export const MAX_SOURCE_LENGTH = 400;

/** Entry ids travel in button data (64 bytes with the rest), so they are short tokens. */
export const FAQ_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,23}$/;

const nonBlank = z.string().refine((s) => s.trim().length > 0, { error: 'must not be empty' });

/** A question and its answer in one language. */
export const faqTextSchema = z.strictObject({
  question: nonBlank.refine((s) => s.length <= MAX_QUESTION_LENGTH, { error: `must be at most ${MAX_QUESTION_LENGTH} characters` }),
  answer: nonBlank.refine((s) => s.length <= MAX_ANSWER_LENGTH, { error: `must be at most ${MAX_ANSWER_LENGTH} characters` }),
});

/** Texts per language; any may be missing (not yet translated), but not all. */
export const faqTextsSchema = z
  .strictObject({ ru: faqTextSchema.optional(), tg: faqTextSchema.optional(), en: faqTextSchema.optional() })
  .refine((texts) => LANGUAGES.some((l) => texts[l] !== undefined), { error: 'needs a question and answer in at least one language' });

const sourceText = nonBlank.refine((s) => s.length <= MAX_SOURCE_LENGTH, { error: `must be at most ${MAX_SOURCE_LENGTH} characters` });

/** The source of an entry written for each language's readers; any may be missing, but not all. */
export const faqSourcesSchema = z
  .strictObject({ ru: sourceText.optional(), tg: sourceText.optional(), en: sourceText.optional() })
  .refine((sources) => LANGUAGES.some((l) => sources[l] !== undefined), { error: 'needs a source in at least one language' });

/** Sources per language. */
export type FaqSources = z.infer<typeof faqSourcesSchema>;

/** An FAQ entry as stored. */
export const faqEntrySchema = z.strictObject({
  category: z.enum(FAQ_CATEGORIES),
  /** Order inside the category; fractional so that moving an entry changes only that entry. */
  position: z.number().finite(),
  hidden: z.boolean(),
  texts: faqTextsSchema,
  /**
   * Per language. A plain string is the first stored shape (one Russian source for every reader):
   * entries saved that way in Redis still load, and become per-language on their next edit.
   */
  source: z.union([sourceText, faqSourcesSchema]),
  /** The day staff last checked the entry; null while its facts await a staff check (no date shown). */
  verifiedAt: isoDateSchema.nullable(),
  /** What staff must still check, for staff views only: never shown to users. */
  staffNote: nonBlank.optional(),
});

/** An FAQ entry as stored. */
export type FaqEntry = z.infer<typeof faqEntrySchema>;
/** A question and its answer in one language. */
export type FaqText = z.infer<typeof faqTextSchema>;

/** One entry of the shipped file: all three languages required, order taken from the file. */
export const shippedFaqEntrySchema = z.strictObject({
  id: z.string().regex(FAQ_ID_PATTERN, { error: 'expected a short lower-case id like "stay-90-days"' }),
  category: z.enum(FAQ_CATEGORIES),
  hidden: z.boolean().optional(),
  texts: z.strictObject({ ru: faqTextSchema, tg: faqTextSchema, en: faqTextSchema }),
  source: z.strictObject({ ru: sourceText, tg: sourceText, en: sourceText }),
  verifiedAt: isoDateSchema.nullable(),
  staffNote: nonBlank.optional(),
});

/** content/faq/v1/faq.json. */
export const shippedFaqFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  entries: z.array(shippedFaqEntrySchema).min(1),
});

/** The text of an entry to show in `lang`: its own, else Russian, else any; `translated` says which. */
export function textFor(entry: FaqEntry, lang: Language): { text: FaqText; language: Language; translated: boolean } | undefined {
  const own = entry.texts[lang];
  if (own) return { text: own, language: lang, translated: true };
  for (const fallback of LANGUAGES) {
    const text = entry.texts[fallback];
    if (text) return { text, language: fallback, translated: false };
  }
  return undefined;
}

/** An entry's sources by language; the first stored shape (one string) was written in Russian. */
export function sourcesOf(entry: Pick<FaqEntry, 'source'>): FaqSources {
  return typeof entry.source === 'string' ? { ru: entry.source } : entry.source;
}

/** The source to show a reader of `lang`: their own, else Russian (the laws' language), else any. */
export function sourceFor(entry: Pick<FaqEntry, 'source'>, lang: Language): string {
  const sources = sourcesOf(entry);
  return sources[lang] ?? sources.ru ?? LANGUAGES.map((l) => sources[l]).find((s) => s !== undefined) ?? '';
}

/**
 * zod schemas for the sourced legal content: the language-neutral contact registry
 * (content/contacts.json) and one card file per language (content/v1/{ru,tg,en}.json).
 * Checks that need more than one file (same cards in every language, goto targets, contact ids)
 * live in the loader.
 */
import { z } from 'zod';
import { LANGUAGES } from '../services/languages';
import { normalizePhone } from './phone-numbers';

/**
 * The card that lists the hotlines and every verified contact: the main menu, "no answer found"
 * and the hand-off point to it, and staff-verified contacts appear on it (the loader test checks
 * the content files have it).
 */
export const HOTLINES_CARD_ID = 'contacts.hotlines';

/** Button targets that are bot actions rather than cards. */
export const ACTIONS = ['action:calculator', 'action:hotlines'] as const;

/** A button target that runs a bot feature instead of opening a card. */
export type Action = (typeof ACTIONS)[number];

/** The menu sections a card belongs to. */
export const TOPICS = ['rights', 'documents', 'check', 'contacts', 'sos', 'handoff'] as const;

/** What kind of organisation a contact is. */
export const CONTACT_KINDS = ['emergency', 'police', 'ministry', 'embassy', 'consulate', 'ngo', 'lawyer'] as const;

/** Longest card title, in characters. */
export const MAX_TITLE_LENGTH = 120;
/** Longest button label, in characters: longer labels are cut off on phone screens. */
export const MAX_LABEL_LENGTH = 40;
/** Longest body plus steps, in characters: far below Telegram's 4096-character message limit. */
export const MAX_CARD_TEXT_LENGTH = 3000;

const DATE_MESSAGE = 'expected a date YYYY-MM-DD';
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
// Tags, bold/italic markers, code and links: the bot sends cards as plain text.
const MARKUP_PATTERN = /<\/?[a-z][^>]*>|\*\*|__|`|\[[^\]\n]*\]\([^)\n]*\)/i;

/** True for a real calendar date written YYYY-MM-DD ("2026-02-30" is not one). */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A real date written YYYY-MM-DD. */
export const isoDateSchema = z.string({ error: DATE_MESSAGE }).refine(isIsoDate, { error: DATE_MESSAGE });

const nonBlank = z.string().refine((s) => s.trim().length > 0, { error: 'must not be empty' });
const plainText = nonBlank.refine((s) => !MARKUP_PATTERN.test(s), {
  error: 'must be plain text (no HTML or Markdown)',
});
const idSchema = z.string().regex(ID_PATTERN, { error: 'expected a lower-case dotted id like "rights.police.stop"' });

/** A phone as staff write it: digits, spaces, hyphens, parentheses, an optional leading "+". */
const phoneSchema = z
  .string()
  .regex(/^\+?[\d ()-]+$/, { error: 'expected a phone number like "+7 (495) 967-98-44" or "112"' })
  .refine(
    (phone) => {
      const digits = normalizePhone(phone);
      return digits.length === 3 || (digits.length >= 10 && digits.length <= 15);
    },
    { error: 'expected a 3-digit short number or a full number with country code' },
  );

/** One button under a card: opens another card or a bot action. */
export const cardButtonSchema = z.strictObject({
  label: plainText.refine((s) => s.length <= MAX_LABEL_LENGTH, {
    error: `must be at most ${MAX_LABEL_LENGTH} characters`,
  }),
  goto: z.string().regex(/^(?:action:[a-z]+(?:-[a-z]+)*|[a-z0-9.-]+)$/, {
    error: 'expected a card id or "action:…"',
  }),
});

/** One card of sourced content in one language. */
export const cardSchema = z
  .strictObject({
    id: idSchema,
    topic: z.enum(TOPICS),
    title: plainText.refine((s) => s.length <= MAX_TITLE_LENGTH, {
      error: `must be at most ${MAX_TITLE_LENGTH} characters`,
    }),
    body: plainText,
    steps: z.array(plainText).min(1).optional(),
    buttons: z.array(cardButtonSchema).min(1).optional(),
    contacts: z.array(idSchema).min(1).optional(),
    source: nonBlank,
    /**
     * The day staff last checked the card's facts against their sources; null while the fact sheet
     * gives no checked date (users then see the source without a date, never an invented one).
     */
    verifiedAt: isoDateSchema.nullable(),
    /** What staff must still check, for staff views only: never shown to users. */
    staffNote: plainText.optional(),
  })
  .superRefine((card, ctx) => {
    const length = card.body.length + (card.steps ?? []).reduce((sum, step) => sum + step.length, 0);
    if (length > MAX_CARD_TEXT_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: `body and steps together are ${length} characters; at most ${MAX_CARD_TEXT_LENGTH}`,
      });
    }
  });

/** A contact's name and note in one language. */
export const contactTextSchema = z.strictObject({
  name: plainText,
  note: plainText.optional(),
});

/** One content file: all cards in one language, plus the contact names in that language. */
export const languageFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  language: z.enum(LANGUAGES),
  cards: z.array(cardSchema).min(1),
  contacts: z.record(idSchema, contactTextSchema),
});

/** One entry of the contact registry. Unverified entries are slots that staff still have to fill. */
export const contactRecordSchema = z
  .strictObject({
    id: idSchema,
    kind: z.enum(CONTACT_KINDS),
    phones: z.array(phoneSchema),
    address: nonBlank.optional(),
    status: z.enum(['verified', 'unverified']),
    knownUnanswered: z.boolean().optional(),
    source: nonBlank,
    verifiedAt: isoDateSchema.nullable(),
  })
  .superRefine((contact, ctx) => {
    if (contact.status !== 'verified') return;
    if (contact.verifiedAt === null) {
      ctx.addIssue({ code: 'custom', path: ['verifiedAt'], message: 'a verified contact needs the date it was checked' });
    }
    if (contact.phones.length === 0 && contact.address === undefined) {
      ctx.addIssue({ code: 'custom', path: ['phones'], message: 'a verified contact needs a phone or an address' });
    }
  });

/** content/contacts.json: the language-neutral contact registry. */
export const contactsFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  contacts: z.array(contactRecordSchema),
});

/** One card of sourced content in one language. */
export type Card = z.infer<typeof cardSchema>;
/** One button under a card. */
export type CardButton = z.infer<typeof cardButtonSchema>;
/** One entry of the contact registry, as stored (verified or not). */
export type ContactRecord = z.infer<typeof contactRecordSchema>;
/** A contact's name and note in one language. */
export type ContactText = z.infer<typeof contactTextSchema>;
/** One parsed content file. */
export type LanguageFile = z.infer<typeof languageFileSchema>;
/** The parsed contact registry. */
export type ContactsFile = z.infer<typeof contactsFileSchema>;

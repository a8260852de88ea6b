/**
 * The rules an edited card or contact must pass before it is saved: the same as for the shipped
 * files (zod schemas of src/content/schema.ts), plus the phone registry: every phone number in a
 * text must be a verified registry number, and a phone staff type must read as one number.
 */
import type { z } from 'zod';
import { issueField, reasonOfIssue } from '../../content/issue-reasons';
import { findPhoneNumbers, normalizePhone, unverifiedPhones } from '../../content/phone-numbers';
import { cardSchema, contactRecordSchema, contactTextSchema, type Card, type ContactRecord, type ContactText } from '../../content/schema';
import { LANGUAGES, type Language } from '../languages';

/** A content card in all three languages: one document, one version history. */
export interface CardDocument {
  cards: Record<Language, Card>;
}

/** A registry contact with its name and note in each language. */
export interface ContactDocument {
  record: ContactRecord;
  texts: Partial<Record<Language, ContactText>>;
}

/** A problem found in an edit: a locale key (under `staff.problem.`) and its values. */
export interface ContentProblem {
  key: string;
  values?: Record<string, string | number>;
}

/** A broken schema rule: the field and a reason key (`staff.reason.<reason>`), never zod's English text. */
export function invalidProblem(issue: z.core.$ZodIssue, wholeDocument: string): ContentProblem {
  const { reason, values } = reasonOfIssue(issue);
  return { key: 'invalid', values: { field: issueField(issue, wholeDocument), reason, ...values } };
}


/** Every text of a card that is shown to users. */
export function cardTexts(card: Card): string[] {
  return [card.title, card.body, ...(card.steps ?? []), ...(card.buttons ?? []).map((b) => b.label)];
}

/** Problems of one card in one language; empty when it can be saved. */
export function checkCard(card: Card, verified: ReadonlySet<string>): ContentProblem[] {
  const parsed = cardSchema.safeParse(card);
  const problems: ContentProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => invalidProblem(issue, 'card'));
  for (const phone of cardTexts(card).flatMap((text) => unverifiedPhones(text, verified))) {
    problems.push({ key: 'unregistered-phone', values: { phone } });
  }
  return problems;
}

/** Reads a list of phones as staff type them ("+7 (495) 967-98-44, 112"); each must be one well-formed number. */
export function parsePhones(text: string): { phones: string[] } | { problem: ContentProblem } {
  const parts = text.split(/[,;\n]+/).map((p) => p.trim()).filter(Boolean);
  for (const part of parts) {
    const found = findPhoneNumbers(part);
    if (!/^\+?[\d ()-]+$/.test(part) || found.length !== 1 || normalizePhone(found[0] ?? '') !== normalizePhone(part)) {
      return { problem: { key: 'bad-phone', values: { phone: part } } };
    }
    const digits = normalizePhone(part);
    if (digits.length !== 3 && (digits.length < 10 || digits.length > 15)) return { problem: { key: 'bad-phone', values: { phone: part } } };
  }
  return { phones: parts };
}

/** Problems of a contact; empty when it can be saved. */
export function checkContact(doc: ContactDocument): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const parsed = contactRecordSchema.safeParse(doc.record);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => invalidProblem(issue, 'contact')));
  }
  for (const phone of doc.record.phones) {
    const result = parsePhones(phone);
    if ('problem' in result) problems.push(result.problem);
  }
  for (const lang of LANGUAGES) {
    const text = doc.texts[lang];
    if (!text || !contactTextSchema.safeParse(text).success) problems.push({ key: 'contact-name', values: { language: lang } });
  }
  return problems;
}

/** Cards whose texts use a phone number that `verified` does not have (after a registry change). */
export function cardsWithUnregisteredPhones(cards: Iterable<CardDocument>, verified: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const doc of cards) {
    for (const lang of LANGUAGES) {
      for (const text of cardTexts(doc.cards[lang])) for (const phone of unverifiedPhones(text, verified)) found.add(phone);
    }
  }
  return [...found];
}

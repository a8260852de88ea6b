/**
 * Loads the sourced legal content once at start-up: the contact registry and one card file per
 * language. Everything is validated here, so a broken edit stops the bot with a message that names
 * the file, the card and the field, instead of showing someone a half-empty card under stress.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { LANGUAGES, type Language } from '../services/languages';
import { findPhoneNumbers, normalizePhone, verifiedPhoneSet } from './phone-numbers';
import {
  ACTIONS,
  contactsFileSchema,
  languageFileSchema,
  type Card,
  type ContactRecord,
  type ContactsFile,
  type LanguageFile,
} from './schema';

export { ACTIONS } from './schema';
export type { Action, Card, CardButton, ContactRecord } from './schema';

/** Thrown when a content file is missing, unreadable or breaks a rule; the message names file, card and field. */
export class ContentError extends Error {
  /** Stable code for logs and error boundaries. */
  readonly code = 'CONTENT_INVALID';

  /** `problems` lists every problem found, one line each; the message holds them all. */
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ContentError';
  }
}

/** A verified contact with its name and note in one language, ready to show. */
export interface LocalizedContact {
  readonly id: string;
  readonly kind: ContactRecord['kind'];
  readonly name: string;
  readonly note?: string;
  readonly phones: readonly string[];
  readonly address?: string;
  /** The line is known to go unanswered often: say so next to the number. */
  readonly knownUnanswered: boolean;
  readonly source: string;
  readonly verifiedAt: string;
}

/** The validated content, read-only. */
export interface ContentLibrary {
  /** The card with this id in this language, or undefined when there is none. */
  card(lang: Language, id: string): Card | undefined;
  /** Every card id, in file order (the same in every language). */
  cardIds(): readonly string[];
  /** Verified contacts in registry order, with names in `lang`; only `ids` when given. Unverified slots never appear. */
  contacts(lang: Language, ids?: readonly string[]): LocalizedContact[];
  /** The raw registry, unverified slots included: for staff views. */
  allContacts(): readonly ContactRecord[];
  /**
   * A number that changes whenever a card or a contact may have changed (a staff edit): what was
   * rendered from an older generation is stale. The shipped files never change: always 0.
   */
  generation(): number;
}

const REFERENCE_LANGUAGE: Language = LANGUAGES[0];

/** Reads and validates content/contacts.json and content/v1/{ru,tg,en}.json; throws ContentError on any problem. */
export function loadContent(dir: string = path.join(process.cwd(), 'content')): ContentLibrary {
  const contactsLabel = labelFor(path.join(dir, 'contacts.json'));
  const registry = parseFile(path.join(dir, 'contacts.json'), contactsFileSchema, formatContactsPath);
  const files = new Map<Language, LanguageFile>();
  const problems: string[] = [];
  for (const lang of LANGUAGES) {
    try {
      files.set(lang, parseFile(languageFilePath(dir, lang), languageFileSchema, formatLanguagePath));
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ContentError(problems);

  problems.push(...checkRegistry(registry, contactsLabel));
  for (const lang of LANGUAGES) {
    const file = files.get(lang) as LanguageFile;
    problems.push(...checkLanguageFile(file, lang, labelFor(languageFilePath(dir, lang)), registry, contactsLabel));
  }
  const reference = files.get(REFERENCE_LANGUAGE) as LanguageFile;
  for (const lang of LANGUAGES) {
    if (lang === REFERENCE_LANGUAGE) continue;
    problems.push(
      ...compareWithReference(
        files.get(lang) as LanguageFile,
        labelFor(languageFilePath(dir, lang)),
        reference,
        labelFor(languageFilePath(dir, REFERENCE_LANGUAGE)),
      ),
    );
  }
  if (problems.length > 0) throw new ContentError(problems);

  return buildLibrary(registry, files);
}

function languageFilePath(dir: string, lang: Language): string {
  return path.join(dir, 'v1', `${lang}.json`);
}

/** The file as people know it: relative to the working directory when inside it ("content/v1/tg.json"). */
function labelFor(file: string): string {
  const relative = path.relative(process.cwd(), file);
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  return shown.split(path.sep).join('/');
}

type PathFormatter = (raw: unknown, issuePath: readonly PropertyKey[]) => string;

function parseFile<T extends z.ZodType>(file: string, schema: T, formatPath: PathFormatter): z.output<T> {
  const label = labelFor(file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ContentError([`${label}: cannot read the file as JSON: ${reason}`]);
  }
  const result = schema.safeParse(raw, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined),
  });
  if (result.success) return result.data;
  throw new ContentError(result.error.issues.map((issue) => `${label}: ${formatPath(raw, issue.path)}: ${issue.message}`));
}

/** `card "rights.detained": buttons[1].goto` for a path into a language file. */
function formatLanguagePath(raw: unknown, issuePath: readonly PropertyKey[]): string {
  const [section, key, ...rest] = issuePath;
  if (section === 'cards' && typeof key === 'number') {
    const id = readId(raw, 'cards', key);
    return joinParts(id === undefined ? `card #${key + 1}` : `card "${id}"`, fieldName(rest));
  }
  if (section === 'contacts' && key !== undefined) {
    return joinParts(`contact "${String(key)}"`, fieldName(rest));
  }
  return fieldName(issuePath) || '(file)';
}

/** `contact "tj-embassy": verifiedAt` for a path into contacts.json. */
function formatContactsPath(raw: unknown, issuePath: readonly PropertyKey[]): string {
  const [section, key, ...rest] = issuePath;
  if (section === 'contacts' && typeof key === 'number') {
    const id = readId(raw, 'contacts', key);
    return joinParts(id === undefined ? `contact #${key + 1}` : `contact "${id}"`, fieldName(rest));
  }
  return fieldName(issuePath) || '(file)';
}

function readId(raw: unknown, section: string, index: number): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const list = (raw as Record<string, unknown>)[section];
  if (!Array.isArray(list)) return undefined;
  const item: unknown = list[index];
  if (typeof item !== 'object' || item === null) return undefined;
  const id = (item as Record<string, unknown>).id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** ["buttons", 1, "goto"] → "buttons[1].goto". */
function fieldName(parts: readonly PropertyKey[]): string {
  return parts
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function joinParts(where: string, field: string): string {
  return field === '' ? where : `${where}: ${field}`;
}

function checkRegistry(registry: ContactsFile, label: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  registry.contacts.forEach((contact) => {
    if (seen.has(contact.id)) problems.push(`${label}: contact "${contact.id}": id: duplicate id`);
    seen.add(contact.id);
    contact.phones.forEach((phone, i) => {
      // The finder must see each registered phone as one number, or the text checks could miss it.
      const found = findPhoneNumbers(phone);
      if (found.length !== 1 || normalizePhone(found[0] ?? '') !== normalizePhone(phone)) {
        problems.push(`${label}: contact "${contact.id}": phones[${i}]: "${phone}" is not written as one phone number`);
      }
    });
  });
  return problems;
}

function checkLanguageFile(
  file: LanguageFile,
  lang: Language,
  label: string,
  registry: ContactsFile,
  contactsLabel: string,
): string[] {
  const problems: string[] = [];
  if (file.language !== lang) problems.push(`${label}: language: expected "${lang}", found "${file.language}"`);

  const cardIds = new Set<string>();
  for (const card of file.cards) {
    if (cardIds.has(card.id)) problems.push(`${label}: card "${card.id}": id: duplicate card id`);
    cardIds.add(card.id);
  }
  const targets = new Set<string>([...cardIds, ...ACTIONS]);
  const contactIds = new Set(registry.contacts.map((c) => c.id));
  const phones = verifiedPhoneSet(registry.contacts);
  const checkPhones = (where: string, text: string): void => {
    for (const found of findPhoneNumbers(text)) {
      if (!phones.has(normalizePhone(found))) {
        problems.push(`${label}: ${where}: phone number "${found}" is not a verified number in ${contactsLabel}`);
      }
    }
  };

  for (const card of file.cards) {
    const where = `card "${card.id}"`;
    card.buttons?.forEach((button, i) => {
      if (!targets.has(button.goto)) {
        problems.push(`${label}: ${where}: buttons[${i}].goto: unknown target "${button.goto}" (no such card or action)`);
      }
      checkPhones(`${where}: buttons[${i}].label`, button.label);
    });
    card.contacts?.forEach((id, i) => {
      if (!contactIds.has(id)) problems.push(`${label}: ${where}: contacts[${i}]: unknown contact id "${id}"`);
    });
    checkPhones(`${where}: title`, card.title);
    checkPhones(`${where}: body`, card.body);
    card.steps?.forEach((step, i) => checkPhones(`${where}: steps[${i}]`, step));
  }

  for (const id of contactIds) {
    if (file.contacts[id] === undefined) {
      problems.push(`${label}: contact "${id}": name: required (every contact in ${contactsLabel} needs a name in every language)`);
    }
  }
  for (const [id, text] of Object.entries(file.contacts)) {
    if (!contactIds.has(id)) problems.push(`${label}: contact "${id}": not in ${contactsLabel}`);
    checkPhones(`contact "${id}": name`, text.name);
    if (text.note !== undefined) checkPhones(`contact "${id}": note`, text.note);
  }
  return problems;
}

/** Same cards, in the same order, with the same topics, targets, contacts and number of steps. */
function compareWithReference(file: LanguageFile, label: string, reference: LanguageFile, referenceLabel: string): string[] {
  const problems: string[] = [];
  const byId = new Map(file.cards.map((card) => [card.id, card]));
  const referenceIds = new Set(reference.cards.map((card) => card.id));

  // Order: compare only the cards both files have, so one missing card is reported once, not as a shifted list.
  const shared = reference.cards.map((card) => card.id).filter((id) => byId.has(id));
  const ownOrder = file.cards.map((card) => card.id).filter((id) => referenceIds.has(id));
  const firstOutOfPlace = ownOrder.findIndex((id, i) => id !== shared[i]);
  if (firstOutOfPlace !== -1) {
    problems.push(
      `${label}: card "${ownOrder[firstOutOfPlace]}": position: out of order; ${referenceLabel} has "${shared[firstOutOfPlace]}" here`,
    );
  }

  reference.cards.forEach((expected, position) => {
    const where = `card "${expected.id}"`;
    const actual = byId.get(expected.id);
    if (actual === undefined) {
      problems.push(`${label}: ${where}: id: card missing (${referenceLabel} has it at position ${position + 1})`);
      return;
    }
    if (actual.topic !== expected.topic) {
      problems.push(`${label}: ${where}: topic: "${actual.topic}", but "${expected.topic}" in ${referenceLabel}`);
    }
    const gotos = (card: Card): string => JSON.stringify((card.buttons ?? []).map((b) => b.goto));
    if (gotos(actual) !== gotos(expected)) {
      problems.push(`${label}: ${where}: buttons: goto targets ${gotos(actual)}, but ${gotos(expected)} in ${referenceLabel}`);
    }
    const contacts = (card: Card): string => JSON.stringify(card.contacts ?? []);
    if (contacts(actual) !== contacts(expected)) {
      problems.push(`${label}: ${where}: contacts: ${contacts(actual)}, but ${contacts(expected)} in ${referenceLabel}`);
    }
    const steps = (card: Card): number => card.steps?.length ?? 0;
    if (steps(actual) !== steps(expected)) {
      problems.push(`${label}: ${where}: steps: ${steps(actual)} steps, but ${steps(expected)} in ${referenceLabel}`);
    }
  });
  for (const card of file.cards) {
    if (!referenceIds.has(card.id)) problems.push(`${label}: card "${card.id}": id: not in ${referenceLabel}`);
  }
  return problems;
}

function buildLibrary(registry: ContactsFile, files: Map<Language, LanguageFile>): ContentLibrary {
  const contacts = deepFreeze(registry.contacts);
  const cards = new Map<Language, Map<string, Card>>();
  for (const [lang, file] of files) {
    cards.set(lang, new Map(deepFreeze(file.cards).map((card) => [card.id, card])));
  }
  const reference = files.get(REFERENCE_LANGUAGE) as LanguageFile;
  const ids = Object.freeze(reference.cards.map((card) => card.id));

  return {
    card: (lang, id) => cards.get(lang)?.get(id),
    cardIds: () => ids,
    contacts: (lang, wanted) => {
      const wantedIds = wanted === undefined ? undefined : new Set(wanted);
      const texts = (files.get(lang) as LanguageFile).contacts;
      return contacts
        .filter((c) => wantedIds?.has(c.id) ?? true)
        .flatMap((c) => {
          const localized = localizeContact(c, texts[c.id]);
          return localized ? [Object.freeze(localized)] : [];
        });
    },
    allContacts: () => contacts,
    generation: () => 0,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A registry contact as users see it, with its name and note in one language; `undefined` for an
 * unverified slot, which users never see. Shared by the shipped and the staff-edited content.
 */
export function localizeContact(record: ContactRecord, text: { name: string; note?: string } | undefined): LocalizedContact | undefined {
  if (record.status !== 'verified' || record.verifiedAt === null) return undefined;
  return {
    id: record.id,
    kind: record.kind,
    name: text?.name ?? record.id,
    ...(text?.note === undefined ? {} : { note: text.note }),
    phones: record.phones,
    ...(record.address === undefined ? {} : { address: record.address }),
    knownUnanswered: record.knownUnanswered ?? false,
    source: record.source,
    verifiedAt: record.verifiedAt,
  };
}

import fs from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { localizeContact, type ContentLibrary, type LocalizedContact } from '../../content/loader';
import { HOTLINES_CARD_ID, languageFileSchema, type ContactText } from '../../content/schema';
import { redisKeys } from '../../storage/redis-keys';
import { VersionedStore } from '../../storage/versioned-store';
import { LANGUAGES, type Language } from '../languages';
import type { CardDocument, ContactDocument } from './content-rules';
import { verifiedPhoneSet } from '../../content/phone-numbers';
import { createLiveCalendar, type LiveCalendar } from './live-calendar';
import { LiveCollection } from './live-collection';

export type { CardDocument, ContactDocument } from './content-rules';

/** The content library the guided dialogues read, editable by staff. */
export interface LiveContent extends ContentLibrary {
  /** Cards, one document per card id (all three languages). */
  readonly cardDocs: LiveCollection<CardDocument>;
  /** Contacts, one document per registry id. */
  readonly contactDocs: LiveCollection<ContactDocument>;
  /** The year decrees of the working-day calendar and the patent deflators. */
  readonly calendar: LiveCalendar;
  /** Registry ids in registry order. */
  contactIds(): readonly string[];
  /** Normalized verified phone numbers of the current registry. */
  verifiedPhones(): Set<string>;
  /** Stops listening for changes. */
  close(): Promise<void>;
}

/** Options of {@link createLiveContent}. */
export interface LiveContentOptions {
  /** REDIS_KEY_PREFIX: keys go under `<prefix>content:v1:`. */
  keyPrefix: string;
  clock?: () => number;
  /** Where content/v1/<lang>.json live (for the names of unverified contact slots). */
  contentDir?: string;
  /**
   * The card that lists every verified contact (default `contacts.hotlines`): a slot staff fill in
   * and verify appears there without editing the card.
   */
  allContactsCard?: string;
  onError?: (error: Error) => void;
}

/** True when `content` is a {@link LiveContent} (staff can edit it). */
export function isLiveContent(content: ContentLibrary): content is LiveContent {
  return (content as Partial<LiveContent>).cardDocs instanceof LiveCollection;
}

/**
 * The content cards and contacts, stored in Redis with versions and history, seeded idempotently
 * from the shipped (validated) content, and read synchronously from an in-memory snapshot that
 * pub/sub keeps fresh: a hotline number staff fix is what every user of every instance gets next.
 * Resolves once seeded and loaded.
 */
export async function createLiveContent(redis: Redis, shipped: ContentLibrary, options: LiveContentOptions): Promise<LiveContent> {
  const namespaces = redisKeys(options.keyPrefix).content;
  const storeOptions = { clock: options.clock };
  const cardStore = new VersionedStore<CardDocument>(redis, namespaces.cards, storeOptions);
  const contactStore = new VersionedStore<ContactDocument>(redis, namespaces.contacts, storeOptions);
  const cardDocs = new LiveCollection(cardStore, options.onError);
  const contactDocs = new LiveCollection(contactStore, options.onError);

  const cardIds = [...shipped.cardIds()];
  const contactIds = shipped.allContacts().map((c) => c.id);
  const names = readContactTexts(options.contentDir ?? path.join(process.cwd(), 'content'), shipped);
  await cardStore.seed(
    cardIds.map((id) => ({
      id,
      data: { cards: Object.fromEntries(LANGUAGES.map((l) => [l, shipped.card(l, id)!])) as CardDocument['cards'] },
    })),
  );
  await contactStore.seed(
    shipped.allContacts().map((record) => ({
      id: record.id,
      data: { record, texts: Object.fromEntries(LANGUAGES.flatMap((l) => (names(l, record.id) ? [[l, names(l, record.id)]] : []))) },
    })),
  );
  await Promise.all([cardDocs.start(), contactDocs.start()]);
  const calendar = await createLiveCalendar(redis, { namespaces, clock: options.clock, onError: options.onError });

  const records = () => contactIds.map((id) => contactDocs.get(id)?.data.record).filter((r) => r !== undefined);
  const allContactsCard = options.allContactsCard ?? HOTLINES_CARD_ID;
  return {
    cardDocs,
    contactDocs,
    calendar,
    card: (lang, id) => {
      const card = cardDocs.get(id)?.data.cards[lang];
      if (!card || id !== allContactsCard) return card;
      const listed = new Set(card.contacts ?? []);
      const contacts = records().filter((r) => listed.has(r.id) || r.status === 'verified').map((r) => r.id);
      return contacts.length > 0 ? { ...card, contacts } : card;
    },
    cardIds: () => cardIds,
    contactIds: () => contactIds,
    allContacts: records,
    verifiedPhones: () => verifiedPhoneSet(records()),
    contacts: (lang, wanted) => {
      const wantedIds = wanted === undefined ? undefined : new Set(wanted);
      return contactIds.flatMap((id): LocalizedContact[] => {
        const doc = contactDocs.get(id)?.data;
        if (!doc || !(wantedIds?.has(id) ?? true)) return [];
        const localized = localizeContact(doc.record, doc.texts[lang] ?? doc.texts.ru);
        return localized ? [localized] : [];
      });
    },
    // Both only grow, so their sum changes whenever either does.
    generation: () => cardDocs.generation + contactDocs.generation,
    close: async () => {
      await Promise.all([cardDocs.close(), contactDocs.close(), calendar.close()]);
    },
  };
}

/**
 * Names and notes of every contact per language. ContentLibrary only exposes those of verified
 * contacts, so the unverified slots' names are read from the content files (already validated by
 * the loader); anything unreadable falls back to the library.
 */
function readContactTexts(dir: string, shipped: ContentLibrary): (lang: Language, id: string) => ContactText | undefined {
  const byLanguage = new Map<Language, Record<string, ContactText>>();
  for (const lang of LANGUAGES) {
    try {
      const parsed = languageFileSchema.shape.contacts.safeParse((JSON.parse(fs.readFileSync(path.join(dir, 'v1', `${lang}.json`), 'utf8')) as { contacts?: unknown }).contacts);
      if (parsed.success) byLanguage.set(lang, parsed.data);
    } catch {
      // Fall back to the library below.
    }
  }
  return (lang, id) => {
    const fromFile = byLanguage.get(lang)?.[id];
    if (fromFile) return fromFile;
    const known = shipped.contacts(lang, [id])[0];
    return known ? { name: known.name, ...(known.note === undefined ? {} : { note: known.note }) } : undefined;
  };
}

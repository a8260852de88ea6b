import type Redis from 'ioredis';
import type { Config } from '../../config';
import type { DecreesDocument, DeflatorsDocument } from '../content-store/calendar-rules';
import type { CardDocument, ContactDocument } from '../content-store/content-rules';
import { contentNamespaces } from '../content-store/live-content';
import type { FaqEntry } from '../faq/faq-schema';
import type { UserDataEraser } from '../privacy';
import { VersionedStore } from '../../storage/versioned-store';
import { createRoleDirectory } from './staff-directory';

/** The Redis namespace of the FAQ store (also used by the bot's FAQ feature). */
export function faqStoreNamespace(keyPrefix: string): string {
  return `${keyPrefix}faq:v1:`;
}

/** Where pending imports and edit drafts of a staff member live. */
export function staffScratchKeys(keyPrefix: string, userId: number): { import: string; draft: string } {
  return { import: `${keyPrefix}staff:v1:import:${userId}`, draft: `${keyPrefix}staff:v1:draft:${userId}` };
}

/**
 * Everything the FAQ and content editing keeps about a person, for /forget: their id in the
 * history and audit of the FAQ, cards, contacts, decrees and deflators (the edits stay, authored by "erased"), their
 * run-time staff role, and any unfinished draft or pending import.
 */
export function createStaffDataEraser(config: Pick<Config, 'redisKeyPrefix' | 'adminIds' | 'staffIds'>, redis: Redis): UserDataEraser {
  const content = contentNamespaces(config.redisKeyPrefix);
  const stores = [
    new VersionedStore<FaqEntry>(redis, faqStoreNamespace(config.redisKeyPrefix)),
    new VersionedStore<CardDocument>(redis, content.cards),
    new VersionedStore<ContactDocument>(redis, content.contacts),
    new VersionedStore<DecreesDocument>(redis, content.decrees),
    new VersionedStore<DeflatorsDocument>(redis, content.deflators),
  ];
  const directory = createRoleDirectory(config, redis);
  return {
    async eraseUser(userId) {
      for (const store of stores) await store.eraseActor(userId);
      await directory.eraseUser(userId);
      const scratch = staffScratchKeys(config.redisKeyPrefix, userId);
      await redis.del(scratch.import, scratch.draft);
    },
  };
}

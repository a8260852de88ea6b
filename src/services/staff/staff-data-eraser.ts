import type Redis from 'ioredis';
import type { Config } from '../../config';
import type { DecreesDocument, DeflatorsDocument } from '../content-store/calendar-rules';
import type { CardDocument, ContactDocument } from '../content-store/content-rules';
import type { FaqEntry } from '../faq/faq-schema';
import type { UserDataEraser } from '../privacy';
import { redisKeys } from '../../storage/redis-keys';
import { VersionedStore } from '../../storage/versioned-store';
import { createRoleDirectory, type StaffDirectory } from './staff-directory';

/**
 * Everything the FAQ and content editing keeps about a person, for /forget: their id in the
 * history and audit of the FAQ, cards, contacts, decrees and deflators (the edits stay, authored by "erased"), their
 * run-time staff role, and any unfinished draft or pending import.
 */
export function createStaffDataEraser(
  config: Pick<Config, 'redisKeyPrefix' | 'adminIds' | 'staffIds'>,
  redis: Redis,
  directory: StaffDirectory = createRoleDirectory(config, redis),
): UserDataEraser {
  const keys = redisKeys(config.redisKeyPrefix);
  const stores = [
    new VersionedStore<FaqEntry>(redis, keys.faq),
    new VersionedStore<CardDocument>(redis, keys.content.cards),
    new VersionedStore<ContactDocument>(redis, keys.content.contacts),
    new VersionedStore<DecreesDocument>(redis, keys.content.decrees),
    new VersionedStore<DeflatorsDocument>(redis, keys.content.deflators),
  ];
  return {
    async eraseUser(userId) {
      for (const store of stores) await store.eraseActor(userId);
      await directory.eraseUser(userId);
      // The same keys the staff feature's draft and import stores write (one keys module); one DEL
      // each, as the two may sit in different slots of a Redis Cluster.
      await redis.del(`${keys.staffImports}${userId}`);
      await redis.del(`${keys.staffDrafts}${userId}`);
    },
  };
}

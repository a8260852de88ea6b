import type Redis from 'ioredis';
import type { Logger } from '../logger';
import { redisKeys } from './redis-keys';

/** One kind of data whose key prefix gained a Redis Cluster hash tag: where its keys were, where they are. */
export interface KeyMove {
  from: string;
  to: string;
  /** Prefixes under `from` that belong to another kind and stay where they are. */
  except?: string[];
}

/**
 * The key prefixes written before the hash tags (see redis-keys.ts), and their tagged
 * successors, under one REDIS_KEY_PREFIX.
 */
export function hashTagMoves(base: string): KeyMove[] {
  const keys = redisKeys(base);
  return [
    // ids, records and count sets of the subscribers: one prefix before, one tag now
    { from: `${base}subs:v1:`, to: keys.subscriberIds.slice(0, -'ids'.length) },
    { from: `${base}content:v1:cards:`, to: keys.content.cards },
    { from: `${base}content:v1:contacts:`, to: keys.content.contacts },
    { from: `${base}content:v1:decrees:`, to: keys.content.decrees },
    { from: `${base}content:v1:deflators:`, to: keys.content.deflators },
    { from: `${base}faq:v1:`, to: keys.faq },
    { from: `${base}handoff:v1:`, to: keys.handoff },
    // The admins' drafts keep their untagged prefix under the notices' old one.
    { from: `${base}bcast:v1:`, to: keys.notices, except: [keys.broadcastDrafts] },
    { from: `${base}bcast:q:`, to: `${keys.deliveryQueue}:` },
    { from: `${base}insight:v1:`, to: keys.insight },
  ];
}

/** Set once every key was moved: later start-ups skip the walk over the keyspace. */
export function migrationDoneKey(base: string): string {
  return `${base}migrated:hash-tags`;
}

/**
 * Moves keys written before the Redis Cluster hash tags to their tagged names, once: one SCAN
 * over `base*`, a RENAMENX per key (a key already moved by another instance starting at the same
 * time is skipped; one that exists under both names is left and logged). Runs on a single Redis or
 * a Sentinel master, before the move to a cluster (RENAME across slots fails there). Instances of
 * the previous version must be stopped first: what they write afterwards lands under the old names.
 * Returns how many keys moved.
 */
export async function moveKeysToHashTags(redis: Redis, base: string, logger: Pick<Logger, 'info' | 'warn'>): Promise<number> {
  const done = migrationDoneKey(base);
  if ((await redis.exists(done)) === 1) return 0;
  const moves = hashTagMoves(base);
  const target = (key: string): string | undefined => {
    const move = moves.find((m) => key.startsWith(m.from) && !m.except?.some((prefix) => key.startsWith(prefix)));
    return move ? move.to + key.slice(move.from.length) : undefined;
  };
  let moved = 0;
  let kept = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${base}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const to = target(key);
      if (to === undefined) continue;
      try {
        if ((await redis.renamenx(key, to)) === 1) moved++;
        else kept++;
      } catch (error) {
        // Moved meanwhile by another instance starting at the same time.
        if (!(error instanceof Error && /no such key/i.test(error.message))) throw error;
      }
    }
  } while (cursor !== '0');
  if (kept > 0) logger.warn({ kept }, 'redis keys: some keys exist under both the old and the tagged name; the old ones were left as they are');
  await redis.set(done, String(Date.now()));
  if (moved > 0) logger.info({ moved }, 'redis keys: moved to their Redis Cluster hash-tagged names');
  return moved;
}

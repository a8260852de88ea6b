import type Redis from 'ioredis';
import { isLanguage, type Language } from '../languages';
import type { UserDataEraser } from '../privacy';
import { RedisScript } from '../../storage/redis-script';
import { redisKeys } from '../../storage/redis-keys';
import { isRegion, type Region } from './regions';

/** A person who asked for safety notices. Nothing else about them is kept. */
export interface Subscriber {
  userId: number;
  /** The language notices are sent in (the user's current bot language wins at send time, see the audience). */
  language: Language;
  /** Optional city or region, for notices about one place. */
  region?: Region;
  /** False while the user has blocked the bot: not counted, not sent to. */
  active: boolean;
  /** Milliseconds since the epoch. */
  subscribedAt: number;
}

/** Sets one field only if the subscriber exists: a late update never re-creates a deleted (unsubscribed, forgotten) record. */
const SET_IF_EXISTS = new RedisScript(`if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1 end return 0`);

/**
 * Subscribers in Redis: one small hash per user (`subs:v1:u:<id>` with l, r, a, s) and a set of
 * all ids (`subs:v1:ids`) to walk them. Subscribers do not expire: they asked for warnings and
 * may not use the bot for months; unsubscribing or /forget deletes the record at once.
 */
export class SubscriberStore implements UserDataEraser {
  private readonly idsKey: string;
  private readonly userPrefix: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    const keys = redisKeys(keyPrefix);
    this.idsKey = keys.subscriberIds;
    this.userPrefix = keys.subscribers;
  }

  /** The subscriber, or undefined for someone who is not subscribed. */
  async get(userId: number): Promise<Subscriber | undefined> {
    return decode(userId, await this.redis.hgetall(this.userPrefix + userId));
  }

  /** Subscribes (or re-activates) a user; an earlier region and date are kept. */
  async subscribe(userId: number, language: Language, now: number): Promise<Subscriber> {
    const key = this.userPrefix + userId;
    await this.redis
      .multi()
      .hset(key, 'l', language, 'a', '1')
      .hsetnx(key, 's', String(now))
      .sadd(this.idsKey, String(userId))
      .exec();
    return (await this.get(userId))!;
  }

  /** Sets or clears the region; false when the user is not subscribed. */
  async setRegion(userId: number, region: Region | undefined): Promise<boolean> {
    if (region === undefined) {
      const [exists] = (await this.redis.multi().exists(this.userPrefix + userId).hdel(this.userPrefix + userId, 'r').exec()) ?? [];
      return exists?.[1] === 1;
    }
    return (await SET_IF_EXISTS.run(this.redis, [this.userPrefix + userId], ['r', region])) === 1;
  }

  /** Remembers the language the user reads now; false when not subscribed. */
  async setLanguage(userId: number, language: Language): Promise<boolean> {
    return (await SET_IF_EXISTS.run(this.redis, [this.userPrefix + userId], ['l', language])) === 1;
  }

  /** Marks a subscriber as reachable or not (blocked the bot); false when not subscribed. */
  async setActive(userId: number, active: boolean): Promise<boolean> {
    return (await SET_IF_EXISTS.run(this.redis, [this.userPrefix + userId], ['a', active ? '1' : '0'])) === 1;
  }

  /** True when the user is subscribed and has not blocked the bot. */
  async isActive(userId: number): Promise<boolean> {
    return (await this.redis.hget(this.userPrefix + userId, 'a')) === '1';
  }

  /** Unsubscribes: the record is deleted, nothing stays behind. Returns whether there was one. */
  async unsubscribe(userId: number): Promise<boolean> {
    const results = await this.redis.multi().del(this.userPrefix + userId).srem(this.idsKey, String(userId)).exec();
    return results?.[0]?.[1] === 1;
  }

  /** {@link UserDataEraser}: /forget removes the subscription entirely. */
  async eraseUser(userId: number): Promise<void> {
    await this.unsubscribe(userId);
  }

  /** Walks all subscribers in batches (active or not), without loading them all at once. */
  async *batches(batchSize = 500): AsyncGenerator<Subscriber[]> {
    let cursor = '0';
    do {
      const [next, ids] = await this.redis.sscan(this.idsKey, cursor, 'COUNT', batchSize);
      cursor = next;
      if (ids.length === 0) continue;
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hgetall(this.userPrefix + id);
      const rows = (await pipeline.exec()) ?? [];
      const batch: Subscriber[] = [];
      ids.forEach((id, index) => {
        const subscriber = decode(Number(id), (rows[index]?.[1] ?? {}) as Record<string, string>);
        if (subscriber) batch.push(subscriber);
      });
      if (batch.length > 0) yield batch;
    } while (cursor !== '0');
  }
}

function decode(userId: number, fields: Record<string, string>): Subscriber | undefined {
  if (!isLanguage(fields.l)) return undefined;
  return {
    userId,
    language: fields.l,
    region: isRegion(fields.r) ? fields.r : undefined,
    active: fields.a === '1',
    subscribedAt: Number(fields.s ?? 0),
  };
}

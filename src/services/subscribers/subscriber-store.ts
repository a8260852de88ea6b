import type Redis from 'ioredis';
import { isLanguage, LANGUAGES, type Language } from '../languages';
import type { UserDataEraser } from '../privacy';
import { RedisScript } from '../../storage/redis-script';
import { redisKeys } from '../../storage/redis-keys';
import { isRegion, REGIONS, type Region } from './regions';

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

/**
 * Changes a subscriber's record and, in the same step, the count sets (KEYS[2..]: `l:<language>`
 * then `r:<region>`): an active subscriber is in the set of their language and of their region, an
 * inactive one in none. ARGV: user id, 'if-exists' (a late update never re-creates a deleted
 * record) or 'always', a field to delete (or ''), then field/value pairs to set.
 */
const CHANGE_AND_COUNT = new RedisScript(`
if ARGV[2] == 'if-exists' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[3] ~= '' then redis.call('HDEL', KEYS[1], ARGV[3]) end
if #ARGV > 3 then redis.call('HSET', KEYS[1], unpack(ARGV, 4)) end
local h = redis.call('HMGET', KEYS[1], 'l', 'r', 'a')
for i = 2, #KEYS do
  local key = KEYS[i]
  local inIt = h[3] == '1' and ((h[1] and key:sub(-(#h[1] + 2)) == 'l:' .. h[1]) or (h[2] and key:sub(-(#h[2] + 2)) == 'r:' .. h[2]))
  if inIt then redis.call('SADD', key, ARGV[1]) else redis.call('SREM', key, ARGV[1]) end
end
return 1
`);

/** Active subscribers now: in total, by language and by region (those without one are not in a region). */
export interface SubscriberCounts {
  total: number;
  byLanguage: Record<Language, number>;
  byRegion: Record<Region, number>;
}

/**
 * Subscribers in Redis: one small hash per user (`subs:v1:u:<id>` with l, r, a, s) and a set of
 * all ids (`subs:v1:ids`) to walk them. Subscribers do not expire: they asked for warnings and
 * may not use the bot for months; unsubscribing or /forget deletes the record at once. Active
 * subscribers' ids are also in one set per language and per region (`subs:v1:seg:l:<language>`,
 * `subs:v1:seg:r:<region>`), kept in step by every change, so counting them reads set sizes instead
 * of walking everyone.
 */
export class SubscriberStore implements UserDataEraser {
  private readonly idsKey: string;
  private readonly userPrefix: string;
  private readonly segmentPrefix: string;
  private readonly segmentKeys: string[];

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    const keys = redisKeys(keyPrefix);
    this.idsKey = keys.subscriberIds;
    this.userPrefix = keys.subscribers;
    this.segmentPrefix = keys.subscriberSegments;
    this.segmentKeys = [...LANGUAGES.map((l) => `${this.segmentPrefix}l:${l}`), ...REGIONS.map((r) => `${this.segmentPrefix}r:${r}`)];
  }

  /** The subscriber, or undefined for someone who is not subscribed. */
  async get(userId: number): Promise<Subscriber | undefined> {
    return decode(userId, await this.redis.hgetall(this.userPrefix + userId));
  }

  /** Subscribes (or re-activates) a user; an earlier region and date are kept. */
  async subscribe(userId: number, language: Language, now: number): Promise<Subscriber> {
    const key = this.userPrefix + userId;
    // The date first: a record without a language is no subscriber, should the second step not come.
    await this.redis.multi().hsetnx(key, 's', String(now)).sadd(this.idsKey, String(userId)).exec();
    await this.change(userId, 'always', '', ['l', language, 'a', '1']);
    return (await this.get(userId))!;
  }

  /** Sets or clears the region; false when the user is not subscribed. */
  async setRegion(userId: number, region: Region | undefined): Promise<boolean> {
    return region === undefined ? this.change(userId, 'if-exists', 'r', []) : this.change(userId, 'if-exists', '', ['r', region]);
  }

  /** Remembers the language the user reads now; false when not subscribed. */
  async setLanguage(userId: number, language: Language): Promise<boolean> {
    return this.change(userId, 'if-exists', '', ['l', language]);
  }

  /** Marks a subscriber as reachable or not (blocked the bot); false when not subscribed. */
  async setActive(userId: number, active: boolean): Promise<boolean> {
    return this.change(userId, 'if-exists', '', ['a', active ? '1' : '0']);
  }

  /** True when the user is subscribed and has not blocked the bot. */
  async isActive(userId: number): Promise<boolean> {
    return (await this.redis.hget(this.userPrefix + userId, 'a')) === '1';
  }

  /** Unsubscribes: the record is deleted, nothing stays behind. Returns whether there was one. */
  async unsubscribe(userId: number): Promise<boolean> {
    const batch = this.redis.multi().del(this.userPrefix + userId).srem(this.idsKey, String(userId));
    for (const key of this.segmentKeys) batch.srem(key, String(userId));
    const results = await batch.exec();
    return results?.[0]?.[1] === 1;
  }

  /** {@link UserDataEraser}: /forget removes the subscription entirely. */
  async eraseUser(userId: number): Promise<void> {
    await this.unsubscribe(userId);
  }

  /**
   * Active subscribers by language and region, from the sizes of the count sets (one round trip).
   * Subscribers stored before the sets existed are put into them once, on the first call.
   */
  async counts(): Promise<SubscriberCounts> {
    const readyKey = `${this.segmentPrefix}ready`;
    if ((await this.redis.exists(readyKey)) === 0) {
      for await (const batch of this.batches()) {
        for (const s of batch) await this.change(s.userId, 'if-exists', '', []);
      }
      await this.redis.set(readyKey, '1');
    }
    const batch = this.redis.pipeline();
    for (const key of this.segmentKeys) batch.scard(key);
    const sizes = ((await batch.exec()) ?? []).map(([, n]) => Number(n ?? 0));
    const byLanguage = Object.fromEntries(LANGUAGES.map((l, i) => [l, sizes[i]!])) as Record<Language, number>;
    const byRegion = Object.fromEntries(REGIONS.map((r, i) => [r, sizes[LANGUAGES.length + i]!])) as Record<Region, number>;
    return { total: LANGUAGES.reduce((sum, l) => sum + byLanguage[l], 0), byLanguage, byRegion };
  }

  /** Changes the record (see {@link CHANGE_AND_COUNT}); false when 'if-exists' found no record. */
  private async change(userId: number, mode: 'if-exists' | 'always', remove: string, set: string[]): Promise<boolean> {
    const result = await CHANGE_AND_COUNT.run(this.redis, [this.userPrefix + userId, ...this.segmentKeys], [String(userId), mode, remove, ...set]);
    return result === 1;
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

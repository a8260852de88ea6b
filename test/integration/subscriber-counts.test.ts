import type Redis from 'ioredis';
import { SubscriberStore } from '../../src/services/subscribers/subscriber-store';
import { connectTestRedis, deleteKeysWithPrefix, keysMentioning, uniquePrefix } from '../helpers/test-redis';

const NOW = Date.UTC(2026, 10, 25, 9, 0);
// Distinctive ids, so no other data can contain them by chance.
const [A, B, C, D] = [777_001_001, 777_001_002, 777_001_003, 777_001_004];

describe('subscriber counts for /stats, without walking every subscriber', () => {
  let redis: Redis;
  let prefix: string;
  beforeAll(() => {
    redis = connectTestRedis();
  });
  beforeEach(() => {
    prefix = uniquePrefix('subcounts');
  });
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('given subscribers who choose cities, change language, block the bot and leave, when counted, then only active ones count, each once, by language and city', async () => {
    const store = new SubscriberStore(redis, prefix);
    await store.subscribe(A, 'tg', NOW);
    await store.subscribe(B, 'tg', NOW);
    await store.subscribe(C, 'ru', NOW);
    await store.subscribe(D, 'en', NOW);
    await store.setRegion(A, 'msk');
    await store.setRegion(B, 'spb');
    await store.setRegion(C, 'msk');
    await store.setLanguage(C, 'tg');
    await store.setActive(B, false);
    await store.setRegion(D, 'kzn');
    await store.setRegion(D, undefined);
    await store.subscribe(A, 'tg', NOW); // subscribing again changes nothing
    await store.unsubscribe(D);
    expect(await store.counts()).toEqual({
      total: 2,
      byLanguage: { ru: 0, tg: 2, en: 0 },
      byRegion: { msk: 2, mo: 0, spb: 0, ekb: 0, kzn: 0, nsk: 0, other: 0 },
    });
    // A late update of someone who left does not bring them back.
    expect(await store.setRegion(D, 'nsk')).toBe(false);
    await store.setActive(B, true);
    expect((await store.counts()).byRegion.spb).toBe(1);
  });

  it('given subscribers stored before the counts existed, when counted the first time, then they are all counted', async () => {
    await redis.hset(`${prefix}{subs:v1}:u:${A}`, 'l', 'tg', 'a', '1', 'r', 'ekb', 's', String(NOW));
    await redis.hset(`${prefix}{subs:v1}:u:${B}`, 'l', 'ru', 'a', '0', 's', String(NOW));
    await redis.sadd(`${prefix}{subs:v1}:ids`, String(A), String(B));
    const store = new SubscriberStore(redis, prefix);
    expect(await store.counts()).toMatchObject({ total: 1, byLanguage: { ru: 0, tg: 1, en: 0 }, byRegion: { ekb: 1 } });
  });

  it('given a subscriber, when they /forget, then no count set keeps their id', async () => {
    const store = new SubscriberStore(redis, prefix);
    await store.subscribe(A, 'tg', NOW);
    await store.setRegion(A, 'msk');
    await store.eraseUser(A);
    expect(await keysMentioning(redis, prefix, A)).toEqual([]);
    expect((await store.counts()).total).toBe(0);
  });
});

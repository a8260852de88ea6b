import { SubscriberStore } from '../../src/services/subscribers';
import { migrationDoneKey, moveKeysToHashTags } from '../../src/storage/key-migration';
import { redisKeys } from '../../src/storage/redis-keys';
import { connectTestRedis, deleteKeysWithPrefix, keysWithPrefix, uniquePrefix } from '../helpers/test-redis';

/**
 * Data written before the Redis Cluster hash tags (keys like `mhb:subs:v1:u:42`) is moved once, at
 * start-up, to the tagged keys (`mhb:{subs:v1}:u:42`), so an upgrade keeps subscribers, content,
 * cases, notices and queued jobs.
 */
describe('moving keys written before the hash tags', () => {
  const redis = connectTestRedis();
  const prefix = uniquePrefix('keymove');
  const log = { info: jest.fn(), warn: jest.fn() };

  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('moves every tagged kind once, leaves untagged kinds where they are, and the stores read the moved data', async () => {
    // Given data as the previous version wrote it
    await redis.hset(`${prefix}subs:v1:u:42`, 'l', 'tg', 'a', '1', 's', '1');
    await redis.sadd(`${prefix}subs:v1:ids`, '42');
    await redis.hset(`${prefix}faq:v1:doc:visa`, 'version', '3', 'json', '{}');
    await redis.sadd(`${prefix}content:v1:cards:ids`, 'hotlines');
    await redis.hset(`${prefix}handoff:v1:case:1`, 'status', 'open');
    await redis.hset(`${prefix}bcast:v1:n:1`, 'status', 'done', 'summary', 'old notice');
    await redis.zadd(`${prefix}bcast:v1:history`, 1, '1');
    await redis.lpush(`${prefix}bcast:q:notices:wait`, 'n1-abc');
    await redis.set(`${prefix}insight:v1:votes:faq`, '1');
    const untouched = [`${prefix}sess:v1:42`, `${prefix}conv:v1:42`, `${prefix}bcast:v1:draft:900`, `${prefix}staff:v1:members`, `${prefix}remind:v1:u:42`];
    for (const key of untouched) await redis.set(key, 'kept');

    // When a new version starts
    const moved = await moveKeysToHashTags(redis, prefix, log);

    // Then the tagged kinds are under their tagged names, and nothing is left under the old ones
    expect(moved).toBe(9);
    const keys = redisKeys(prefix);
    expect(await redis.hgetall(`${keys.subscribers}42`)).toEqual({ l: 'tg', a: '1', s: '1' });
    expect(await new SubscriberStore(redis, prefix).get(42)).toMatchObject({ userId: 42, language: 'tg', active: true });
    expect(await redis.hget(`${keys.notices}n:1`, 'summary')).toBe('old notice');
    expect(await redis.zrange(`${keys.notices}history`, 0, -1)).toEqual(['1']);
    expect(await redis.lrange(`${keys.deliveryQueue}:notices:wait`, 0, -1)).toEqual(['n1-abc']);
    expect(await redis.exists(`${keys.faq}doc:visa`, `${keys.content.cards}ids`, `${keys.handoff}case:1`, `${keys.insight}votes:faq`)).toBe(4);
    const left = (await keysWithPrefix(redis, prefix)).filter((key) => !key.includes('{') && key !== migrationDoneKey(prefix));
    expect(left.sort()).toEqual([...untouched].sort());
    // and the untagged kinds kept their keys and values
    expect(await redis.mget(...untouched)).toEqual(untouched.map(() => 'kept'));

    // and a later start-up walks nothing again
    await redis.set(`${prefix}subs:v1:u:43`, 'written by an old instance still running');
    expect(await moveKeysToHashTags(redis, prefix, log)).toBe(0);
    expect(log.warn).not.toHaveBeenCalled();
  });
});

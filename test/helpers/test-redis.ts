import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

/** The Redis the global setup chose for this run. */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run the tests through jest (globalSetup prepares Redis)');
  return url;
}

/** A fresh key prefix, so test files never see each other's data. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes the keys under `prefix` — only ours; the rest of the Redis is never touched. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** Keys under `prefix`, for assertions. */
export async function keysWithPrefix(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found.sort();
}

/** Every key under `prefix` whose name or content mentions `id` (strings, sets, hashes, sorted sets, lists). */
export async function keysMentioning(redis: Redis, prefix: string, id: number): Promise<string[]> {
  const found: string[] = [];
  for (const key of await keysWithPrefix(redis, prefix)) {
    const type = await redis.type(key);
    const content =
      type === 'string' ? await redis.get(key)
      : type === 'set' ? (await redis.smembers(key)).join(',')
      : type === 'hash' ? JSON.stringify(await redis.hgetall(key))
      : type === 'zset' ? (await redis.zrange(key, 0, -1)).join(',')
      : type === 'list' ? (await redis.lrange(key, 0, -1)).join(',')
      : '';
    if (key.includes(String(id)) || content?.includes(String(id))) found.push(key);
  }
  return found;
}

/** A client on the test Redis. */
export function connectTestRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
}

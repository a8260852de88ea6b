import type Redis from 'ioredis';

/** A key prefix of its own for one bench run, so that nothing else in Redis is touched. */
export function benchPrefix(part: string): string {
  return `bench:${part}:${process.pid}:${Date.now().toString(36)}:`;
}

/** Deletes every key under `prefix` (SCAN + UNLINK); never FLUSHDB. Returns how many were deleted. */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

import Redis from 'ioredis';
import type { Logger } from '../logger';

/**
 * Connects to Redis. Commands fail fast while Redis is away (instead of queueing forever),
 * so a user gets "temporarily unavailable" at once; the client keeps reconnecting in the background.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    // ioredis emits an error on every failed reconnect; one line per outage is enough.
    if (!reported) logger.error({ err: { message: error.message } }, 'redis connection error');
    reported = true;
  });
  redis.on('ready', () => {
    if (reported) logger.info('redis connection restored');
    reported = false;
  });
  return redis;
}

/** True when `error` means "Redis cannot be reached right now" rather than a bug. */
export function isStorageUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (e.name === 'MaxRetriesPerRequestError') return true;
    if (/Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Stream isn't writeable|enableOfflineQueue/i.test(e.message)) return true;
  }
  return false;
}

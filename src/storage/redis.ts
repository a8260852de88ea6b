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
  // ioredis emits an error on every failed reconnect: the log gets one warning when Redis goes and
  // one when it is back; updates failing meanwhile are counted by the error boundary, not logged.
  let downSince: number | undefined;
  redis.on('error', (error: Error) => {
    if (downSince !== undefined) return;
    downSince = Date.now();
    logger.warn({ err: { message: error.message } }, 'redis unavailable: people get "temporarily unavailable" until it is back');
  });
  redis.on('ready', () => {
    if (downSince === undefined) return;
    logger.warn({ downForMs: Date.now() - downSince }, 'redis is back');
    downSince = undefined;
  });
  return redis;
}

/** True when `error` means "Redis cannot be reached right now" rather than a bug. */
export function isStorageUnavailable(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: socket errors come from Node's own realm (a test VM differs).
  let e: unknown = error;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++, e = (e as { cause?: unknown }).cause) {
    const { name, message } = e as { name?: unknown; message?: unknown };
    if (name === 'MaxRetriesPerRequestError') return true;
    if (typeof message === 'string' && /Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Stream isn't writeable|enableOfflineQueue/i.test(message)) return true;
  }
  return false;
}

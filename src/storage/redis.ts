import Redis from 'ioredis';
import type { Logger } from '../logger';

/**
 * Connects to Redis. Commands fail fast while Redis is away (instead of queueing forever),
 * so a user gets "temporarily unavailable" at once; the client keeps reconnecting in the background.
 *
 * Commands issued in one turn of the event loop leave in one write (ioredis auto-pipelining): with
 * many people writing at once, their session reads and flood counts share round trips and system
 * calls. Queue and subscriber connections are made with {@link QUEUE_CONNECTION_OPTIONS} instead.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableAutoPipelining: true,
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

/**
 * For connections made with `duplicate()` for BullMQ and for pub/sub: BullMQ's own scripts are not
 * written for auto-pipelining (reported to lose job data under load, bull#2276, bullmq#457), and a
 * subscriber connection has nothing to batch.
 */
export const QUEUE_CONNECTION_OPTIONS = { enableAutoPipelining: false } as const;

/** Socket error codes (Node's, and ioredis's own connect timeout) that mean Redis is out of reach. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

/**
 * ioredis rejects commands on a closed connection with plain `Error`s that carry neither a code
 * nor a class of their own ("Connection is closed.", "Stream isn't writeable and
 * enableOfflineQueue options is false"): for these two only, the message is all there is.
 */
const UNREACHABLE_MESSAGES = /^Connection is closed\.?$|^Stream isn't writeable/;

/** True when `error` means "Redis cannot be reached right now" rather than a bug. */
export function isStorageUnavailable(error: unknown): boolean {
  // Duck-typed, not `instanceof`: socket errors come from Node's own realm (a test VM differs), and
  // ioredis does not export MaxRetriesPerRequestError from its entry point.
  let e: unknown = error;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++, e = (e as { cause?: unknown }).cause) {
    const { name, code, message } = e as { name?: unknown; code?: unknown; message?: unknown };
    if (name === 'MaxRetriesPerRequestError') return true;
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGES.test(message)) return true;
  }
  return false;
}

/**
 * A `.catch` handler for background work that must not throw but must not fail unseen either: logs a
 * warning with the error's message only (no personal data). Redis being away is left out: its
 * connection already warned once, and a line per attempt would flood the log during an outage.
 */
export function warnUnlessStorageUnavailable(logger: Pick<Logger, 'warn'>, what: string): (error: unknown) => void {
  return (error) => {
    if (isStorageUnavailable(error)) return;
    logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, what);
  };
}

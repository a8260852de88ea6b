import Redis, { type RedisOptions } from 'ioredis';
import type { Logger } from '../logger';

/** A Redis behind Sentinel: the sentinels to ask, the master's name, and the passwords if any. */
export interface SentinelTarget {
  sentinels: Array<{ host: string; port: number }>;
  name: string;
  /** The master's (and replicas') password. */
  password?: string;
  /** The sentinels' own password (`?sentinelPassword=`), if they require one. */
  sentinelPassword?: string;
}

/**
 * Reads `redis+sentinel://[:password@]host:port,host:port/master-name[?sentinelPassword=…]`
 * (what REDIS_SENTINELS + REDIS_SENTINEL_NAME become in config.ts). Undefined for any other URL.
 */
export function parseSentinelUrl(url: string): SentinelTarget | undefined {
  const match = /^redis\+sentinel:\/\/(?:([^@/]*)@)?([^/]+)\/([^/?]+)(?:\?(.*))?$/.exec(url);
  if (!match) return undefined;
  const [, auth, hosts, name, query] = match as unknown as [string, string | undefined, string, string, string | undefined];
  const sentinels = hosts.split(',').map((hostPort) => {
    const at = hostPort.lastIndexOf(':');
    return { host: hostPort.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(hostPort.slice(at + 1)) };
  });
  const password = auth?.includes(':') ? decodeURIComponent(auth.slice(auth.indexOf(':') + 1)) : undefined;
  const sentinelPassword = new URLSearchParams(query ?? '').get('sentinelPassword') ?? undefined;
  return { sentinels, name: decodeURIComponent(name), password: password || undefined, sentinelPassword };
}

/**
 * The one place that says how every connection reaches Redis: a plain `redis://` / `rediss://` URL,
 * or a master found through Sentinel. Sessions, dialogues, content, cases and the BullMQ queue
 * (whose connections are `duplicate()`s of this one, so they inherit it) all go through here.
 */
export function redisConnectionOptions(url: string): { url?: string; options: RedisOptions } {
  const options: RedisOptions = {
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
  };
  const sentinel = parseSentinelUrl(url);
  if (!sentinel) return { url, options };
  return {
    options: {
      ...options,
      sentinels: sentinel.sentinels,
      name: sentinel.name,
      password: sentinel.password,
      sentinelPassword: sentinel.sentinelPassword,
      // After a failover, ask the sentinels again at once rather than waiting on a dead master,
      // and drop a connection that lands on a replica (the old master coming back demoted).
      failoverDetector: true,
      sentinelRetryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
    },
  };
}

/**
 * Connects to Redis. Commands fail fast while Redis is away (instead of queueing forever),
 * so a user gets "temporarily unavailable" at once; the client keeps reconnecting in the background.
 *
 * Commands issued in one turn of the event loop leave in one write (ioredis auto-pipelining): with
 * many people writing at once, their session reads and flood counts share round trips and system
 * calls. Queue and subscriber connections are made with {@link QUEUE_CONNECTION_OPTIONS} instead.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const { url: plain, options } = redisConnectionOptions(url);
  const pipelined = { ...options, enableAutoPipelining: true };
  const redis = plain === undefined ? new Redis(pipelined) : new Redis(plain, pipelined);
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

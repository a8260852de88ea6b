import { limit } from '@grammyjs/ratelimiter';
import type Redis from 'ioredis';
import type { Middleware } from 'grammy';
import type { BotMetrics } from '../../observability/metrics';
import { redisKeys } from '../../storage/redis-keys';
import { RedisScript } from '../../storage/redis-script';
import type { BotContext } from '../context';
import { MESSAGE_OPTIONS } from '../respond';

/**
 * Counts one update and starts the window with the first: one round trip per update, and atomic,
 * so a counter can never be left without its expiry (which would silence a user for good).
 */
const HIT = new RedisScript(`
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return hits`);

/** The flood limit in two steps, so its Redis trip can travel with the session read. */
export interface FloodLimit {
  /**
   * Counts the update in Redis without waiting for the answer. Install it just before the session:
   * both commands leave in one write and come back together, one round trip for both.
   */
  count: Middleware<BotContext>;
  /** Waits for the count and drops an update over the limit (after i18n: the notice is in the user's language). */
  enforce: Middleware<BotContext>;
}

/**
 * Per-user flood protection, counted in Redis so it holds across bot instances. A flooding user
 * gets one polite notice in their language and is ignored until the window ends; everyone else
 * is unaffected. Offline (no Redis) the counters live in memory.
 */
export function rateLimit(options: { max: number; windowSeconds: number; keyPrefix: string; redis?: Redis; metrics?: BotMetrics }): FloodLimit {
  const onLimitExceeded = async (ctx: BotContext) => {
    options.metrics?.rateLimited.inc();
    if (ctx.chat?.type === 'private') await ctx.reply(ctx.t('errors.rate-limited'), MESSAGE_OPTIONS).catch(() => undefined);
  };
  // The counters are also erased by /forget (storage/core-eraser).
  const prefix = redisKeys(options.keyPrefix).rateLimit;
  const redis = options.redis;
  if (!redis) {
    return {
      count: (_ctx, next) => next(),
      enforce: limit<BotContext, Redis>({
        timeFrame: options.windowSeconds * 1000,
        limit: options.max,
        storageClient: 'MEMORY_STORE',
        keyPrefix: prefix,
        keyGenerator: (ctx) => ctx.from?.id.toString(),
        // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the limiter returns this promise from its middleware, so grammY awaits it
        onLimitExceeded,
      }),
    };
  }
  const counted = new WeakMap<BotContext, Promise<unknown>>();
  const hit = (userId: number) => HIT.run(redis, [prefix + userId], [options.windowSeconds * 1000]);
  return {
    count: (ctx, next) => {
      const userId = ctx.from?.id;
      if (userId !== undefined) {
        const hits = hit(userId);
        // Awaited in `enforce`; if the update fails before that (Redis away), the failure is reported there or not at all.
        hits.catch(() => undefined);
        counted.set(ctx, hits);
      }
      return next();
    },
    enforce: async (ctx, next) => {
      const userId = ctx.from?.id;
      if (userId === undefined) return next();
      // An update that skipped `count` (not expected) is counted here.
      const hits = Number(await (counted.get(ctx) ?? hit(userId)));
      if (hits <= options.max) return next();
      // The first update over the limit gets the notice; the rest of the window is silent.
      if (hits === options.max + 1) await onLimitExceeded(ctx);
    },
  };
}

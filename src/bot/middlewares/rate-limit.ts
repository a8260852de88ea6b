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

/**
 * Per-user flood protection, counted in Redis so it holds across bot instances. A flooding user
 * gets one polite notice in their language and is ignored until the window ends; everyone else
 * is unaffected. Offline (no Redis) the counters live in memory.
 */
export function rateLimit(options: { max: number; windowSeconds: number; keyPrefix: string; redis?: Redis; metrics?: BotMetrics }): Middleware<BotContext> {
  const onLimitExceeded = async (ctx: BotContext) => {
    options.metrics?.rateLimited.inc();
    if (ctx.chat?.type === 'private') await ctx.reply(ctx.t('errors.rate-limited'), MESSAGE_OPTIONS).catch(() => undefined);
  };
  // The counters are also erased by /forget (storage/core-eraser).
  const prefix = redisKeys(options.keyPrefix).rateLimit;
  const redis = options.redis;
  if (!redis) {
    return limit<BotContext, Redis>({
      timeFrame: options.windowSeconds * 1000,
      limit: options.max,
      storageClient: 'MEMORY_STORE',
      keyPrefix: prefix,
      keyGenerator: (ctx) => ctx.from?.id.toString(),
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the limiter returns this promise from its middleware, so grammY awaits it
      onLimitExceeded,
    });
  }
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined) return next();
    const hits = Number(await HIT.run(redis, [prefix + userId], [options.windowSeconds * 1000]));
    if (hits <= options.max) return next();
    // The first update over the limit gets the notice; the rest of the window is silent.
    if (hits === options.max + 1) await onLimitExceeded(ctx);
  };
}

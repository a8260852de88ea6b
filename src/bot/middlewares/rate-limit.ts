import { limit } from '@grammyjs/ratelimiter';
import type Redis from 'ioredis';
import type { Middleware } from 'grammy';
import type { BotMetrics } from '../../observability/metrics';
import type { BotContext } from '../context';
import { MESSAGE_OPTIONS } from '../respond';

/** Redis key prefix of the per-user counters (also erased by /forget). */
export function rateLimitPrefix(keyPrefix: string): string {
  return `${keyPrefix}rl:`;
}

/**
 * Per-user flood protection, counted in Redis so it holds across bot instances. A flooding user
 * gets one polite notice in their language and is ignored until the window ends; everyone else
 * is unaffected. Offline (no Redis) the counters live in memory.
 */
export function rateLimit(options: { max: number; windowSeconds: number; keyPrefix: string; redis?: Redis; metrics?: BotMetrics }): Middleware<BotContext> {
  return limit<BotContext, Redis>({
    timeFrame: options.windowSeconds * 1000,
    limit: options.max,
    storageClient: options.redis ?? 'MEMORY_STORE',
    keyPrefix: rateLimitPrefix(options.keyPrefix),
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: async (ctx) => {
      options.metrics?.rateLimited.inc();
      if (ctx.chat?.type === 'private') await ctx.reply(ctx.t('errors.rate-limited'), MESSAGE_OPTIONS).catch(() => undefined);
    },
  }) as Middleware<BotContext>;
}

import type Redis from 'ioredis';
import type { Bot } from 'grammy';
import { createBot } from '../../src/bot';
import type { BotContext } from '../../src/bot/context';
import { createI18n } from '../../src/bot/i18n';
import { loadConfig } from '../../src/config';
import { loadContent } from '../../src/content/loader';
import { createLogger } from '../../src/logger';
import { createServices } from '../../src/services/composition';
import type { LeanTelegram } from './lean-telegram';

/**
 * The production bot for a bench: Redis sessions and dialogues, rate-limit counters and run-time
 * staff roles in Redis, under `prefix`, talking to `telegram`. The flood limit stays in the
 * pipeline (its Redis counter is part of the cost) but must not drop the bench's updates:
 * dropped updates would be timed as handled ones.
 */
export async function createBenchBot(redis: Redis, prefix: string, telegram: LeanTelegram): Promise<Bot<BotContext>> {
  const config = {
    ...loadConfig({}),
    redisKeyPrefix: prefix,
    sessionTtlSeconds: 3600,
    conversationTtlSeconds: 3600,
    rateLimit: { max: 1_000_000, windowSeconds: 60 },
  };
  const logger = createLogger('silent');
  return createBot(config, {
    logger,
    i18n: await createI18n(),
    services: await createServices(config, redis, { logger, content: loadContent() }),
    botInfo: telegram.botInfo,
    fetch: telegram.fetch,
  });
}

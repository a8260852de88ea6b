import path from 'node:path';
import type Redis from 'ioredis';
import type { Bot } from 'grammy';
import type * as BotModule from '../../src/bot';
import type { BotContext } from '../../src/bot/context';
import type * as I18nModule from '../../src/bot/i18n';
import type * as ConfigModule from '../../src/config';
import type * as ContentModule from '../../src/content/loader';
import type * as LoggerModule from '../../src/logger';
import type * as CompositionModule from '../../src/services/composition';
import type { LeanTelegram } from './lean-telegram';

/**
 * The compiled module `dist/<file>` (what production runs), typed as its source. The bench itself
 * runs through tsx, but tsx's output of the bot measured differently from the compiled bot (a
 * change to the middleware walk showed only in compiled code), so the bot under test is `dist/`:
 * `npm run bench` builds it first.
 */
function compiled<T>(file: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled module, on purpose (see above)
  return require(path.join(__dirname, '..', '..', 'dist', file)) as T;
}

/**
 * The production bot for a bench: Redis sessions and dialogues, rate-limit counters and run-time
 * staff roles in Redis, under `prefix`, talking to `telegram`. The flood limit stays in the
 * pipeline (its Redis counter is part of the cost) but must not drop the bench's updates:
 * dropped updates would be timed as handled ones.
 */
export async function createBenchBot(redis: Redis, prefix: string, telegram: LeanTelegram): Promise<Bot<BotContext>> {
  const { createBot } = compiled<typeof BotModule>('bot');
  const { createI18n } = compiled<typeof I18nModule>('bot/i18n');
  const { loadConfig } = compiled<typeof ConfigModule>('config');
  const { loadContent } = compiled<typeof ContentModule>('content/loader');
  const { createLogger } = compiled<typeof LoggerModule>('logger');
  const { createServices } = compiled<typeof CompositionModule>('services/composition');
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

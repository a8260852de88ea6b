import { Writable } from 'node:stream';
import type Redis from 'ioredis';
import type { Bot } from 'grammy';
import { createBot, type BotDeps } from '../../src/bot';
import type { BotContext } from '../../src/bot/context';
import { createI18n, type I18n } from '../../src/bot/i18n';
import { loadConfig, type Config } from '../../src/config';
import { loadContent, type ContentLibrary } from '../../src/content/loader';
import { createLogger } from '../../src/logger';
import { ChatDriver } from '../../src/simulator/chat-driver';
import { FakeTelegram } from '../../src/simulator/fake-telegram';
import { createServices, type Services } from '../../src/services/composition';

let sharedI18n: Promise<I18n> | undefined;
/** Locales are read once per test file. */
export function testI18n(): Promise<I18n> {
  sharedI18n ??= createI18n();
  return sharedI18n;
}

let sharedContent: ContentLibrary | undefined;
/** The shipped content, validated once per test file. */
export function testContent(): ContentLibrary {
  sharedContent ??= loadContent();
  return sharedContent;
}

/** A bot wired exactly as in production, talking to a recording fake Bot API and a real Redis. */
export interface TestBot {
  bot: Bot<BotContext>;
  telegram: FakeTelegram;
  config: Config;
  /** Every log line the bot wrote, as JSON text. */
  logLines: string[];
  /** What the bot was built from (the composition root's services). */
  services: Services;
  /** Plays a user with this id (and Telegram app language) in a private chat. */
  user(id: number, languageCode?: string): ChatDriver;
}

/** What a test may choose of the services: their Redis (`undefined`: offline), clock and content. */
export interface TestServiceChoices {
  redis?: Redis;
  clock?: () => number;
  content?: ContentLibrary;
}

/** Options for {@link createTestBot}. */
export interface TestBotOptions {
  redis: Redis;
  /** Key prefix isolating this test's data. */
  prefix: string;
  config?: Partial<Config>;
  /** Share one fake Telegram between two bot instances (restart tests). */
  telegram?: FakeTelegram;
  deps?: Partial<Omit<BotDeps, 'services'>> & TestServiceChoices;
}

/** Builds the bot under test. */
export async function createTestBot(options: TestBotOptions): Promise<TestBot> {
  // A test may mix offline defaults with online or webhook settings; the bot under test reads them as given.
  const config = { ...loadConfig({}), redisKeyPrefix: options.prefix, ...options.config } as Config;
  const telegram = options.telegram ?? new FakeTelegram();
  const logLines: string[] = [];
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const { redis: _redis, clock, content, ...deps } = options.deps ?? {};
  const logger = deps.logger ?? createLogger('debug', logSink);
  // `deps: { redis: undefined }` plays the offline bot (the simulator without Redis).
  const redis = options.deps && 'redis' in options.deps ? options.deps.redis : options.redis;
  const services = await createServices(config, redis, { logger, clock, content: content ?? testContent() });
  const bot = createBot(config, {
    logger,
    i18n: await testI18n(),
    services,
    botInfo: telegram.botInfo,
    fetch: telegram.fetch,
    ...deps,
  });
  return {
    bot,
    telegram,
    config,
    services,
    logLines,
    user: (id, languageCode) => new ChatDriver(bot as unknown as Bot, telegram, { id, languageCode, firstName: 'Tester' }),
  };
}

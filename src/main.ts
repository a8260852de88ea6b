import { config as loadDotenv } from 'dotenv';
import { autoRetry } from '@grammyjs/auto-retry';
import { run } from '@grammyjs/runner';
import { createBot } from './bot';
import { publishBotProfile } from './bot/bot-profile';
import { createI18n } from './bot/i18n';
import { ConfigError, loadConfig, type Config } from './config';
import { ContentError, loadContent } from './content/loader';
import { createLogger } from './logger';
import { parseSimulatorArgs, runSimulator } from './simulator/run-simulator';
import { createRedis } from './storage/redis';
import { createStores } from './storage/stores';

/**
 * Start-up. Without BOT_TOKEN the real bot runs in the terminal simulator (offline); with
 * BOT_TOKEN and REDIS_URL it serves Telegram by long polling.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig();
  if (!config.botToken) {
    await runSimulator(config, { ...parseSimulatorArgs(process.argv.slice(2)), input: process.stdin, output: process.stdout });
    return;
  }
  if (!config.redisUrl) throw new ConfigError('Invalid configuration: REDIS_URL: required when BOT_TOKEN is set (sessions and dialogues live in Redis)');
  await serveTelegram(config as Config & { redisUrl: string });
}

async function serveTelegram(config: Config & { redisUrl: string }): Promise<void> {
  const logger = createLogger(config.logLevel);
  const redis = createRedis(config.redisUrl, logger);
  const i18n = await createI18n();
  const bot = createBot(config, {
    logger,
    i18n,
    content: loadContent(),
    redis,
    stores: createStores(
      { keyPrefix: config.redisKeyPrefix, sessionTtlSeconds: config.sessionTtlSeconds, dialogueTtlSeconds: config.conversationTtlSeconds },
      redis,
    ),
    // Wait out Telegram's flood limits (429) and brief network failures, but never for long:
    // a user in trouble should get an error message rather than a minute of silence.
    apiTransformers: [autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 })],
  });
  await bot.init();
  await publishBotProfile(bot.api, i18n, logger);
  const runner = run(bot);
  logger.info({ bot: bot.botInfo.username }, 'serving Telegram by long polling');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing updates in flight');
    await runner.stop();
    await redis.quit();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ContentError) {
    console.error(error.message);
  } else {
    console.error('start-up failed:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});

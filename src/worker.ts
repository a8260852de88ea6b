import { config as loadDotenv } from 'dotenv';
import { startBroadcastRuntime } from './bot/broadcast-runtime';
import { createI18n } from './bot/i18n';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { broadcastSettingsFromConfig } from './services/broadcast';
import { createRedis } from './storage/redis';

/**
 * `npm run worker`: delivers broadcasts without serving updates. Run one or more next to bot
 * instances started with BROADCAST_WORKER=external; all share the queue in Redis.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig();
  if (!config.botToken || !config.redisUrl) {
    throw new ConfigError('Invalid configuration: BOT_TOKEN and REDIS_URL: both required by the broadcast worker');
  }
  const settings = broadcastSettingsFromConfig(config);
  const logger = createLogger(config.logLevel);
  const redis = createRedis(config.redisUrl, logger);
  const runtime = await startBroadcastRuntime({ config, redis, logger, i18n: await createI18n(), settings });
  logger.info({ ratePerSecond: settings.ratePerSecond, concurrency: settings.concurrency }, 'broadcast worker started');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'broadcast worker: finishing sends in flight');
    await runtime.close();
    await redis.quit();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `broadcast worker failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

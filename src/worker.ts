import { config as loadDotenv } from 'dotenv';
import { startBroadcastRuntime } from './bot/features/broadcast/runtime';
import { reminderQueueJobs } from './bot/features/reminders/runtime';
import { createI18n } from './bot/i18n';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { broadcastSettingsFromConfig } from './services/broadcast';
import { createRedis } from './storage/redis';
import { moveKeysToHashTags } from './storage/key-migration';
import type { Logger } from './logger';
import { installProcessStop } from './process-stop';
import { retryUntilDone, StartupAborted, unlessAborted } from './startup';

let logger: Logger | undefined;

// First, before anything that could hang: a stop signal during start-up ends the process at once;
// once serving, a repeated signal does not cut the clean stop short.
const processStop = installProcessStop({
  log: (level, fields, message) => (logger ? logger[level](fields, message) : console.error(message)),
});

/**
 * `npm run worker`: delivers broadcasts without serving updates. Run one or more next to bot
 * instances started with BROADCAST_WORKER=external; all share the queue in Redis.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig();
  // With a token, the configuration already requires REDIS_URL and LOG_SALT.
  if (!config.botToken) throw new ConfigError('Invalid configuration: BOT_TOKEN: required by the broadcast worker');
  const settings = broadcastSettingsFromConfig(config);
  logger = createLogger(config.logLevel);
  const redis = createRedis(config.redisUrl, logger);
  // Queued jobs written before the Redis Cluster hash tags move to the tagged queue first, once.
  const log = logger;
  await retryUntilDone('moving keys to their hash-tagged names', () => moveKeysToHashTags(redis, config.redisKeyPrefix, log), { logger: log, signal: processStop.startup });
  const i18n = await createI18n();
  // Deadline reminders share the queue and the rate gate with notices.
  const jobs = [reminderQueueJobs({ config, redis, logger, i18n })];
  const runtime = await unlessAborted(startBroadcastRuntime({ config, redis, logger, i18n, settings, jobs }), processStop.startup);
  logger.info({ ratePerSecond: settings.ratePerSecond, concurrency: settings.concurrency }, 'broadcast worker started');
  processStop.whenServing(async () => {
    logger?.info('broadcast worker: finishing sends in flight');
    await runtime.close();
    await redis.quit();
  });
}

main().catch((error: unknown) => {
  if (error instanceof StartupAborted) process.exit(0);
  console.error(error instanceof ConfigError ? error.message : `broadcast worker failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import { autoRetry } from '@grammyjs/auto-retry';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { createBot } from './bot';
import { caseStoreFor, waitingSummary } from './services/handoff/case-store';
import { startBroadcastRuntime, type BroadcastRuntime } from './bot/broadcast-runtime';
import { broadcastSettingsFromConfig } from './services/broadcast';
import { publishBotProfile } from './bot/bot-profile';
import { createI18n } from './bot/i18n';
import type { Config } from './config';
import { loadContent } from './content/loader';
import { createLiveContent } from './services/content-store/live-content';
import { createLogger, type Logger } from './logger';
import { createMetrics, type BotMetrics } from './observability/metrics';
import { startHttpServer, type RunningHttpServer } from './server/http-server';
import { createRedis } from './storage/redis';
import { createStores, keyPrefixes } from './storage/stores';

/** Update kinds the bot handles; Telegram sends nothing else (less traffic, less to parse). */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** Replaceable parts, for tests: the Bot API transport and identity, the logger. */
export interface ServiceOverrides {
  fetch?: typeof fetch;
  botInfo?: UserFromGetMe;
  logger?: Logger;
}

/** A running bot service. */
export interface RunningService {
  httpPort: number;
  metrics: BotMetrics;
  /** Stops taking updates, finishes those in flight, closes the HTTP server and Redis. */
  stop(): Promise<void>;
}

/**
 * Starts the bot for Telegram: Redis, the bot, the operations HTTP server (health, readiness,
 * metrics; and the webhook in webhook mode), and either long polling or the webhook.
 */
export async function startService(config: Config & { redisUrl: string }, overrides: ServiceOverrides = {}): Promise<RunningService> {
  const broadcastSettings = broadcastSettingsFromConfig(config);
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const redis = createRedis(config.redisUrl, logger);
  const metrics = createMetrics();
  const i18n = await createI18n();
  // Cards and contacts staff can edit from Telegram, seeded from the shipped, validated files.
  const content = await createLiveContent(redis, loadContent(), {
    keyPrefix: config.redisKeyPrefix,
    onError: (error) => logger.error({ err: { message: error.message } }, 'live content refresh failed'),
  });
  const bot = createBot(config, {
    logger,
    i18n,
    content,
    redis,
    metrics,
    stores: createStores(
      { keyPrefix: config.redisKeyPrefix, sessionTtlSeconds: config.sessionTtlSeconds, dialogueTtlSeconds: config.conversationTtlSeconds },
      redis,
    ),
    fetch: overrides.fetch,
    botInfo: overrides.botInfo,
    // Behind one webhook, several instances may get updates of one chat at once.
    lockChatsAcrossInstances: config.mode === 'webhook',
    // Wait out Telegram's flood limits (429) and brief network failures, but never for long:
    // a user in trouble should get an error message rather than a minute of silence.
    apiTransformers: [autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 })],
  });
  await bot.init();
  await publishBotProfile(bot.api, i18n, logger);

  let accepting = false;
  const handoffCases = caseStoreFor(config, redis);
  const stateGauges = setInterval(() => void refreshStateGauges().catch(() => undefined), 30_000).unref();
  async function refreshStateGauges(): Promise<void> {
    let count = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefixes(config.redisKeyPrefix).dialogues}*`, 'COUNT', 1000);
      cursor = next;
      count += keys.length;
    } while (cursor !== '0');
    metrics.dialoguesInProgress.set(count);
    // Someone waiting long for staff is worth an alert; the gauge is what the alert watches.
    const waiting = await waitingSummary(handoffCases, Date.now());
    metrics.handoffCasesOpen.set(waiting.open);
    metrics.handoffLongestWaitSeconds.set(Math.round(waiting.longestWaitMs / 1000));
  }
  await refreshStateGauges().catch(() => undefined);

  let runner: RunnerHandle | undefined;
  let http: RunningHttpServer;
  const readiness = {
    redis: async () => redis.status === 'ready' && (await redis.ping()) === 'PONG',
    bot: () => accepting,
  };
  if (config.mode === 'webhook' && config.webhook) {
    const path = new URL(config.webhook.url).pathname;
    http = await startHttpServer({
      ...config.http,
      metrics,
      logger,
      readiness,
      webhook: {
        path,
        // Updates are handled within the request (handlers take milliseconds; broadcasts and other
        // heavy work run in the queue worker). A slow update is answered 200 before Telegram's timeout
        // so Telegram does not resend it, and keeps being handled.
        handler: webhookCallback(bot, 'http', { secretToken: config.webhook.secret, timeoutMilliseconds: 9_000, onTimeout: 'return' }),
      },
    });
    await bot.api.setWebhook(config.webhook.url, { secret_token: config.webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
    logger.info({ bot: bot.botInfo.username, path }, 'serving Telegram by webhook');
  } else {
    http = await startHttpServer({ ...config.http, metrics, logger, readiness });
    // A bot switching from webhook to polling must remove the webhook, or getUpdates fails.
    await bot.api.deleteWebhook();
    runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
    logger.info({ bot: bot.botInfo.username }, 'serving Telegram by long polling');
  }
  // Notices are sent by a queue worker, never inside update handling; here, or in `npm run worker`.
  const broadcasts: BroadcastRuntime | undefined =
    broadcastSettings.worker === 'in-process'
      ? await startBroadcastRuntime({ config, redis, logger, i18n, fetch: overrides.fetch, settings: broadcastSettings, metrics })
      : undefined;
  const queueGauge = setInterval(() => {
    void broadcasts?.queueDepth().then((depth) => metrics.broadcastQueueDepth.set(depth), () => undefined);
  }, 5_000).unref();
  accepting = true;

  let stopping: Promise<void> | undefined;
  return {
    httpPort: http.port,
    metrics,
    stop: () =>
      (stopping ??= (async () => {
        accepting = false;
        logger.info('shutting down: finishing updates in flight');
        clearInterval(stateGauges);
        clearInterval(queueGauge);
        if (runner?.isRunning()) await runner.stop();
        await http.close();
        await broadcasts?.close();
        await content.close();
        await redis.quit();
        logger.info('shut down cleanly');
      })()),
  };
}

import { autoRetry } from '@grammyjs/auto-retry';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { createBot } from './bot';
import { trackUpdatesInFlight } from './bot/middlewares/updates-in-flight';
import { waitingSummary } from './services/handoff/case-store';
import { startBroadcastRuntime, type BroadcastRuntime } from './bot/features/broadcast/runtime';
import { reminderQueueJobs } from './bot/features/reminders/runtime';
import { broadcastSettingsFromConfig } from './services/broadcast';
import { publishBotProfile } from './bot/bot-profile';
import { createI18n } from './bot/i18n';
import type { Config } from './config';
import { createServices } from './services/composition';
import { createLogger, type Logger } from './logger';
import { createMetrics, type BotMetrics } from './observability/metrics';
import { startHttpServer, type RunningHttpServer } from './server/http-server';
import { createRedis, warnUnlessStorageUnavailable } from './storage/redis';
import type Redis from 'ioredis';
import { errorMessage, pause, retryUntilDone, unlessAborted } from './startup';
import { collectYoungGenerationWhenIdle, releaseHeap, trimHeapWhenIdle } from './heap-trim';
import { retryNetworkFailures, watchTelegramConnection, type TelegramConnection } from './bot/telegram-connection';
import { redisKeys } from './storage/redis-keys';
import { moveKeysToHashTags } from './storage/key-migration';
import { asError } from './errors';

/** Update kinds the bot handles; Telegram sends nothing else (less traffic, less to parse). */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** Replaceable parts, for tests: the Bot API transport and identity, the logger. */
export interface ServiceOverrides {
  fetch?: typeof fetch;
  botInfo?: UserFromGetMe;
  logger?: Logger;
  /** Aborted by the first stop signal: start-up gives up at once, whatever it was waiting for. */
  signal?: AbortSignal;
}

/** A running bot service. */
export interface RunningService {
  httpPort: number;
  metrics: BotMetrics;
  /** Stops taking updates, finishes those in flight, closes the HTTP server and Redis. */
  stop(): Promise<void>;
  /** Settles if the service fails on its own after start-up (polling gave up); the process should exit. */
  failed: Promise<Error>;
}

/**
 * Starts the bot for Telegram, in an order that keeps an operator informed: the operations HTTP
 * server first (`/healthz` answers while the rest starts; `/readyz` says 503 until Redis and
 * Telegram are reached and updates are taken), then Redis, then Telegram — each retried with a
 * warning per failed attempt — then long polling or the webhook. A stop signal (`overrides.signal`)
 * ends start-up at once with {@link StartupAborted}, closing what was opened.
 */
export async function startService(config: Config & { redisUrl: string }, overrides: ServiceOverrides = {}): Promise<RunningService> {
  const { signal } = overrides;
  const broadcastSettings = broadcastSettingsFromConfig(config);
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const telegram = watchTelegramConnection(logger);
  let accepting = false;
  let redis: Redis | undefined;
  const readiness = {
    redis: async () => redis !== undefined && redis.status === 'ready' && (await redis.ping()) === 'PONG',
    telegram: () => telegram.reachable,
    bot: () => accepting,
  };
  const http = await startHttpServer({ ...config.http, metrics, logger, readiness });
  const opened: Array<() => Promise<unknown>> = [() => http.close()];
  try {
    redis = createRedis(config.redisUrl, logger);
    const connectedRedis = redis;
    opened.push(async () => connectedRedis.disconnect());
    await retryUntilDone('connecting to Redis', () => connectedRedis.ping(), { logger, signal });
    logger.info('start-up: Redis reached');
    // Data written before the Redis Cluster hash tags moves to its tagged keys, once.
    await unlessAborted(moveKeysToHashTags(connectedRedis, config.redisKeyPrefix, logger), signal);
    return await startBot(config, { ...overrides, logger, metrics, redis, http, telegram, broadcastSettings, setAccepting: (value) => (accepting = value) });
  } catch (error) {
    // Nothing serves yet: close what was opened, newest first, without waiting on what hangs.
    for (const close of opened.reverse()) await Promise.race([close().catch(() => undefined), pause(500).catch(() => undefined)]);
    throw error;
  }
}

interface StartBotParts extends ServiceOverrides {
  logger: Logger;
  metrics: BotMetrics;
  redis: Redis;
  http: RunningHttpServer;
  telegram: TelegramConnection;
  broadcastSettings: ReturnType<typeof broadcastSettingsFromConfig>;
  setAccepting(accepting: boolean): void;
}

async function startBot(config: Config & { redisUrl: string }, parts: StartBotParts): Promise<RunningService> {
  const { logger, metrics, redis, http, telegram, signal, broadcastSettings } = parts;
  const i18n = await createI18n();
  // Every store and service, once; cards and contacts staff can edit are seeded from the shipped files.
  const services = await unlessAborted(createServices(config, redis, { logger }), signal);
  const updatesInFlight = trackUpdatesInFlight();
  const bot = createBot(config, {
    updatesInFlight,
    logger,
    i18n,
    services,
    metrics,
    fetch: parts.fetch,
    botInfo: parts.botInfo,
    // Behind one webhook, several instances may get updates of one chat at once.
    lockChatsAcrossInstances: config.mode === 'webhook',
    apiTransformers: [
      // Wait out Telegram's flood limits (429) and its brief 5xx, but never for long: a user in
      // trouble should get an error message rather than a minute of silence. Network failures are
      // not auto-retry's to retry forever in silence: a short retry here, then the caller hears it.
      autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true }),
      retryNetworkFailures(),
      telegram.transformer,
    ],
  });
  if (parts.botInfo) {
    await bot.init();
  } else {
    // getMe by hand rather than bot.init(), which retries a failing Telegram forever without a word.
    bot.botInfo = await retryUntilDone('reaching Telegram (getMe)', () => bot.api.getMe(), { logger, signal });
  }
  logger.info({ bot: bot.botInfo.username }, 'start-up: Telegram reached');

  const handoffCases = services.handoffCases;
  const gaugeRefreshFailed = warnUnlessStorageUnavailable(logger, 'metrics: refreshing the state gauges failed');
  const stateGauges = setInterval(() => void refreshStateGauges().catch(gaugeRefreshFailed), 30_000).unref();
  async function refreshStateGauges(): Promise<void> {
    let count = 0;
    // Conversations (the calculator, staff forms) and walks through the cards alike.
    const keys = redisKeys(config.redisKeyPrefix);
    for (const prefix of [keys.dialogues, keys.cardWalks]) {
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        count += found.length;
      } while (cursor !== '0');
    }
    metrics.dialoguesInProgress.set(count);
    // Someone waiting long for staff is worth an alert; the gauge is what the alert watches.
    const waiting = await waitingSummary(handoffCases, Date.now());
    metrics.handoffCasesOpen.set(waiting.open);
    metrics.handoffLongestWaitSeconds.set(Math.round(waiting.longestWaitMs / 1000));
  }
  void refreshStateGauges().catch(gaugeRefreshFailed);

  let runner: RunnerHandle | undefined;
  let failed: Promise<Error> = new Promise<Error>(() => undefined);
  if (config.mode === 'webhook') {
    const path = new URL(config.webhook.url).pathname;
    // Updates are handled within the request (handlers take milliseconds; broadcasts and other
    // heavy work run in the queue worker). A slow update is answered 200 before Telegram's timeout
    // so Telegram does not resend it, and keeps being handled.
    http.attachWebhook(path, webhookCallback(bot, 'http', { secretToken: config.webhook.secret, timeoutMilliseconds: 9_000, onTimeout: 'return' }));
    const webhook = config.webhook;
    await retryUntilDone(
      'registering the webhook',
      () => bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] }),
      { logger, signal },
    );
    logger.info({ bot: bot.botInfo.username, path }, 'serving Telegram by webhook');
  } else {
    // A bot switching from webhook to polling must remove the webhook, or getUpdates fails.
    await retryUntilDone('removing a webhook before polling', () => bot.api.deleteWebhook(), { logger, signal });
    runner = run(bot, {
      runner: {
        fetch: { allowed_updates: [...ALLOWED_UPDATES] },
        // The connection watcher logs an outage once; the runner's own console lines would repeat
        // it for every failed poll. Its back-off grows by 100 ms a try (not doubling without a cap),
        // so polling resumes within seconds of Telegram coming back, even after a long outage.
        silent: true,
        retryInterval: 'quadratic',
      },
    });
    const polling = runner;
    failed = (polling.task() ?? Promise.resolve()).then(
      () => new Error('polling stopped'),
      asError,
    ).then((error) => {
      if (!stopping) logger.error({ err: { message: error.message } }, 'polling gave up');
      return stopping ? new Promise<Error>(() => undefined) : error;
    });
    logger.info({ bot: bot.botInfo.username }, 'serving Telegram by long polling');
  }
  // Published in the background: the bot serves while the command menus go out (failures are logged).
  void publishBotProfile(bot.api, i18n, logger);
  // Notices are sent by a queue worker, never inside update handling; here, or in `npm run worker`.
  const broadcasts: BroadcastRuntime | undefined =
    broadcastSettings.worker === 'in-process'
      ? await startBroadcastRuntime({
          config,
          redis,
          logger,
          i18n,
          fetch: parts.fetch,
          settings: broadcastSettings,
          metrics,
          stores: services.subscribers && services.broadcasts ? { subscribers: services.subscribers, audience: services.broadcasts.audience } : undefined,
          // Deadline reminders share the queue and the rate gate with notices.
          jobs: [reminderQueueJobs({ config, redis, logger, i18n, fetch: parts.fetch, metrics, subscribers: services.subscribers })],
        })
      : undefined;
  const queueGauge = setInterval(() => {
    void broadcasts?.queueDepth().then((depth) => metrics.broadcastQueueDepth.set(depth), () => undefined);
  }, 5_000).unref();
  parts.setAccepting(true);
  // The FAQ (its Redis snapshot, search index and change feed) is loaded now, in the background,
  // rather than by the first question, which would keep everyone asking in that moment waiting.
  // Then start-up's garbage and grown young generation go, not whenever V8 gets round to it.
  void services.faq
    .ready()
    .catch(warnUnlessStorageUnavailable(logger, 'start-up: loading the FAQ failed; the first question will try again'))
    .finally(() => {
      try {
        releaseHeap();
      } catch (error) {
        logger.warn({ err: { message: errorMessage(error) } }, 'start-up: giving memory back failed');
      }
    });
  // A burst's memory goes back once the bot is quiet again (Node 26 keeps it otherwise).
  const stopTrimming = trimHeapWhenIdle({
    handled: () => updatesInFlight.handled,
    onTrim: (before, after) => logger.debug({ rssMbBefore: Math.round(before / 2 ** 20), rssMbAfter: Math.round(after / 2 ** 20) }, 'memory given back after a busy spell'),
    onFailure: (error) => logger.warn({ err: { message: error.message } }, 'giving memory back failed; no more tries'),
  });

  // Between bursts, the garbage of the last one goes while nobody waits (see heap-trim.ts).
  const stopScavenging = collectYoungGenerationWhenIdle({
    inFlight: () => updatesInFlight.count,
    onFailure: (error) => logger.warn({ err: { message: error.message } }, 'collecting garbage between bursts failed; left to V8'),
  });

  let stopping: Promise<void> | undefined;
  return {
    httpPort: http.port,
    metrics,
    failed,
    stop: () =>
      (stopping ??= (async () => {
        parts.setAccepting(false);
        logger.info('shutting down: finishing updates in flight');
        clearInterval(stateGauges);
        clearInterval(queueGauge);
        stopTrimming();
        stopScavenging();
        if (runner?.isRunning()) await runner.stop();
        // Webhook requests are awaited by the HTTP server's close; polled updates only here.
        await http.close();
        await updatesInFlight.drained();
        await broadcasts?.close();
        await services.close();
        await redis.quit();
        logger.info('shut down cleanly');
      })()),
  };
}

import { Api } from 'grammy';
import type Redis from 'ioredis';
import { OFFLINE_TOKEN, type Config } from '../../../config';
import type { Logger } from '../../../logger';
import type { BotMetrics } from '../../../observability/metrics';
import { DEFAULT_BROADCAST_SETTINGS, startDeliveryRuntime, type Audience, type BroadcastSettings, type QueueJobHandler } from '../../../services/broadcast';
import { createAudience } from '../../../services/broadcast/session-audience';
import { SubscriberStore } from '../../../services/subscribers';
import { telegramNoticeTransport, telegramProgressReporter } from './sender';
import type { I18n } from '../../i18n';
import { botApiClientOptions } from '../../bot-api-transport';

/** What {@link startBroadcastRuntime} needs. */
export interface BroadcastRuntimeOptions {
  config: Config;
  /** The bot's Redis (BullMQ gets its own connections from it). */
  redis: Redis;
  logger: Logger;
  i18n: I18n;
  /** Replaces the HTTP transport to the Bot API (simulator, tests). */
  fetch?: typeof fetch;
  /** Overrides of the delivery settings (rate, concurrency, intervals). */
  settings?: Partial<BroadcastSettings>;
  /** Decides when scheduled notices are due (tests move it). */
  clock?: () => number;
  /** Where queue depth and send results are counted. */
  metrics?: BotMetrics;
  /**
   * The subscriber store and audience of the composition root, when the process has one (the bot,
   * the simulator); the standalone worker, which builds no other service, leaves it out.
   */
  stores?: { subscribers: SubscriberStore; audience: Audience };
  /** Other messages sent through the same queue and rate gate (deadline reminders). */
  jobs?: readonly QueueJobHandler[];
}

/** A started broadcast runtime. */
export interface BroadcastRuntime {
  /** Messages queued or in flight. */
  queueDepth(): Promise<number>;
  /** Stops cleanly: sends in flight finish, queued ones wait in Redis for the next start. */
  close(): Promise<void>;
}

/**
 * Starts delivering broadcasts from Redis: a queue worker and the dispatcher that starts due
 * notices, paces the queue and keeps the admins' progress messages current. Runs in the bot
 * process (main.ts) or in `npm run worker` processes; all share one queue.
 */
export async function startBroadcastRuntime(options: BroadcastRuntimeOptions): Promise<BroadcastRuntime> {
  const { config, redis } = options;
  // Its own Api, without the bot's auto-retry: a 429 must pause the whole queue, not one send.
  const api = new Api(config.botToken ?? OFFLINE_TOKEN, botApiClientOptions(config.botApiRoot, { custom: options.fetch }));
  const subscribers = options.stores?.subscribers ?? new SubscriberStore(redis, config.redisKeyPrefix);
  const audience = options.stores?.audience ?? createAudience(redis, config.redisKeyPrefix, subscribers);
  return startDeliveryRuntime({
    redis,
    keyPrefix: config.redisKeyPrefix,
    transport: telegramNoticeTransport(api),
    reporter: telegramProgressReporter(api, options.i18n),
    audience,
    subscribers,
    logger: options.logger,
    logSalt: config.logSalt,
    settings: { ...DEFAULT_BROADCAST_SETTINGS, ...options.settings },
    clock: options.clock,
    onOutcome: options.metrics ? (outcome) => options.metrics!.broadcastSends.inc({ result: outcome }) : undefined,
    jobs: options.jobs,
  });
}

import { Api } from 'grammy';
import type Redis from 'ioredis';
import { OFFLINE_TOKEN, type Config } from '../../../config';
import type { Logger } from '../../../logger';
import type { BotMetrics } from '../../../observability/metrics';
import { DEFAULT_BROADCAST_SETTINGS, type QueueJobHandler } from '../../../services/broadcast';
import { reminderJobHandler, ReminderStore, timeZoneOfRegion } from '../../../services/reminders';
import { SubscriberStore } from '../../../services/subscribers';
import { botApiClientOptions } from '../../bot-api-transport';
import type { I18n } from '../../i18n';
import { MESSAGE_OPTIONS } from '../../respond';
import { classifyTelegramError } from '../../send-failure';
import { renderReminder } from './view';

/** What {@link reminderQueueJobs} needs. */
export interface ReminderJobsOptions {
  config: Config;
  redis: Redis;
  logger: Logger;
  i18n: I18n;
  /** Replaces the HTTP transport to the Bot API (simulator, tests, bench). */
  fetch?: typeof fetch;
  metrics?: BotMetrics;
  /** Milliseconds since the epoch: "today" and the daytime check (tests fix it). */
  clock?: () => number;
  /** The composition root's subscriber store, when the process has one. */
  subscribers?: SubscriberStore;
}

/**
 * The reminder jobs of the delivery queue: give the result to `startBroadcastRuntime({ jobs })`,
 * so reminders are sent by the same worker and rate gate as notices. Each reminder is rendered in
 * the person's language at send time, on its own Api without auto-retry (a 429 pauses the queue).
 */
export function reminderQueueJobs(options: ReminderJobsOptions): QueueJobHandler {
  const { config, redis, i18n } = options;
  const api = new Api(config.botToken ?? OFFLINE_TOKEN, botApiClientOptions(config.botApiRoot, { custom: options.fetch }));
  const subscribers = options.subscribers ?? new SubscriberStore(redis, config.redisKeyPrefix);
  return reminderJobHandler({
    store: new ReminderStore(redis, config.redisKeyPrefix, options.clock),
    transport: {
      send: async (message) => {
        const { html, keyboard } = renderReminder(i18n.translatorFor(message.language), message);
        await api.sendMessage(message.userId, html, { ...MESSAGE_OPTIONS, reply_markup: keyboard });
      },
      classify: classifyTelegramError,
    },
    timeZoneOf: async (userId) => timeZoneOfRegion((await subscribers.get(userId))?.region),
    // As for notices: someone who blocked the bot is no longer counted as a reachable subscriber.
    markBlocked: async (userId) => {
      await subscribers.setActive(userId, false);
    },
    logger: options.logger,
    logSalt: config.logSalt,
    maxHoldMs: DEFAULT_BROADCAST_SETTINGS.maxHoldMs,
    clock: options.clock,
    onOutcome: options.metrics ? (outcome) => options.metrics!.remindersSent.inc({ result: outcome }) : undefined,
  });
}

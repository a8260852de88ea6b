/**
 * Delivery of notices: the real broadcast runtime (BullMQ queue, rate gate, exactly-once store,
 * grammY Api over HTTP) against a fake Bot API on loopback that enforces a global rate and answers
 * 429 when it is exceeded, and 403 for users who blocked the bot. Every recipient must be accepted
 * exactly once by the server: more is a duplicate, none is a loss. Also: the time and memory to
 * queue (freeze) the recipient list of a notice to 100,000 subscribers, and a notice with deadline
 * reminders coming due during it, both through one queue and one rate gate.
 */
import type Redis from 'ioredis';
import { createAudience } from '../src/services/broadcast/session-audience';
import { startBroadcastRuntime } from '../src/bot/features/broadcast/runtime';
import { reminderQueueJobs } from '../src/bot/features/reminders/runtime';
import { createI18n } from '../src/bot/i18n';
import { loadConfig, type Config } from '../src/config';
import { createLogger } from '../src/logger';
import { broadcastSettingsFromConfig, NoticeStore, type BroadcastSettings } from '../src/services/broadcast';
import type { Language } from '../src/services/languages';
import { MOSCOW_TIME_ZONE } from '../src/services/moscow-time';
import { ReminderService } from '../src/services/reminders';
import { SubscriberStore } from '../src/services/subscribers';
import { LoopbackBotApi } from './lib/loopback-bot-api';
import { deleteByPrefix } from './lib/redis-keys';
import { fixed, markdownTable } from './lib/table';

const ADMIN_CHAT = 42;
const LANGUAGES: readonly Language[] = ['ru', 'tg', 'en'];

/** One delivery run: a notice to `recipients` subscribers through a Bot API allowing `limitPerSecond`. */
export interface DeliveryRunOptions {
  limitPerSecond: number;
  recipients: number;
  /** Every n-th recipient has blocked the bot (403). */
  blockedEvery: number;
  /** Parallel sends of the worker (BROADCAST_CONCURRENCY). */
  concurrency: number;
  /** Overrides of the delivery settings, if any (reported with the result). */
  settings?: Partial<BroadcastSettings>;
}

/** What a delivery run measured, from the server's record. */
export interface DeliveryResult {
  limitPerSecond: number;
  configuredRate: number;
  recipients: number;
  /** Accepted bulk sends per second between the first and the last. */
  achievedPerSecond: number;
  share: number;
  /** The most accepted sends in any one second (never above the limit, or the server would have said 429). */
  maxInOneSecond: number;
  tooMany: number;
  delivered: number;
  forbidden: number;
  duplicates: number;
  losses: number;
  /** From the notice's creation to its final report. */
  totalSeconds: number;
  /** The notice's own counts agree with the server's record. */
  countsAgree: boolean;
}

/** Subscribes users `first … first + count - 1` through the store (many at once; not timed). */
async function seedSubscribers(redis: Redis, prefix: string, first: number, count: number): Promise<void> {
  const store = new SubscriberStore(redis, prefix);
  const now = Date.now();
  for (let i = 0; i < count; i += 1000) {
    const ids = Array.from({ length: Math.min(1000, count - i) }, (_, k) => first + i + k);
    await Promise.all(ids.map((id) => store.subscribe(id, LANGUAGES[id % 3]!, now)));
  }
}

/** A notice to everyone, due now, as the compose dialogue stores it. */
function createNotice(store: NoticeStore, startAt: number): Promise<number> {
  return store.create({
    target: { kind: 'all' },
    html: { ru: '📢 <b>Оповещение</b>\n\nтекст', tg: '📢 <b>Эълон</b>\n\nматн', en: '📢 <b>Notice</b>\n\ntext' },
    summary: 'bench',
    createdBy: { userId: ADMIN_CHAT, name: 'Bench' },
    adminChatId: ADMIN_CHAT,
    adminLanguage: 'en',
    createdAt: startAt,
    startAt,
  });
}

/** Runs one notice through the runtime and the loopback Bot API; deletes its keys afterwards. */
export async function runDelivery(redis: Redis, prefix: string, options: DeliveryRunOptions): Promise<DeliveryResult> {
  const first = 7_000_000;
  const ids = Array.from({ length: options.recipients }, (_, i) => first + i);
  const blocked = new Set(ids.filter((_, i) => i % options.blockedEvery === options.blockedEvery - 1));
  const api = new LoopbackBotApi({ perSecond: options.limitPerSecond, retryAfterSeconds: 1, blocked, exemptChats: new Set([ADMIN_CHAT]) });
  const apiRoot = await api.start();
  try {
    await seedSubscribers(redis, prefix, first, options.recipients);
    // Built directly: the schema caps BROADCAST_RATE_PER_SECOND at Telegram's 30, the scaled run goes above.
    const base = loadConfig({});
    const config: Config = {
      ...base,
      redisKeyPrefix: prefix,
      botApiRoot: apiRoot,
      broadcast: { ...base.broadcast, ratePerSecond: options.limitPerSecond, concurrency: options.concurrency },
    };
    const runtime = await startBroadcastRuntime({
      config,
      redis,
      logger: createLogger('silent'),
      i18n: await createI18n(),
      // As service.ts does: the delivery settings come from the configuration.
      settings: { ...broadcastSettingsFromConfig(config), ...options.settings },
    });
    const store = new NoticeStore(redis, prefix);
    const started = Date.now();
    const id = await createNotice(store, started);
    const expectedSeconds = options.recipients / options.limitPerSecond;
    const deadline = started + (expectedSeconds * 3 + 30) * 1000;
    let notice = await store.get(id);
    while (!notice?.reported && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      notice = await store.get(id);
    }
    const totalSeconds = (Date.now() - started) / 1000;
    await runtime.close();

    let duplicates = 0;
    let losses = 0;
    for (const chatId of ids) {
      const record = api.chats.get(chatId);
      const accepted = (record?.delivered ?? 0) + (record?.forbidden ?? 0);
      if (accepted === 0) losses++;
      if (accepted > 1) duplicates += accepted - 1;
    }
    const times = api.acceptedAt;
    const achieved = times.length > 1 ? ((times.length - 1) / (times.at(-1)! - times[0]!)) * 1000 : 0;
    const counts = notice?.counts;
    return {
      limitPerSecond: options.limitPerSecond,
      configuredRate: options.limitPerSecond,
      recipients: options.recipients,
      achievedPerSecond: achieved,
      share: achieved / options.limitPerSecond,
      maxInOneSecond: api.maxInAnyWindow(1000),
      tooMany: api.total('tooMany'),
      delivered: api.total('delivered'),
      forbidden: api.total('forbidden'),
      duplicates,
      losses,
      totalSeconds,
      countsAgree: counts !== undefined && counts.sent === api.total('delivered') && counts.blocked === api.total('forbidden') && notice?.status === 'done',
    };
  } finally {
    await api.stop();
    await deleteByPrefix(redis, prefix);
  }
}

/** What queueing a large notice cost. */
export interface QueueingResult {
  recipients: number;
  seconds: number;
  /** Growth of resident memory while freezing (after GC before; not after, so garbage counts). */
  rssGrowthMb: number;
  /** Highest heap in use while freezing, above where it started. */
  peakHeapGrowthMb: number;
}

/**
 * Times what the dispatcher does when a notice starts: read the audience (every subscriber, with
 * the language of their session) and freeze the recipient list in Redis, from which the queue is fed.
 */
export async function measureQueueing(redis: Redis, prefix: string, recipients: number): Promise<QueueingResult> {
  try {
    await seedSubscribers(redis, prefix, 8_000_000, recipients);
    const store = new NoticeStore(redis, prefix);
    const id = await createNotice(store, Date.now());
    (globalThis as { gc?: () => void }).gc?.();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 10);
    const started = process.hrtime.bigint();
    const list = await createAudience(redis, prefix).recipients({ kind: 'all' });
    const frozen = await store.freeze(id, list, Date.now());
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const total = (await store.get(id))?.total;
    if (!frozen || total !== recipients) throw new Error(`froze ${total} of ${recipients} recipients`);
    return { recipients, seconds, rssGrowthMb: (process.memoryUsage().rss - rssBefore) / 2 ** 20, peakHeapGrowthMb: (peakHeap - heapBefore) / 2 ** 20 };
  } finally {
    await deleteByPrefix(redis, prefix);
  }
}

/** The delivery runs as a table. */
export function deliveryTable(results: readonly DeliveryResult[]): string {
  return markdownTable(
    [
      { header: 'limit/s', right: true },
      { header: 'recipients', right: true },
      { header: 'achieved/s', right: true },
      { header: 'share of limit', right: true },
      { header: 'max in 1 s', right: true },
      { header: '429s', right: true },
      { header: '200s', right: true },
      { header: '403s', right: true },
      { header: 'duplicates', right: true },
      { header: 'losses', right: true },
      { header: 'counts agree', right: true },
      { header: 'total s', right: true },
    ],
    results.map((r) => [
      String(r.limitPerSecond),
      String(r.recipients),
      fixed(r.achievedPerSecond, 1),
      fixed(r.share, 3),
      String(r.maxInOneSecond),
      String(r.tooMany),
      String(r.delivered),
      String(r.forbidden),
      String(r.duplicates),
      String(r.losses),
      r.countsAgree ? 'yes' : 'NO',
      fixed(r.totalSeconds, 1),
    ]),
  );
}

/** A notice and deadline reminders at once: both share one queue and one rate gate. */
export interface SharedDeliveryOptions {
  limitPerSecond: number;
  /** Subscribers the notice goes to. */
  recipients: number;
  /** People whose reminder comes due a few seconds after the notice starts. */
  reminders: number;
  concurrency: number;
}

/** What the shared run measured, from the server's record. */
export interface SharedDeliveryResult {
  limitPerSecond: number;
  recipients: number;
  reminders: number;
  /** The most accepted sends in any one second, notices and reminders together. */
  maxInOneSecond: number;
  tooMany: number;
  noticeDuplicates: number;
  noticeLosses: number;
  reminderDuplicates: number;
  reminderLosses: number;
  /** From a reminder's due moment to Telegram accepting it: median and worst, seconds. */
  reminderWaitP50: number;
  reminderWaitMax: number;
  /** When the notice's last send was accepted, seconds after it started. */
  noticeSeconds: number;
  totalSeconds: number;
}

/**
 * A notice to `recipients` subscribers and `reminders` reminders coming due from 3 s after it starts,
 * through the same runtime (reminder jobs beside the notice's) and a Bot API allowing `limitPerSecond`
 * for both: the limit must hold across both kinds, no message twice or lost, and the reminders must
 * not wait for the end of the notice (the notice feeds the queue a small window at a time).
 */
export async function runSharedDelivery(redis: Redis, prefix: string, options: SharedDeliveryOptions): Promise<SharedDeliveryResult> {
  const firstSubscriber = 7_000_000;
  const firstReminded = 9_000_000;
  const subscriberIds = Array.from({ length: options.recipients }, (_, i) => firstSubscriber + i);
  const remindedIds = Array.from({ length: options.reminders }, (_, i) => firstReminded + i);
  const api = new LoopbackBotApi({ perSecond: options.limitPerSecond, retryAfterSeconds: 1, blocked: new Set(), exemptChats: new Set([ADMIN_CHAT]) });
  const apiRoot = await api.start();
  try {
    await seedSubscribers(redis, prefix, firstSubscriber, options.recipients);
    const base = loadConfig({});
    const config: Config = {
      ...base,
      redisKeyPrefix: prefix,
      botApiRoot: apiRoot,
      broadcast: { ...base.broadcast, ratePerSecond: options.limitPerSecond, concurrency: options.concurrency },
    };
    // The reminder 3 days before a registration deadline of 20 March 2026 is due at 10:00 Moscow time
    // on 17 March: planned from one second before it, each comes due one second after it is set. The
    // worker's clock runs on from 10:00 (daytime) with real time.
    const alertAt = Date.parse('2026-03-17T07:00:00Z');
    const realStart = Date.now();
    const workerClock = () => alertAt + (Date.now() - realStart);
    const i18n = await createI18n();
    const logger = createLogger('silent');
    const runtime = await startBroadcastRuntime({
      config,
      redis,
      logger,
      i18n,
      settings: broadcastSettingsFromConfig(config),
      jobs: [reminderQueueJobs({ config, redis, logger, i18n, clock: workerClock })],
    });
    const store = new NoticeStore(redis, prefix);
    const started = Date.now();
    const id = await createNotice(store, started);
    // Three seconds into the notice, people's reminders come due (the notice is far from done).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const reminders = new ReminderService({ redis, keyPrefix: prefix, logSalt: config.logSalt, clock: () => alertAt - 1000, timeZoneOf: async () => MOSCOW_TIME_ZONE });
    const dueAt = new Map<number, number>();
    for (let i = 0; i < remindedIds.length; i += 100) {
      await Promise.all(
        remindedIds.slice(i, i + 100).map(async (chatId) => {
          await reminders.set(chatId, LANGUAGES[chatId % 3]!, [{ kind: 'registration', due: '2026-03-20', rule: 'registration-tajikistan' }]);
          dueAt.set(chatId, Date.now() + 1000);
        }),
      );
    }
    await reminders.close();
    const accepted = (ids: readonly number[]) => ids.filter((chatId) => (api.chats.get(chatId)?.delivered ?? 0) + (api.chats.get(chatId)?.forbidden ?? 0) > 0).length;
    const deadline = started + (((options.recipients + options.reminders) / options.limitPerSecond) * 3 + 30) * 1000;
    let notice = await store.get(id);
    while ((!notice?.reported || accepted(remindedIds) < remindedIds.length) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      notice = await store.get(id);
    }
    const totalSeconds = (Date.now() - started) / 1000;
    await runtime.close();

    const tally = (ids: readonly number[]) => {
      let duplicates = 0;
      let losses = 0;
      for (const chatId of ids) {
        const record = api.chats.get(chatId);
        const count = (record?.delivered ?? 0) + (record?.forbidden ?? 0);
        if (count === 0) losses++;
        if (count > 1) duplicates += count - 1;
      }
      return { duplicates, losses };
    };
    const waits = remindedIds
      .map((chatId) => [api.firstAcceptedAt.get(chatId), dueAt.get(chatId)] as const)
      .filter((pair): pair is readonly [number, number] => pair[0] !== undefined && pair[1] !== undefined)
      .map(([at, due]) => Math.max(0, at - due) / 1000)
      .sort((a, b) => a - b);
    const lastNotice = Math.max(...subscriberIds.map((chatId) => api.firstAcceptedAt.get(chatId) ?? 0));
    const notices = tally(subscriberIds);
    const reminderTally = tally(remindedIds);
    return {
      limitPerSecond: options.limitPerSecond,
      recipients: options.recipients,
      reminders: options.reminders,
      maxInOneSecond: api.maxInAnyWindow(1000),
      tooMany: api.total('tooMany'),
      noticeDuplicates: notices.duplicates,
      noticeLosses: notices.losses,
      reminderDuplicates: reminderTally.duplicates,
      reminderLosses: reminderTally.losses,
      reminderWaitP50: waits[Math.floor(waits.length / 2)] ?? NaN,
      reminderWaitMax: waits.at(-1) ?? NaN,
      noticeSeconds: (lastNotice - started) / 1000,
      totalSeconds,
    };
  } finally {
    await api.stop();
    await deleteByPrefix(redis, prefix);
  }
}

/** The shared run as a table. */
export function sharedDeliveryTable(results: readonly SharedDeliveryResult[]): string {
  return markdownTable(
    [
      { header: 'limit/s', right: true },
      { header: 'notice recipients', right: true },
      { header: 'reminders due', right: true },
      { header: 'max in 1 s', right: true },
      { header: '429s', right: true },
      { header: 'duplicates (notice / reminders)', right: true },
      { header: 'losses (notice / reminders)', right: true },
      { header: 'reminder wait p50 s', right: true },
      { header: 'reminder wait max s', right: true },
      { header: 'notice done s', right: true },
    ],
    results.map((r) => [
      String(r.limitPerSecond),
      String(r.recipients),
      String(r.reminders),
      String(r.maxInOneSecond),
      String(r.tooMany),
      `${r.noticeDuplicates} / ${r.reminderDuplicates}`,
      `${r.noticeLosses} / ${r.reminderLosses}`,
      fixed(r.reminderWaitP50, 2),
      fixed(r.reminderWaitMax, 2),
      fixed(r.noticeSeconds, 1),
    ]),
  );
}

/**
 * Delivery of notices: the real broadcast runtime (BullMQ queue, rate gate, exactly-once store,
 * grammY Api over HTTP) against a fake Bot API on loopback that enforces a global rate and answers
 * 429 when it is exceeded, and 403 for users who blocked the bot. Every recipient must be accepted
 * exactly once by the server: more is a duplicate, none is a loss. Also: the time and memory to
 * queue (freeze) the recipient list of a notice to 100,000 subscribers.
 */
import type Redis from 'ioredis';
import { createAudience } from '../src/services/broadcast/session-audience';
import { startBroadcastRuntime } from '../src/bot/features/broadcast/runtime';
import { createI18n } from '../src/bot/i18n';
import { loadConfig, type Config } from '../src/config';
import { createLogger } from '../src/logger';
import { broadcastSettingsFromConfig, NoticeStore, type BroadcastSettings } from '../src/services/broadcast';
import type { Language } from '../src/services/languages';
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

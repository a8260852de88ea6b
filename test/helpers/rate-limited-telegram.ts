import { Writable } from 'node:stream';
import type Redis from 'ioredis';
import { startBroadcastRuntime, type BroadcastRuntime } from '../../src/bot/features/broadcast/runtime';
import type { Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { NoticeStore, type BroadcastSettings, type QueueJobHandler, type Target } from '../../src/services/broadcast';
import type { Language } from '../../src/services/languages';
import { SubscriberStore, type Region } from '../../src/services/subscribers';
import { FakeTelegram, type InjectedFailure } from '../../src/simulator/fake-telegram';
import { testI18n } from './harness';
export { waitFor } from './wait-for';

/** One sendMessage request as the fake API saw it. */
export interface SendRecord {
  chatId: number;
  /** Milliseconds since the epoch when the request arrived. */
  at: number;
  /** What the fake answered. */
  status: 200 | 400 | 403 | 429 | 'network';
  /** For 429: whether it was the enforced limit (not a failure injected by the test). */
  overLimit?: 'global' | 'chat';
}

/** The limits the fake enforces, like Telegram does. */
export interface RateLimits {
  /** sendMessage requests allowed in any sliding 1-second window (chats in `exemptChats` aside). */
  perSecond: number;
  /** Minimum time between two messages to one chat. */
  perChatIntervalMs?: number;
  /** What a 429 tells the bot to wait. */
  retryAfterSeconds?: number;
  /** Chats whose traffic is not bulk (the admin's progress messages). */
  exemptChats?: readonly number[];
}

/**
 * A fake Bot API that enforces Telegram's limits: more than `perSecond` sendMessage requests in
 * any second, or two to one chat within `perChatIntervalMs`, are answered 429 with retry_after.
 * Chosen chats answer 403 (blocked the bot) or 400, or fail at the network level. Every
 * sendMessage is timestamped, so tests can check the limit was never exceeded.
 */
export class RateLimitedTelegram extends FakeTelegram {
  /** Every sendMessage request outside the exempt chats, in order of arrival. */
  readonly sends: SendRecord[] = [];
  private readonly blocked = new Set<number>();
  private readonly rejected = new Map<number, string>();
  private readonly networkFailures = new Map<number, number>();
  private readonly lastToChat = new Map<number, number>();

  constructor(readonly limits: RateLimits) {
    super();
  }

  /** The chat's user has blocked the bot: sends answer 403. */
  block(chatId: number): void {
    this.blocked.add(chatId);
  }

  /** Sends to the chat answer 400 with `description`. */
  reject(chatId: number, description = 'Bad Request: chat not found'): void {
    this.rejected.set(chatId, description);
  }

  /** The next `times` requests to the chat fail before reaching the API (connection reset). */
  failNetwork(chatId: number, times: number): void {
    this.networkFailures.set(chatId, times);
  }

  override call(method: string, payload: Record<string, unknown>): ReturnType<FakeTelegram['call']> {
    const chatId = Number(payload.chat_id);
    if (method !== 'sendMessage' || this.limits.exemptChats?.includes(chatId)) return super.call(method, payload);
    const now = Date.now();
    const left = this.networkFailures.get(chatId) ?? 0;
    if (left > 0) {
      // Thrown out of the fake's fetch: grammY sees a failed connection (HttpError), not an API answer.
      this.networkFailures.set(chatId, left - 1);
      this.sends.push({ chatId, at: now, status: 'network' });
      throw new TypeError('fetch failed: connection reset');
    }
    const record: SendRecord = { chatId, at: now, status: 200 };
    this.sends.push(record);
    const inWindow = this.sends.filter((s) => s.status !== 'network' && s.at > now - 1000).length;
    const last = this.lastToChat.get(chatId);
    this.lastToChat.set(chatId, now);
    if (inWindow > this.limits.perSecond) return this.tooMany(record, 'global', method, payload);
    if (last !== undefined && now - last < (this.limits.perChatIntervalMs ?? 1000)) return this.tooMany(record, 'chat', method, payload);
    if (this.blocked.has(chatId)) return this.refuse(record, method, payload, { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const rejection = this.rejected.get(chatId);
    if (rejection) return this.refuse(record, method, payload, { error_code: 400, description: rejection });
    const answer = super.call(method, payload);
    if (!answer.ok) record.status = answer.error_code as SendRecord['status'];
    return answer;
  }

  private tooMany(record: SendRecord, overLimit: 'global' | 'chat', method: string, payload: Record<string, unknown>) {
    record.overLimit = overLimit;
    return this.refuse(record, method, payload, {
      error_code: 429,
      description: `Too Many Requests: retry after ${this.limits.retryAfterSeconds ?? 1}`,
      parameters: { retry_after: this.limits.retryAfterSeconds ?? 1 },
    });
  }

  private refuse(record: SendRecord, method: string, payload: Record<string, unknown>, failure: InjectedFailure) {
    record.status = failure.error_code as SendRecord['status'];
    this.calls.push({ method, payload });
    return { ok: false as const, ...failure };
  }

  /** Requests answered 429 because a limit was exceeded. */
  limitViolations(): SendRecord[] {
    return this.sends.filter((s) => s.overLimit !== undefined);
  }

  /** The most sendMessage requests that arrived within any window of `windowMs`. */
  maxInAnyWindow(windowMs = 1000): number {
    const times = this.sends.filter((s) => s.status !== 'network').map((s) => s.at).sort((a, b) => a - b);
    let max = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[end]! - times[start]! >= windowMs) start++;
      max = Math.max(max, end - start + 1);
    }
    return max;
  }

  /** Notices a chat received: messages opening with the official header's 📢. */
  noticesIn(chatId: number): number {
    return this.chat(chatId).filter((m) => m.rawText.startsWith('📢')).length;
  }
}

/** Delivery settings scaled down for tests: a low rate and short intervals keep them fast. */
export const TEST_BROADCAST_SETTINGS: Partial<BroadcastSettings> = {
  ratePerSecond: 20,
  jitterGuardMs: 200, // production: 50; more here, as a loaded test machine can stall between the gate and the fake
  concurrency: 4,
  tickMs: 50,
  progressIntervalMs: 200,
  maxAttempts: 3,
  backoffMs: 100,
  maxHoldMs: 1000,
  pausedRecheckMs: 100,
  cancelGraceMs: 2000,
  lockDurationMs: 5000,
  stalledIntervalMs: 5000,
};

/** Subscribes users straight in the store (the opt-in dialogue has its own tests). */
export async function seedSubscribers(
  redis: Redis,
  prefix: string,
  subscribers: ReadonlyArray<{ id: number; language: Language; region?: Region }>,
): Promise<void> {
  const store = new SubscriberStore(redis, prefix);
  for (const s of subscribers) {
    await store.subscribe(s.id, s.language, Date.now());
    if (s.region) await store.setRegion(s.id, s.region);
  }
}

/** Starts the broadcast runtime as main.ts does, on the test's Redis, fake API and prefix. */
export async function startTestRuntime(options: {
  redis: Redis;
  config: Config;
  telegram: FakeTelegram;
  settings?: Partial<BroadcastSettings>;
  clock?: () => number;
  logLines?: string[];
  /** Other jobs of the queue (deadline reminders). */
  jobs?: readonly QueueJobHandler[];
}): Promise<BroadcastRuntime> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      options.logLines?.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return startBroadcastRuntime({
    config: options.config,
    redis: options.redis,
    logger: createLogger('debug', sink),
    i18n: await testI18n(),
    fetch: options.telegram.fetch,
    settings: { ...TEST_BROADCAST_SETTINGS, ...options.settings },
    clock: options.clock,
    jobs: options.jobs,
  });
}


/**
 * A notice to everyone (or `target`) from admin `adminId`, due now (or at `startAt`), as the compose
 * dialogue stores it; the dialogue itself is tested elsewhere. Returns its id.
 */
export async function queueNotice(redis: Redis, prefix: string, options: { adminId: number; target?: Target; startAt?: number }): Promise<number> {
  const now = Date.now();
  return new NoticeStore(redis, prefix).create({
    target: options.target ?? { kind: 'all' },
    html: { ru: '📢 <b>Оповещение</b>\n\nтекст', tg: '📢 <b>Огоҳӣ</b>\n\nматн', en: '📢 <b>Notice</b>\n\ntext' },
    summary: 'text',
    createdBy: { userId: options.adminId, name: 'Admin' },
    adminChatId: options.adminId,
    adminLanguage: 'en',
    createdAt: now,
    startAt: options.startAt ?? now,
  });
}

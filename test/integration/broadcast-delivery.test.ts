import type Redis from 'ioredis';
import { NoticeStore, type Target } from '../../src/services/broadcast';
import { SubscriberStore } from '../../src/services/subscribers';
import type { Language } from '../../src/services/languages';
import { useBotFixture } from '../helpers/bot-fixture';
import { queueNotice as queueNoticeFrom, RateLimitedTelegram, seedSubscribers, startTestRuntime, waitFor } from '../helpers/rate-limited-telegram';

const ADMIN = 900;

/** `count` subscribers with ids from `first`, languages in turn. */
function people(count: number, first = 2001): Array<{ id: number; language: Language }> {
  const languages: Language[] = ['ru', 'tg', 'en'];
  return Array.from({ length: count }, (_, i) => ({ id: first + i, language: languages[i % 3]! }));
}

/** A notice from the test's admin. */
const queueNotice = (redis: Redis, prefix: string, options: { target?: Target; startAt?: number } = {}) => queueNoticeFrom(redis, prefix, { adminId: ADMIN, ...options });

describe('delivering a notice: within Telegram limits, exactly once', () => {
  const fixture = useBotFixture('bcast-delivery');

  const finished = (telegram: RateLimitedTelegram, id: number) => () =>
    telegram.chat(ADMIN).some((m) => new RegExp(`^(✅|⛔) Notice #${id} (sent|cancelled)\\.`).test(m.text));

  it('never exceeds the global rate limit, and everyone gets the notice once', async () => {
    const telegram = new RateLimitedTelegram({ perSecond: 20, exemptChats: [ADMIN] });
    const bot = await fixture.bot({ telegram });
    const subscribers = people(45);
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers);
    const runtime = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram, settings: { ratePerSecond: 20, concurrency: 6 } });
    try {
      const id = await queueNotice(fixture.redis, fixture.prefix);
      await waitFor(finished(telegram, id), 'the final report');
      expect(telegram.limitViolations()).toEqual([]);
      expect(telegram.maxInAnyWindow(1000)).toBeLessThanOrEqual(20);
      // Sends are spread out, not sent in bursts: at a steady 20/s that is 6 in any 300 ms; the bound
      // leaves room for one stall of this process (the sends it held up then go out together).
      expect(telegram.maxInAnyWindow(300)).toBeLessThanOrEqual(12);
      expect(subscribers.map((s) => telegram.noticesIn(s.id))).toEqual(subscribers.map(() => 1));
      const times = telegram.sends.map((s) => s.at);
      expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(2000); // 45 at 20/s
    } finally {
      await runtime.close();
    }
  });

  it('two notices at once: no chat gets two messages within a second', async () => {
    const telegram = new RateLimitedTelegram({ perSecond: 20, perChatIntervalMs: 1000, exemptChats: [ADMIN] });
    const bot = await fixture.bot({ telegram });
    const subscribers = people(4);
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers);
    const first = await queueNotice(fixture.redis, fixture.prefix);
    const second = await queueNotice(fixture.redis, fixture.prefix);
    const runtime = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram });
    try {
      await waitFor(() => finished(telegram, first)() && finished(telegram, second)(), 'both reports');
      expect(telegram.limitViolations()).toEqual([]);
      for (const s of subscribers) {
        expect(telegram.noticesIn(s.id)).toBe(2);
        const [a, b] = telegram.sends.filter((r) => r.chatId === s.id).map((r) => r.at);
        expect(b! - a!).toBeGreaterThanOrEqual(1000);
      }
    } finally {
      await runtime.close();
    }
  });

  it('a 429 pauses the whole queue for retry_after, then delivery goes on with nobody skipped', async () => {
    const telegram = new RateLimitedTelegram({ perSecond: 20, exemptChats: [ADMIN] });
    const bot = await fixture.bot({ telegram });
    const subscribers = people(12);
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers);
    // The third message is refused as if Telegram were flooded.
    const runtime = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram });
    try {
      const id = await queueNotice(fixture.redis, fixture.prefix);
      await waitFor(() => telegram.sends.length >= 2, 'two sends');
      telegram.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } });
      await waitFor(finished(telegram, id), 'the final report');
      const refused = telegram.sends.findIndex((s) => s.status === 429);
      expect(refused).toBeGreaterThan(0);
      const refusedAt = telegram.sends[refused]!.at;
      // Nothing is sent while the pause lasts. A send let through just before the 429 came back can
      // still land in the first moments (it cannot be called back; Telegram would count it too).
      const gaps = telegram.sends.slice(refused + 1).map((s) => s.at - refusedAt);
      expect(gaps.filter((gap) => gap >= 150 && gap < 1950)).toEqual([]);
      expect(gaps.filter((gap) => gap < 150).length).toBeLessThanOrEqual(4); // at most one per worker slot
      expect(gaps.some((gap) => gap >= 1950)).toBe(true);
      expect(subscribers.map((s) => telegram.noticesIn(s.id))).toEqual(subscribers.map(() => 1));
      expect(telegram.chat(ADMIN).at(-1)!.text).toContain('Sent: 12 of 12. Failed: 0.');
    } finally {
      await runtime.close();
    }
  });

  it('403 marks the user blocked and inactive; 400 is a failure with its reason; network errors are retried', async () => {
    const telegram = new RateLimitedTelegram({ perSecond: 20, exemptChats: [ADMIN] });
    const bot = await fixture.bot({ telegram });
    const subscribers = people(6);
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers);
    telegram.block(2001);
    telegram.reject(2002, 'Bad Request: chat not found');
    telegram.failNetwork(2003, 2); // recovers on the third try
    telegram.failNetwork(2004, 10); // never does
    const runtime = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram, settings: { maxAttempts: 3, backoffMs: 50 } });
    try {
      const id = await queueNotice(fixture.redis, fixture.prefix);
      await waitFor(finished(telegram, id), 'the final report');
      const report = telegram.chat(ADMIN).at(-1)!.text;
      expect(report).toContain('Sent: 3 of 6. Failed: 2. Blocked the bot: 1.');
      expect(report).toContain('chat not found (1)');
      expect(report).toContain('network error (1)');
      expect(telegram.noticesIn(2003)).toBe(1);
      expect(telegram.sends.filter((s) => s.chatId === 2004)).toHaveLength(3);

      const store = new SubscriberStore(fixture.redis, fixture.prefix);
      expect((await store.get(2001))!.active).toBe(false);
      expect((await store.get(2002))!.active).toBe(true);
      // The blocked user is no longer counted, nor sent to.
      const next = await queueNotice(fixture.redis, fixture.prefix);
      await waitFor(finished(telegram, next), 'the second report');
      expect(telegram.chat(ADMIN).at(-1)!.text).toContain('of 5.');
      expect(telegram.sends.filter((s) => s.chatId === 2001)).toHaveLength(1);
    } finally {
      await runtime.close();
    }
  });

  it('killed mid-way and started again: it resumes with no duplicates and no one skipped', async () => {
    const telegram = new RateLimitedTelegram({ perSecond: 10, exemptChats: [ADMIN] });
    const bot = await fixture.bot({ telegram });
    const subscribers = people(30);
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers);
    const settings = { ratePerSecond: 10, concurrency: 3 };
    const first = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram, settings });
    const id = await queueNotice(fixture.redis, fixture.prefix);
    await waitFor(() => telegram.sends.length >= 8, 'some sends');
    await first.close();
    const sentBeforeRestart = telegram.sends.length;
    expect(sentBeforeRestart).toBeLessThan(30);
    await new Promise((r) => setTimeout(r, 300));
    expect(telegram.sends.length).toBe(sentBeforeRestart);

    // As if the crash had also lost the queue's last progress: the whole list is fed again.
    const store = new NoticeStore(fixture.redis, fixture.prefix);
    await fixture.redis.hset(`${fixture.prefix}{bcast:v1}:n:${id}`, 'cursor', '0');

    const second = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram, settings });
    try {
      await waitFor(finished(telegram, id), 'the final report');
      expect(subscribers.map((s) => telegram.noticesIn(s.id))).toEqual(subscribers.map(() => 1));
      expect(telegram.sends.filter((s) => s.status === 200)).toHaveLength(30);
      expect((await store.get(id))!.counts).toEqual({ sent: 30, failed: 0, blocked: 0, skipped: 0 });
      expect(telegram.limitViolations()).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('jobs lost from the queue (say, a Redis failover) are fed again after a quiet spell, still once per person', async () => {
    const telegram = new RateLimitedTelegram({ perSecond: 10, exemptChats: [ADMIN] });
    const bot = await fixture.bot({ telegram });
    const subscribers = people(20);
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers);
    const settings = { ratePerSecond: 10, concurrency: 3, rewindAfterMs: 300 };
    const first = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram, settings });
    const id = await queueNotice(fixture.redis, fixture.prefix);
    await waitFor(() => telegram.sends.length >= 5, 'some sends');
    await first.close();
    // Every job is gone, while the notice believes its whole list was queued.
    for (const key of await fixture.redis.keys(`${fixture.prefix}{bcast:q}:*`)) await fixture.redis.del(key);
    await fixture.redis.hset(`${fixture.prefix}{bcast:v1}:n:${id}`, 'cursor', '20');

    const second = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram, settings });
    try {
      await waitFor(finished(telegram, id), 'the final report');
      expect(subscribers.map((s) => telegram.noticesIn(s.id))).toEqual(subscribers.map(() => 1));
    } finally {
      await second.close();
    }
  });

  it('two runtimes (bot process and a worker) share one queue without sending anything twice', async () => {
    const telegram = new RateLimitedTelegram({ perSecond: 20, exemptChats: [ADMIN] });
    const bot = await fixture.bot({ telegram });
    const subscribers = people(24);
    await seedSubscribers(fixture.redis, fixture.prefix, subscribers);
    const a = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram });
    const b = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram });
    try {
      const id = await queueNotice(fixture.redis, fixture.prefix);
      await waitFor(finished(telegram, id), 'the final report');
      expect(subscribers.map((s) => telegram.noticesIn(s.id))).toEqual(subscribers.map(() => 1));
      expect(telegram.limitViolations()).toEqual([]);
      expect(telegram.chat(ADMIN).filter((m) => m.text.startsWith('✅ Notice #1 sent.'))).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('someone who unsubscribes before their turn is skipped', async () => {
    const telegram = new RateLimitedTelegram({ perSecond: 20, exemptChats: [ADMIN] });
    const bot = await fixture.bot({ telegram });
    await seedSubscribers(fixture.redis, fixture.prefix, people(3));
    const id = await queueNotice(fixture.redis, fixture.prefix);
    // The list is frozen at start; the runtime is not running yet.
    const runtime = await startTestRuntime({ redis: fixture.redis, config: bot.config, telegram, settings: { ratePerSecond: 2 } });
    try {
      await waitFor(async () => (await new NoticeStore(fixture.redis, fixture.prefix).get(id))!.total === 3, 'the start');
      await new SubscriberStore(fixture.redis, fixture.prefix).unsubscribe(2003);
      await waitFor(finished(telegram, id), 'the final report', 15_000);
      expect(telegram.noticesIn(2003)).toBe(0);
      expect(telegram.chat(ADMIN).at(-1)!.text).toContain('Sent: 2 of 3. Failed: 0. Blocked the bot: 0. Skipped: 1.');
    } finally {
      await runtime.close();
    }
  });
});

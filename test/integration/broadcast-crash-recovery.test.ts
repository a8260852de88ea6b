import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { DEFAULT_BROADCAST_SETTINGS, NoticeStore } from '../../src/services/broadcast';
import type { DeliveryJob } from '../../src/services/broadcast/delivery';
import { DELIVERY_QUEUE } from '../../src/services/broadcast/runtime';
import type { Language } from '../../src/services/languages';
import { killBotProcesses, spawnBotProcess, type BotProcess } from '../helpers/bot-process';
import { serveTelegramOverHttp, type HttpTelegram } from '../helpers/http-telegram';
import { queueNotice, RateLimitedTelegram, seedSubscribers, waitFor } from '../helpers/rate-limited-telegram';
import { redisKeys } from '../../src/storage/redis-keys';
import { connectTestRedis, deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../helpers/test-redis';

const TOKEN = '424242:crash-recovery-token-AAAAAAAAAAAAAAAA';
const ADMIN = 900;
const SUBSCRIBERS = 300;
const RATE = 20;
const CONCURRENCY = DEFAULT_BROADCAST_SETTINGS.concurrency;
/** Half before Telegram takes the message, half after: a kill can fall on either side. */
const SEND_LATENCY_MS = 200;
/** The promise is "within about 10 s"; the bound leaves room for a slow, shared machine. */
const RESUME_BOUND_MS = 20_000;

/**
 * A real crash: the broadcast worker runs as a child process talking HTTP to a fake Bot API, is
 * killed with SIGKILL half-way through a notice, and a second process takes over.
 */
describe('a broadcast worker killed mid-notice', () => {
  const prefix = uniquePrefix('bcast-crash');
  const redis = connectTestRedis();
  const telegram = new RateLimitedTelegram({ perSecond: 30, exemptChats: [ADMIN] });
  let api: HttpTelegram | undefined;

  afterAll(async () => {
    await killBotProcesses();
    await api?.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  const startWorker = (): BotProcess =>
    spawnBotProcess('worker', {
      BOT_TOKEN: TOKEN,
      REDIS_URL: testRedisUrl(),
      REDIS_KEY_PREFIX: prefix,
      BOT_API_ROOT: api!.apiRoot,
      LOG_LEVEL: 'info',
      BROADCAST_RATE_PER_SECOND: String(RATE),
      BROADCAST_CONCURRENCY: String(CONCURRENCY),
      BROADCAST_PROGRESS_SECONDS: '1',
      // The production defaults are what is tested.
      BROADCAST_LOCK_SECONDS: String(DEFAULT_BROADCAST_SETTINGS.lockDurationMs / 1000),
      BROADCAST_STALLED_CHECK_SECONDS: String(DEFAULT_BROADCAST_SETTINGS.stalledIntervalMs / 1000),
    });

  const delivered = () => telegram.sends.filter((s) => s.status === 200);
  const reported = (id: number) => () => telegram.chat(ADMIN).some((m) => m.text.startsWith(`✅ Notice #${id} sent.`));
  /** The children's logs, to explain a failure. */
  const logsOf = (...children: BotProcess[]) => children.map((c, i) => `--- process ${i + 1} ---\n${c.output.slice(-30).join('\n')}`).join('\n');

  it('a restarted worker resumes the interrupted sends within seconds: everyone gets the notice, few twice', async () => {
    // Given 300 subscribers, a notice to all of them, and a worker delivering it at 20 a second
    api = await serveTelegramOverHttp(telegram, { sendLatencyMs: SEND_LATENCY_MS });
    const languages: Language[] = ['ru', 'tg', 'en'];
    const people = Array.from({ length: SUBSCRIBERS }, (_, i) => ({ id: 5001 + i, language: languages[i % 3]! }));
    await seedSubscribers(redis, prefix, people);
    const store = new NoticeStore(redis, prefix);
    const id = await queueNotice(redis, prefix, { adminId: ADMIN });
    const first = startWorker();
    let second: BotProcess | undefined;
    try {
      await waitFor(() => delivered().length >= 100, 'a third of the notice sent', 60_000);

      // When it is killed outright mid-way
      const killed = await first.kill('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      // Requests that reached "Telegram" before the kill are answered (and lost) meanwhile.
      await sleep(SEND_LATENCY_MS);
      const connection = redis.duplicate();
      const queue = new Queue<DeliveryJob>(DELIVERY_QUEUE, { connection, prefix: redisKeys(prefix).deliveryQueue });
      const stranded = (await queue.getActive()).map((job) => job.data.u);
      await queue.close();
      connection.disconnect();
      const sentBeforeRestart = delivered().length;
      expect(stranded.length).toBeGreaterThan(0);
      expect(sentBeforeRestart).toBeLessThan(SUBSCRIBERS);

      // and a new process starts
      second = startWorker();
      const restartedAt = second.startedAt;
      const strandedSettled = async () =>
        (await store.get(id))?.reported === true || (await Promise.all(stranded.map((u) => store.isSettled(id, u)))).every(Boolean);
      await waitFor(strandedSettled, 'the interrupted sends settled', RESUME_BOUND_MS + 5_000).catch((error: Error) => {
        throw new Error(`${error.message}\n${logsOf(first, second!)}`);
      });
      const resumedMs = Date.now() - restartedAt;
      await waitFor(reported(id), 'the final report', 60_000).catch((error: Error) => {
        throw new Error(`${error.message}\n${logsOf(first, second!)}`);
      });

      // Then everyone got the notice; only people whose send was in flight at the kill got it twice
      const counts = people.map((p) => telegram.noticesIn(p.id));
      expect(counts.filter((n) => n === 0)).toEqual([]);
      const twice = people.filter((p) => telegram.noticesIn(p.id) > 1).map((p) => p.id);
      expect(counts.reduce((sum, n) => sum + n, 0) - SUBSCRIBERS).toBeLessThanOrEqual(CONCURRENCY);
      expect(twice.every((u) => stranded.includes(u))).toBe(true);
      expect(telegram.chat(ADMIN).at(-1)!.text).toContain(`Sent: ${SUBSCRIBERS} of ${SUBSCRIBERS}.`);

      // and delivery went on within seconds of the restart, the interrupted sends included
      const firstAfterRestart = Math.min(...delivered().slice(sentBeforeRestart).map((s) => s.at)) - restartedAt;
      expect(firstAfterRestart).toBeLessThan(RESUME_BOUND_MS);
      expect(resumedMs).toBeLessThan(RESUME_BOUND_MS);
      expect(second.output.filter((line) => line.includes('taking over a send whose worker stopped')).length).toBeGreaterThan(0);
      console.info(
        `crash recovery: ${stranded.length} sends interrupted, ${twice.length} people got the notice twice; ` +
          `after the restart the first delivery came in ${firstAfterRestart} ms, the interrupted ones were settled in ${resumedMs} ms`,
      );

      // and the worker still stops cleanly on SIGTERM
      expect(await second.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    } finally {
      await killBotProcesses();
    }
  }, 120_000);
});

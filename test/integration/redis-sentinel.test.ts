import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { createLogger } from '../../src/logger';
import { DEFAULT_BROADCAST_SETTINGS } from '../../src/services/broadcast';
import { DELIVERY_QUEUE } from '../../src/services/broadcast/runtime';
import type { Language } from '../../src/services/languages';
import { REMINDER_JOB, ReminderService } from '../../src/services/reminders';
import { createRedis } from '../../src/storage/redis';
import { redisKeys } from '../../src/storage/redis-keys';
import { killBotProcesses, spawnBotProcess, type BotProcess } from '../helpers/bot-process';
import { serveTelegramOverHttp, type HttpTelegram } from '../helpers/http-telegram';
import { describeWithPrograms } from '../helpers/load-balancer';
import { queueNotice, RateLimitedTelegram, seedSubscribers, waitFor } from '../helpers/rate-limited-telegram';
import { freePort } from '../helpers/redis-server';
import { startSentinelTopology, type SentinelTopology } from '../helpers/redis-sentinel';
import { textUpdate } from '../helpers/updates';

const TOKEN = '424242:sentinel-token-AAAAAAAAAAAAAAAAAAAAAAAAA';
const SECRET = 'sentinel-webhook-secret';
const WEBHOOK_PATH = '/telegram/webhook';
const PREFIX = 'mhb:';
const ADMIN = 900;
const PERSON = 701;
const SUBSCRIBERS = 150;
const FIRST_SUBSCRIBER = 60_001;
const HELP = 'What this bot does';
const UNAVAILABLE = 'The bot is temporarily unavailable';

/**
 * Redis behind Sentinel, for real: the test starts a master (AOF on, min-replicas-to-write 1), a
 * replica and three sentinels, then the bot as a process finding its master through the sentinels
 * (REDIS_SENTINELS + REDIS_SENTINEL_NAME). The master is killed with SIGKILL while a notice goes
 * out and a person writes; a sentinel promotes the replica, and the bot carries on against it.
 */
describeWithPrograms(['redis-server', 'redis-sentinel'])('Redis behind Sentinel: the master dies during traffic', () => {
  const telegram = new RateLimitedTelegram({ perSecond: 30, exemptChats: [ADMIN, PERSON] });
  let topology: SentinelTopology | undefined;
  let api: HttpTelegram | undefined;
  let redis: Redis | undefined;
  let bot: BotProcess | undefined;

  afterAll(async () => {
    await killBotProcesses();
    redis?.disconnect();
    await api?.close();
    await topology?.stop();
  });

  const logs = () =>
    [`--- bot ---\n${bot?.output.slice(-30).join('\n') ?? ''}`, `--- sentinel ---\n${topology?.sentinels[0]!.output.slice(-15).join('\n') ?? ''}`].join('\n');

  it('the bot keeps answering after the failover, /readyz shows the gap, and no queued notice or reminder is lost', async () => {
    // Given a master, a replica and three sentinels, and the bot finding the master through them
    topology = await startSentinelTopology();
    api = await serveTelegramOverHttp(telegram, { sendLatencyMs: 40 });
    const port = await freePort();
    bot = spawnBotProcess('main', {
      BOT_TOKEN: TOKEN,
      REDIS_SENTINELS: topology.sentinelList,
      REDIS_SENTINEL_NAME: topology.name,
      REDIS_KEY_PREFIX: PREFIX,
      BOT_API_ROOT: api.apiRoot,
      BOT_MODE: 'webhook',
      WEBHOOK_URL: `https://bot.example.org${WEBHOOK_PATH}`,
      WEBHOOK_SECRET: SECRET,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      ADMIN_IDS: String(ADMIN),
      LOG_LEVEL: 'info',
      BROADCAST_RATE_PER_SECOND: '20',
      BROADCAST_PROGRESS_SECONDS: '1',
    });
    const readyz = async () => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/readyz`);
        return { status: response.status, body: await response.text() };
      } catch {
        return { status: 0, body: '' };
      }
    };
    await waitFor(async () => (await readyz()).status === 200, 'the bot ready', 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${logs()}`);
    });

    // The test's own client goes through the same connection factory as the bot.
    const silent = createLogger('silent', new Writable({ write: (_chunk, _encoding, done) => done() }));
    redis = createRedis(`redis+sentinel://${topology.sentinelList}/${topology.name}`, silent);
    const languages: Language[] = ['ru', 'tg', 'en'];
    const people = Array.from({ length: SUBSCRIBERS }, (_, i) => ({ id: FIRST_SUBSCRIBER + i, language: languages[i % 3]! }));
    await seedSubscribers(redis, PREFIX, people);
    // and a person with deadline reminders queued (delayed jobs in the same queue as notices)
    const reminders = new ReminderService({ redis, keyPrefix: PREFIX, logSalt: 'test-process-log-salt', timeZoneOf: async () => 'Europe/Moscow' });
    // Due 200 days from today, whenever the test runs: every alert before it is still in the future.
    const due = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    const alerts = await reminders.set(PERSON, 'en', [{ kind: 'registration', due, rule: 'registration-tajikistan' }]);
    expect(alerts.length).toBeGreaterThan(0);
    const queueConnection = redis.duplicate({ maxRetriesPerRequest: null });
    queueConnection.on('error', () => undefined);
    const queue = new Queue(DELIVERY_QUEUE, { connection: queueConnection, prefix: redisKeys(PREFIX).deliveryQueue });
    queue.on('error', () => undefined);
    const queuedReminders = async () => (await queue.getJobs(['delayed', 'wait'])).filter((job) => job.name === REMINDER_JOB).length;
    expect(await queuedReminders()).toBe(alerts.length);
    await reminders.close();

    // and a notice to 150 subscribers going out
    const noticeId = await queueNotice(redis, PREFIX, { adminId: ADMIN });
    const delivered = () => telegram.sends.filter((s) => s.status === 200).length;
    await waitFor(() => delivered() >= 30, 'the notice under way', 30_000);

    // When the master is killed outright while the person writes and /readyz is watched
    let updateId = 1;
    const answers: string[] = [];
    const post = async (text: string) => {
      const before = telegram.chat(PERSON).length;
      const response = await fetch(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(textUpdate(updateId++, PERSON, text, 'en')),
      }).catch(() => undefined);
      await response?.arrayBuffer();
      answers.push(...telegram.chat(PERSON).slice(before).map((m) => m.text));
    };
    await post('/help');
    expect(answers.at(-1)).toContain(HELP);
    const statuses: Array<{ at: number; status: number; body: string }> = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        statuses.push({ at: Date.now(), ...(await readyz()) });
        await sleep(100);
      }
    })();
    const writer = (async () => {
      while (watching) {
        await post('/help');
        await sleep(250);
      }
    })();
    const oldMaster = topology.master.port;
    const killedAt = Date.now();
    await topology.master.kill('SIGKILL');

    // Then a sentinel promotes the replica
    await waitFor(async () => (await topology!.currentMasterPort()) === topology!.replica.port, 'the failover to the replica', 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${logs()}`);
    });
    const failedOverAt = Date.now();
    // and the bot is ready again on the new master, and answers
    await waitFor(async () => (await readyz()).status === 200 && statuses.some((s) => s.at > killedAt && s.status === 503), 'the bot ready again', 30_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${JSON.stringify(statuses.slice(-5))}\n${logs()}`);
      },
    );
    const readyAgainAt = Date.now();
    await sleep(1_000);
    watching = false;
    await Promise.all([watcher, writer]);
    const answersBefore = answers.length;
    await post('/help');
    expect(answers.slice(answersBefore).join('\n')).toContain(HELP);
    expect(await topology.currentMasterPort()).not.toBe(oldMaster);

    // /readyz named Redis as the failing check during the gap, and was ready again after it
    const gap = statuses.filter((s) => s.at > killedAt && s.status === 503);
    expect(gap.length).toBeGreaterThan(0);
    expect(JSON.parse(gap[0]!.body)).toMatchObject({ status: 'not ready', checks: { redis: false } });
    expect(statuses.at(-1)!.status).toBe(200);
    // Meanwhile the person got help or "temporarily unavailable", never silence or a wrong answer.
    expect(answers.every((text) => text.includes(HELP) || text.includes(UNAVAILABLE))).toBe(true);

    // and the notice finished: everyone got it, at most a send in flight per slot twice
    await waitFor(() => telegram.chat(ADMIN).some((m) => m.text.startsWith(`✅ Notice #${noticeId} sent.`)), 'the final report', 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${logs()}`);
    });
    const counts = people.map((p) => telegram.noticesIn(p.id));
    expect(counts.filter((n) => n === 0)).toEqual([]);
    const duplicates = counts.reduce((sum, n) => sum + n, 0) - SUBSCRIBERS;
    expect(duplicates).toBeLessThanOrEqual(DEFAULT_BROADCAST_SETTINGS.concurrency);
    // and the reminders are still queued on the new master, with the plan they belong to
    expect(await queuedReminders()).toBe(alerts.length);
    expect((await reminders.plan(PERSON))?.deadlines).toHaveLength(1);
    await queue.close();
    queueConnection.disconnect();

    const lastGap = gap.at(-1)!.at;
    console.info(
      `sentinel failover: the replica was promoted ${failedOverAt - killedAt} ms after the kill; /readyz 503 for ${lastGap - gap[0]!.at + 100} ms, ` +
        `ready again ${readyAgainAt - killedAt} ms after the kill; ${answers.filter((t) => t.includes(UNAVAILABLE)).length} of ${answers.length} answers ` +
        `were "temporarily unavailable"; notice to ${SUBSCRIBERS}: ${duplicates} duplicates`,
    );
    expect(await bot.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 120_000);
});

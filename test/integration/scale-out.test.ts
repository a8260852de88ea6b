import type { Bot, Context } from 'grammy';
import type { Update } from 'grammy/types';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_BROADCAST_SETTINGS, NoticeStore } from '../../src/services/broadcast';
import type { Language } from '../../src/services/languages';
import { ChatDriver } from '../../src/simulator/chat-driver';
import { killBotProcesses, spawnBotProcess, type BotProcess } from '../helpers/bot-process';
import { testContent, testI18n } from '../helpers/harness';
import { serveTelegramOverHttp, type HttpTelegram } from '../helpers/http-telegram';
import { describeWithPrograms, startLoadBalancer, type LoadBalancer } from '../helpers/load-balancer';
import { queueNotice, RateLimitedTelegram, seedSubscribers, waitFor } from '../helpers/rate-limited-telegram';
import { freePort } from '../helpers/redis-server';
import { connectTestRedis, deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../helpers/test-redis';

const TOKEN = '424242:scale-out-token-AAAAAAAAAAAAAAAAAAAAAAAA';
const SECRET = 'scale-out-webhook-secret';
const WEBHOOK_PATH = '/telegram/webhook';
const ADMIN = 900;
const INSTANCES = 3;
const CHATS = 200;
const FIRST_CHAT = 10_001;
/** One chat whose updates all arrive at once. */
const BURST_CHAT = 19_999;
const BURST_UPDATES = 40;
/** Telegram's default webhook max_connections: requests it keeps open at once. */
const MAX_CONNECTIONS = 40;
const SUBSCRIBERS = 1000;
const FIRST_SUBSCRIBER = 50_001;
/** Telegram's bulk limit, enforced by the Bot API double; the workers share a rate just under it. */
const TELEGRAM_LIMIT = 30;
const RATE = DEFAULT_BROADCAST_SETTINGS.ratePerSecond;
const CONCURRENCY = DEFAULT_BROADCAST_SETTINGS.concurrency;
/** Half before the double takes a notice, half after: the kill can fall on either side. */
const SEND_LATENCY_MS = 100;

const LANGUAGE_NAMES: Record<Language, string> = { ru: 'Русский', tg: 'Тоҷикӣ', en: 'English' };
const CONFIRMATION: Record<Language, string> = { ru: 'Язык: русский.', tg: 'Забон: тоҷикӣ.', en: 'Language: English.' };
const HELP_TITLE: Record<Language, string> = { ru: 'Что умеет этот бот', tg: 'Ин бот чӣ кор карда метавонад', en: 'What this bot does' };
const ORDER: readonly Language[] = ['ru', 'tg', 'en'];

/**
 * Past one machine, with real processes: three bot instances in webhook mode behind a real HAProxy
 * (round-robin per request), two broadcast workers apart from them, one Redis, and a Bot API double
 * over HTTP. Every update goes through the balancer, so one chat's consecutive updates land on
 * different instances; the chat lock and the state in Redis must make that invisible.
 */
describeWithPrograms(['haproxy'])('several bot instances behind a load balancer, workers apart', () => {
  const prefix = uniquePrefix('scale');
  const redis = connectTestRedis();
  const content = testContent();
  const exempt = [ADMIN, BURST_CHAT, ...Array.from({ length: CHATS }, (_, i) => FIRST_CHAT + i)];
  const telegram = new RateLimitedTelegram({ perSecond: TELEGRAM_LIMIT, exemptChats: exempt });
  const bots: Array<{ process: BotProcess; port: number }> = [];
  const workers: BotProcess[] = [];
  let api: HttpTelegram | undefined;
  let balancer: LoadBalancer | undefined;

  afterAll(async () => {
    await killBotProcesses();
    await balancer?.stop();
    await api?.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  const common = () => ({
    BOT_TOKEN: TOKEN,
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: prefix,
    BOT_API_ROOT: api!.apiRoot,
    LOG_LEVEL: 'warn',
    ADMIN_IDS: String(ADMIN),
    BROADCAST_WORKER: 'external',
    BROADCAST_RATE_PER_SECOND: String(RATE),
    BROADCAST_CONCURRENCY: String(CONCURRENCY),
    BROADCAST_PROGRESS_SECONDS: '1',
  });
  const startBot = async () => {
    const port = await freePort();
    const child = spawnBotProcess('main', {
      ...common(),
      BOT_MODE: 'webhook',
      WEBHOOK_URL: `https://bot.example.org${WEBHOOK_PATH}`,
      WEBHOOK_SECRET: SECRET,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      // Flood protection is tested elsewhere; here one chat sends 40 updates at once on purpose.
      RATE_LIMIT_MAX: '1000',
    });
    bots.push({ process: child, port });
  };
  const logs = () => [...bots.map((b, i) => `--- bot ${i + 1} ---\n${b.process.output.slice(-20).join('\n')}`), ...workers.map((w, i) => `--- worker ${i + 1} ---\n${w.output.slice(-20).join('\n')}`), `--- haproxy ---\n${balancer?.output.slice(-10).join('\n') ?? ''}`].join('\n');

  /**
   * Posts one update to the balancer, as Telegram posts to a webhook: at most `MAX_CONNECTIONS`
   * requests at once (Telegram's default max_connections), the rest wait their turn.
   */
  let posted = 0;
  let inFlight = 0;
  let slowest = 0;
  const waiting: Array<() => void> = [];
  const post = async (update: Update) => {
    if (inFlight >= MAX_CONNECTIONS) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    const began = Date.now();
    try {
      await postNow(update);
    } finally {
      slowest = Math.max(slowest, Date.now() - began);
      inFlight--;
      waiting.shift()?.();
    }
  };
  const postNow = async (update: Update) => {
    const response = await fetch(`${balancer!.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`the balancer answered ${response.status} to update ${update.update_id}\n${logs()}`);
    posted++;
  };
  /** A person in a private chat whose every update goes through the balancer. */
  const person = (id: number, languageCode: string) =>
    new ChatDriver({ handleUpdate: post } as unknown as Bot<Context>, telegram, { id, firstName: 'Zarina', languageCode });
  /** Every message the bot sent or edited in each chat, in the order the Bot API double got them. */
  const shown = new Map<number, string[]>();
  telegram.onMessage(({ message }) => {
    const list = shown.get(message.chatId) ?? shown.set(message.chatId, []).get(message.chatId)!;
    list.push(message.text);
  });
  const shownIn = (chatId: number) => shown.get(chatId) ?? [];
  /**
   * One step of a person: the update goes out, then the step waits for the bot's answer. A busy
   * instance answers the webhook after 9 s and goes on handling, so the answer may come after the
   * post returns; nothing here depends on speed.
   */
  const step = async (user: ChatDriver, action: () => Promise<unknown>): Promise<string> => {
    const before = shownIn(user.chatId).length;
    await action();
    await waitFor(() => shownIn(user.chatId).length > before, `an answer in chat ${user.chatId}`, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; the chat so far: ${JSON.stringify(shownIn(user.chatId).map((m) => m.slice(0, 50)))}\n${logs()}`);
    });
    return shownIn(user.chatId)[before]!;
  };

  /** Updates each instance handled, from its /metrics. */
  const handledBy = async (port: number) => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return [...text.matchAll(/^bot_updates_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  };
  const delivered = () => telegram.sends.filter((s) => s.status === 200);

  it('answers every update once and in order, loses no session write, and delivers a notice once through a worker crash', async () => {
    api = await serveTelegramOverHttp(telegram, { sendLatencyMs: SEND_LATENCY_MS });
    for (let i = 0; i < INSTANCES; i++) await startBot();
    workers.push(spawnBotProcess('worker', common()), spawnBotProcess('worker', common()));
    balancer = await startLoadBalancer(bots.map((b) => b.port));
    await waitFor(
      async () => (await Promise.all(bots.map((b) => fetch(`http://127.0.0.1:${b.port}/readyz`).then((r) => r.status === 200, () => false)))).every(Boolean),
      'three instances ready',
      30_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${logs()}`);
    });
    // HAProxy's health checks see them up within a check interval.
    await sleep(1_500);

    // When 200 people each pick a language, walk a guided dialogue, go back in it, switch language
    // and ask for help — every update through the balancer, so consecutive ones land on different instances
    const languages = (i: number): Language => ORDER[i % 3]!;
    const i18n = await testI18n();
    const started = Date.now();
    const transcripts = await Promise.all(
      Array.from({ length: CHATS }, async (_, i) => {
        const lang = languages(i);
        const next = ORDER[(i + 1) % 3]!;
        const t = i18n.translatorFor(lang);
        const user = person(FIRST_CHAT + i, lang === 'en' ? 'en' : 'ru');
        const steps = [
          await step(user, () => user.send('/start')),
          await step(user, () => user.press(LANGUAGE_NAMES[lang])),
          await step(user, () => user.press(t('menu.police'))),
          await step(user, () => user.press(content.card(lang, 'rights.police.stop')!.buttons![0]!.label)),
          await step(user, () => user.press(t('common.button.back'))),
          await step(user, () => user.send('/language')),
          await step(user, () => user.press(LANGUAGE_NAMES[next])),
          await step(user, () => user.send('/help')),
        ];
        return { chatId: user.chatId, lang, next, steps };
      }),
    );
    const trafficSeconds = (Date.now() - started) / 1000;
    const updatesPerSecond = Math.round(posted / trafficSeconds);

    // Then each person got their answers in order, in the language they had picked at that moment
    for (const { lang, next, steps } of transcripts) {
      const title = (id: string) => content.card(lang, id)!.title;
      const [, picked, police, detained, back, , switched, help] = steps;
      expect(picked).toContain(CONFIRMATION[lang]);
      expect(police).toContain(title('rights.police.stop'));
      expect(detained).toContain(title('rights.detained'));
      // Going back needs the dialogue's state, written by whichever instance took the step before.
      expect(back).toContain(title('rights.police.stop'));
      // Switching language mid-dialogue shows the same step again, now in the new language.
      expect(switched).toContain(content.card(next, 'rights.police.stop')!.title);
      expect(help).toContain(HELP_TITLE[next]);
    }

    // When one person's 40 updates arrive at once (language changes and /help, interleaved)
    const burst = person(BURST_CHAT, 'en');
    await step(burst, () => burst.send('/start'));
    await step(burst, () => burst.press('English'));
    await step(burst, () => burst.send('/language'));
    const picker = burst.lastMessage()!;
    const data = Object.fromEntries(burst.buttons().map((b) => [b.text.replace('✓ ', ''), b.data!])) as Record<string, string>;
    const burstFrom = shownIn(BURST_CHAT).length;
    await Promise.all(
      Array.from({ length: BURST_UPDATES }, (_, i) =>
        i % 2 === 0 ? burst.pressData(data[LANGUAGE_NAMES[ORDER[(i / 2) % 3]!]]!, picker) : burst.send('/help'),
      ),
    );
    const isHelp = (text: string) => ORDER.some((l) => text.includes(HELP_TITLE[l]));
    const burstAnswers = () => shownIn(BURST_CHAT).slice(burstFrom);
    await waitFor(() => burstAnswers().filter(isHelp).length >= BURST_UPDATES / 2, 'every /help of the burst answered', 60_000);
    // Late duplicates, if any, would come now.
    await sleep(1_000);

    // Then every update was answered exactly once: 8 answers in each chat, 20 help texts to the burst
    for (const { chatId } of transcripts) expect(shownIn(chatId)).toHaveLength(8);
    expect(burstAnswers().filter(isHelp)).toHaveLength(BURST_UPDATES / 2);
    // and the burst was handled one update at a time across the instances: each /help in the
    // language the latest change before it had set (a lost or stale session write would break
    // this; a press of the language already set changes nothing and shows nothing new)
    let current: Language = 'en';
    for (const text of burstAnswers()) {
      const changed = ORDER.find((l) => text.includes(CONFIRMATION[l]));
      if (changed) current = changed;
      else if (isHelp(text)) expect(text).toContain(HELP_TITLE[current]);
    }
    expect(burstAnswers().filter((text) => ORDER.some((l) => text.includes(CONFIRMATION[l]))).length).toBeGreaterThan(1);
    expect(await step(burst, () => burst.send('/help'))).toContain(HELP_TITLE[current]);

    // and the balancer spread the updates over all three instances
    const perInstance = await Promise.all(bots.map((b) => handledBy(b.port)));
    expect(perInstance.reduce((a, b) => a + b, 0)).toBe(posted);
    for (const count of perInstance) expect(count).toBeGreaterThan(posted / INSTANCES / 2);

    // Given 1,000 subscribers and a notice to all of them, delivered by the two workers
    const people = Array.from({ length: SUBSCRIBERS }, (_, i) => ({ id: FIRST_SUBSCRIBER + i, language: languages(i) }));
    await seedSubscribers(redis, prefix, people);
    const noticeId = await queueNotice(redis, prefix, { adminId: ADMIN });

    // When one worker is killed outright once a quarter of it is out
    await waitFor(() => delivered().length >= SUBSCRIBERS / 4, 'a quarter of the notice sent', 60_000);
    const killedAt = delivered().length;
    expect((await workers[0]!.kill('SIGKILL')).signal).toBe('SIGKILL');
    await waitFor(() => telegram.chat(ADMIN).some((m) => m.text.startsWith(`✅ Notice #${noticeId} sent.`)), 'the final report', 90_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${logs()}`);
    });

    // Then everyone got it, at most BROADCAST_CONCURRENCY people twice (the documented bound per crash),
    const counts = people.map((p) => telegram.noticesIn(p.id));
    expect(counts.filter((n) => n === 0)).toEqual([]);
    const duplicates = counts.reduce((sum, n) => sum + n, 0) - SUBSCRIBERS;
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    expect(telegram.chat(ADMIN).at(-1)!.text).toContain(`Sent: ${SUBSCRIBERS} of ${SUBSCRIBERS}.`);
    expect((await new NoticeStore(redis, prefix).get(noticeId))?.counts.sent).toBe(SUBSCRIBERS);
    // and the two workers together never went over Telegram's limit
    expect(telegram.limitViolations()).toEqual([]);
    expect(telegram.maxInAnyWindow(1000)).toBeLessThanOrEqual(TELEGRAM_LIMIT);
    // The surviving worker took over the killed one's sends.
    expect(workers[1]!.output.some((line) => line.includes('taking over a send whose worker stopped'))).toBe(true);

    console.info(
      `scale-out: ${posted} updates through HAProxy to ${INSTANCES} instances (${perInstance.join(' / ')}) in ${trafficSeconds.toFixed(1)} s ` +
        `(${updatesPerSecond} updates/s, slowest answer to the webhook ${slowest} ms); notice to ${SUBSCRIBERS}: worker killed after ${killedAt} sends, ` +
        `${duplicates} duplicates, max ${telegram.maxInAnyWindow(1000)} sends in any second`,
    );
  }, 240_000);
});

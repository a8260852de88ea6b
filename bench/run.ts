/**
 * `npm run bench`: how much the bot's own machinery costs per update, against a baseline measured
 * in the same run — a bare grammY bot with the same Redis session storage and the same in-process
 * Bot API, answering every message with one fixed reply. Prints updates per second and ratios.
 */
import { Bot, session } from 'grammy';
import type { Update } from 'grammy/types';
import Redis from 'ioredis';
import { createBot } from '../src/bot';
import { createI18n } from '../src/bot/i18n';
import { loadConfig } from '../src/config';
import { loadContent } from '../src/content/loader';
import { createLogger } from '../src/logger';
import { FakeTelegram } from '../src/simulator/fake-telegram';
import { RedisJsonStore } from '../src/storage/json-store';
import { createStores } from '../src/storage/stores';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 3000);
const PREFIX = `bench:${process.pid}:`;
let updateId = 0;

function message(userId: number, text: string): Update {
  const chat = { id: userId, type: 'private' as const, first_name: 'B' };
  const from = { id: userId, is_bot: false, first_name: 'B', language_code: 'tg' };
  const entities = text.startsWith('/') ? [{ type: 'bot_command' as const, offset: 0, length: text.length }] : undefined;
  return { update_id: ++updateId, message: { message_id: updateId, date: 0, chat, from, text, entities } } as Update;
}

function press(userId: number, data: string, messageId: number): Update {
  const from = { id: userId, is_bot: false, first_name: 'B', language_code: 'tg' };
  return {
    update_id: ++updateId,
    callback_query: { id: String(updateId), from, chat_instance: 'c', data, message: { message_id: messageId, date: 0, chat: { id: userId, type: 'private', first_name: 'B' }, text: 'x' } },
  } as Update;
}

/** A scenario; one `run` handles `updatesPerRun` updates (several when chats are served in parallel). */
type Scenario = { name: string; run: (i: number) => Promise<unknown>; updatesPerRun?: number };
const ROUNDS = 5;

/**
 * Runs the scenarios in interleaved rounds (A B C D, A B C D, ...) so that background noise on a
 * shared machine hits all of them alike, and reports each one's median rate.
 */
async function measureAll(scenarios: Scenario[]): Promise<number[]> {
  const perRound = Math.ceil(UPDATES / ROUNDS);
  const rates = scenarios.map(() => [] as number[]);
  for (const s of scenarios) for (let i = 0; i < Math.min(200, perRound); i++) await s.run(i); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, s] of scenarios.entries()) {
      const started = process.hrtime.bigint();
      const runs = Math.ceil(perRound / (s.updatesPerRun ?? 1));
      for (let i = 0; i < runs; i++) await s.run(round * runs + i);
      rates[index]!.push((runs * (s.updatesPerRun ?? 1)) / (Number(process.hrtime.bigint() - started) / 1e9));
    }
  }
  return rates.map((r, index) => {
    const median = r.sort((a, b) => a - b)[Math.floor(r.length / 2)]!;
    console.log(`${scenarios[index]!.name.padEnd(58)} ${median.toFixed(0).padStart(7)} updates/s  ${(1e3 / median).toFixed(3)} ms/update`);
    return median;
  });
}

async function main(): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const telegram = new FakeTelegram();
  // The per-user flood limit stays in the pipeline (its Redis counter is part of the cost) but must not
  // drop the benchmark's updates: otherwise dropped updates would be timed as handled ones.
  const config = { ...loadConfig({}), redisKeyPrefix: PREFIX, rateLimit: { max: 1_000_000, windowSeconds: 60 } };

  // Baseline: bare grammY, same session storage, same transport.
  const bare = new Bot<any>('1:bench', { botInfo: telegram.botInfo, client: { fetch: telegram.fetch } });
  bare.use(session<Record<string, never>, any>({ initial: () => ({}), storage: new RedisJsonStore<Record<string, never>>(redis, `${PREFIX}bare:`, 3600), getSessionKey: (ctx) => ctx.from?.id.toString() }));
  bare.on('message', (ctx) => ctx.reply('menu', { reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'a' }]] } }));

  const bot = createBot(config, {
    logger: createLogger('silent'),
    i18n: await createI18n(),
    content: loadContent(),
    stores: createStores({ keyPrefix: PREFIX, sessionTtlSeconds: 3600, dialogueTtlSeconds: 3600 }, redis),
    // As in production: rate-limit counters and run-time staff roles in Redis too.
    redis,
    botInfo: telegram.botInfo,
    fetch: telegram.fetch,
  });

  console.log(`${UPDATES} updates per scenario in ${ROUNDS} interleaved rounds, sequential, Redis at ${redis.options.host}:${redis.options.port}\n`);
  // Dialogue users enter the police-stop dialogue once, then go forward and back.
  const users = 200;
  for (let u = 0; u < users; u++) await bot.handleUpdate(press(40_000 + u, 'dlg:police', 1));
  const parallelChats = 50;
  const [baseline, menu, text, step, parallelStep] = (await measureAll([
    { name: 'baseline: bare grammY + Redis session, fixed reply', run: (i) => bare.handleUpdate(message(10_000 + (i % 500), 'hi')) },
    { name: 'this bot: /menu (session, i18n, roles, dialogues check)', run: (i) => bot.handleUpdate(message(20_000 + (i % 500), '/menu')) },
    { name: 'this bot: free text → FAQ search (MiniSearch) with buttons', run: (i) => bot.handleUpdate(message(30_000 + (i % 500), 'салом')) },
    {
      name: 'this bot: one step of a guided dialogue (conversations v2)',
      run: (i) => bot.handleUpdate(press(40_000 + (i % users), i % (2 * users) < users ? 'ch:rights.detained' : 'ch:back', 1)),
    },
    {
      // As the runner serves them: different chats in parallel (the plugin's replay yields to the event loop).
      name: `this bot: guided dialogue steps, ${parallelChats} chats in parallel`,
      updatesPerRun: parallelChats,
      run: (i) =>
        Promise.all(
          Array.from({ length: parallelChats }, (_, c) =>
            bot.handleUpdate(press(40_000 + ((i * parallelChats + c) % users), i % 2 === 0 ? 'ch:rights.detained' : 'ch:back', 1)),
          ),
        ),
    },
  ])) as [number, number, number, number, number];

  console.log('\nratios to the baseline (1.00 = as fast as bare grammY):');
  for (const [name, rate] of [['/menu', menu], ['FAQ search', text], ['dialogue step', step], ['parallel steps', parallelStep]] as const) {
    console.log(`  ${name.padEnd(16)} ${(rate / baseline).toFixed(2)}`);
  }

  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

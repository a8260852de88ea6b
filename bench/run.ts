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

async function measure(name: string, run: (i: number) => Promise<void>): Promise<number> {
  for (let i = 0; i < Math.min(200, UPDATES / 10); i++) await run(i); // warm-up: JIT, connections
  const started = process.hrtime.bigint();
  for (let i = 0; i < UPDATES; i++) await run(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = UPDATES / seconds;
  console.log(`${name.padEnd(58)} ${rate.toFixed(0).padStart(7)} updates/s  ${((seconds / UPDATES) * 1e3).toFixed(3)} ms/update`);
  return rate;
}

async function main(): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const telegram = new FakeTelegram();
  const config = { ...loadConfig({}), redisKeyPrefix: PREFIX };

  // Baseline: bare grammY, same session storage, same transport.
  const bare = new Bot<any>('1:bench', { botInfo: telegram.botInfo, client: { fetch: telegram.fetch } });
  bare.use(session<Record<string, never>, any>({ initial: () => ({}), storage: new RedisJsonStore<Record<string, never>>(redis, `${PREFIX}bare:`, 3600), getSessionKey: (ctx) => ctx.from?.id.toString() }));
  bare.on('message', (ctx) => ctx.reply('menu', { reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'a' }]] } }));

  const bot = createBot(config, {
    logger: createLogger('silent'),
    i18n: await createI18n(),
    content: loadContent(),
    stores: createStores({ keyPrefix: PREFIX, sessionTtlSeconds: 3600, dialogueTtlSeconds: 3600 }, redis),
    botInfo: telegram.botInfo,
    fetch: telegram.fetch,
  });

  console.log(`${UPDATES} updates each, sequential, Redis at ${redis.options.host}:${redis.options.port}\n`);
  const baseline = await measure('baseline: bare grammY + Redis session, fixed reply', (i) => bare.handleUpdate(message(10_000 + (i % 500), 'hi')));
  const menu = await measure('this bot: /menu (session, i18n, roles, dialogues check)', (i) => bot.handleUpdate(message(20_000 + (i % 500), '/menu')));
  const text = await measure('this bot: free text → fallback with menu', (i) => bot.handleUpdate(message(30_000 + (i % 500), 'салом')));

  // A dialogue step: each user enters the police-stop dialogue once, then goes forward and back.
  const users = 200;
  for (let u = 0; u < users; u++) await bot.handleUpdate(press(40_000 + u, 'dlg:police', 1));
  const step = await measure('this bot: one step inside a guided dialogue (replayed)', (i) =>
    bot.handleUpdate(press(40_000 + (i % users), i % (2 * users) < users ? 'ch:rights.detained' : 'ch:back', 1)),
  );

  console.log('\nratios to the baseline (1.00 = as fast as bare grammY):');
  for (const [name, rate] of [['/menu', menu], ['fallback', text], ['dialogue step', step]] as const) {
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

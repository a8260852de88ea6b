import type { Update } from 'grammy/types';
import Redis from 'ioredis';
import { createBot } from '../src/bot';
import { createI18n } from '../src/bot/i18n';
import { loadConfig } from '../src/config';
import { loadContent } from '../src/content/loader';
import { createLogger } from '../src/logger';
import { FakeTelegram } from '../src/simulator/fake-telegram';
import { createStores } from '../src/storage/stores';
const PREFIX = `probe:${process.pid}:`;
let updateId = 0;
function message(userId: number, text: string): Update {
  const chat = { id: userId, type: 'private' as const, first_name: 'B' };
  const from = { id: userId, is_bot: false, first_name: 'B', language_code: 'tg' };
  const entities = text.startsWith('/') ? [{ type: 'bot_command' as const, offset: 0, length: text.length }] : undefined;
  return { update_id: ++updateId, message: { message_id: updateId, date: 0, chat, from, text, entities } } as Update;
}
function press(userId: number, data: string, messageId: number): Update {
  const from = { id: userId, is_bot: false, first_name: 'B', language_code: 'tg' };
  return { update_id: ++updateId, callback_query: { id: String(updateId), from, chat_instance: 'c', data, message: { message_id: messageId, date: 0, chat: { id: userId, type: 'private', first_name: 'B' }, text: 'x' } } } as Update;
}
async function main() {
  const redis = new Redis('redis://127.0.0.1:6379');
  const log: string[] = [];
  const orig = redis.sendCommand.bind(redis);
  (redis as any).sendCommand = (cmd: any, ...rest: any[]) => { log.push(cmd.name + ' ' + (cmd.args?.[0] ?? '')); return orig(cmd, ...rest); };
  const telegram = new FakeTelegram();
  const config = { ...loadConfig({}), redisKeyPrefix: PREFIX, rateLimit: { max: 1_000_000, windowSeconds: 60 } };
  const bot = createBot(config, { logger: createLogger('silent'), i18n: await createI18n(), content: loadContent(), stores: createStores({ keyPrefix: PREFIX, sessionTtlSeconds: 3600, dialogueTtlSeconds: 3600 }, redis), redis, botInfo: telegram.botInfo, fetch: telegram.fetch });
  const show = async (name: string, u: Update) => { log.length = 0; const t = performance.now(); await bot.handleUpdate(u); console.log(name, (performance.now()-t).toFixed(2)+'ms', log); };
  await show('menu1', message(1, '/menu'));
  await show('menu2', message(1, '/menu'));
  await show('faq', message(1, 'салом'));
  await show('enter', press(2, 'dlg:police', 1));
  await show('step', press(2, 'ch:rights.detained', 1));
  await show('back', press(2, 'ch:back', 1));
  await show('step', press(2, 'ch:rights.detained', 1));
  console.log(telegram.calls.slice(-3).map(c => c.method));
  const keys = await redis.keys(PREFIX + '*'); if (keys.length) await redis.del(...keys);
  await redis.quit();
}
main();

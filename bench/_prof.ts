import Redis from 'ioredis';
import { createBot } from '../src/bot';
import { createI18n } from '../src/bot/i18n';
import { loadConfig } from '../src/config';
import { loadContent } from '../src/content/loader';
import { createLogger } from '../src/logger';
import { createStores } from '../src/storage/stores';
import { LeanTelegram } from './lib/lean-telegram';
import { message, press } from './lib/updates-factory';
import { benchPrefix, deleteByPrefix } from './lib/redis-keys';
async function main() {
  const redis = new Redis('redis://127.0.0.1:6379', { enableAutoPipelining: process.env.AP === '1' });
  const prefix = benchPrefix('p');
  const telegram = new LeanTelegram();
  const config = { ...loadConfig({}), redisKeyPrefix: prefix, rateLimit: { max: 1_000_000, windowSeconds: 60 } };
  const bot = createBot(config, { logger: createLogger('silent'), i18n: await createI18n(), content: loadContent(), stores: createStores({ keyPrefix: prefix, sessionTtlSeconds: 3600, dialogueTtlSeconds: 3600 }, redis), redis, botInfo: telegram.botInfo, fetch: telegram.fetch });
  const kind = process.env.KIND ?? 'menu';
  const mk = (c: number, s: number) => kind === 'menu' ? message(c, '/menu') : kind === 'faq' ? message(c, 'салом') : press(c, s % 2 ? 'ch:rights.detained' : 'ch:back');
  if (kind === 'step') for (let c = 0; c < 1000; c++) await bot.handleUpdate(press(c, 'dlg:police'));
  const t = performance.now();
  const N = Number(process.env.N ?? 20000);
  await Promise.all(Array.from({ length: 100 }, async (_, lane) => { for (let i = lane; i < N; i += 100) await bot.handleUpdate(mk(i % 1000, Math.floor(i / 1000))); }));
  console.log(kind, (N / ((performance.now() - t) / 1000)).toFixed(0), '/s');
  await deleteByPrefix(redis, prefix); await redis.quit();
}
main();

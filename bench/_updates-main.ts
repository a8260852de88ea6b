import Redis from 'ioredis';
import { runUpdateBench, updateTable } from './updates';
import { benchPrefix, deleteByPrefix } from './lib/redis-keys';
async function main() {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: process.env.AP === '1' });
  const prefix = benchPrefix('u');
  const n = Number(process.env.BENCH_UPDATES ?? 4000);
  const r = await runUpdateBench(redis, prefix, { updates: n, dialogueUpdates: Number(process.env.BENCH_DIALOGUE_UPDATES ?? n / 4), chats: Number(process.env.BENCH_CHATS ?? 1000), concurrencies: (process.env.BENCH_CONC ?? '1,100').split(',').map(Number), rounds: 5 });
  console.log(updateTable(r));
  await deleteByPrefix(redis, prefix);
  await redis.quit();
}
main();

/**
 * Memory: resident memory of a bot process after `users` distinct users each had a short guided
 * dialogue (open it, one step forward, one back), measured after a full GC. Run as its own process
 * (`node --expose-gc --import tsx bench/memory.ts`) so that nothing else in the heap is counted;
 * prints one JSON line. Keys live under their own prefix and are deleted at the end.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createLogger } from '../src/logger';
import { createRedis } from '../src/storage/redis';
import { createBenchBot } from './lib/bench-bot';
import { LeanTelegram } from './lib/lean-telegram';
import { benchPrefix, deleteByPrefix } from './lib/redis-keys';
import { rssMb } from './lib/stats';
import { press } from './lib/updates-factory';

/** What the memory bench reports. */
export interface MemoryResult {
  users: number;
  updates: number;
  /** After start-up (bot built, content and locales loaded), before any update. */
  rssIdleMb: number;
  /** Right after every user's dialogue, after GC. */
  rssAfterMb: number;
  /** The heap V8 kept reserved at that moment (grown while 100 chats were served at once). */
  heapTotalAfterMb: number;
  /** Two seconds later, idle, after GC again. */
  rssSettledMb: number;
  /** Live objects: what per-user state the process keeps (it should be almost none: state is in Redis). */
  heapUsedMb: number;
  /** Whether a full GC ran before each reading (node --expose-gc). */
  gc: boolean;
}

/** Runs this file in a fresh node process with --expose-gc; resolves with its result. */
export async function runMemoryBench(users: number): Promise<MemoryResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', __filename], {
    env: { ...process.env, BENCH_MEMORY_USERS: String(users) },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as MemoryResult;
}

async function main(): Promise<void> {
  const users = Number(process.env.BENCH_MEMORY_USERS ?? 10_000);
  const concurrency = 100;
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', createLogger('silent'));
  const prefix = benchPrefix('m');
  try {
    const telegram = new LeanTelegram();
    const bot = await createBenchBot(redis, prefix, telegram);
    // One user first, so that lazily built things (FAQ index, scripts) count as start-up.
    for (const data of ['dlg:police', 'ch:rights.detained', 'ch:back']) await bot.handleUpdate(press(1, data));
    const rssIdleMb = rssMb();
    let updates = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, lane) => {
        for (let u = lane; u < users; u += concurrency) {
          for (const data of ['dlg:police', 'ch:rights.detained', 'ch:back']) {
            await bot.handleUpdate(press(9_000_000 + u, data));
            updates++;
          }
        }
      }),
    );
    const rssAfterMb = rssMb();
    const heapTotalAfterMb = process.memoryUsage().heapTotal / 2 ** 20;
    // V8 gives heap pages back to the system lazily: a moment later, an idle process holds less.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const rssSettledMb = rssMb();
    const result: MemoryResult = {
      users,
      updates,
      rssIdleMb,
      rssAfterMb,
      heapTotalAfterMb,
      rssSettledMb,
      heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
      gc: typeof (globalThis as { gc?: unknown }).gc === 'function',
    };
    console.log(JSON.stringify(result));
  } finally {
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

/**
 * Memory of the bot process as production runs it: the compiled bot (`node dist/main.js`, long
 * polling, HTTP to a Bot API double on loopback, the real Redis) while `users` distinct users each
 * have a short guided dialogue (open it, one step forward, one back), 100 users at a time. Reads
 * the process's resident memory from /proc: idle (after one warm-up user), the peak while serving
 * (sampled every 50 ms), right after, and settled (a full GC, then BENCH_MEMORY_SETTLE_SECONDS=10 idle). The GC
 * is asked for through a preload (`bench/lib/memory-probe.cjs`, with --expose-gc), which also
 * reports the heap; nothing of tsx runs in the measured process.
 *
 * `npm run bench` (BENCH_PARTS=memory), or alone after `npm run build`:
 * `node --import tsx bench/memory.ts`. BENCH_MEMORY_USERS=10000; BENCH_NODES=path1,path2 lists
 * Node binaries (default: this one). Keys live under their own prefix and are deleted at the end.
 */
import { productionNodeFlags } from './lib/production-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Update } from 'grammy/types';
import { createLogger } from '../src/logger';
import { createRedis } from '../src/storage/redis';
import { BotApiDouble } from './e2e/bot-api-double';
import { benchPrefix, deleteByPrefix } from './lib/redis-keys';
import { press } from './lib/updates-factory';
import { nodeVersionOf } from './lib/node-version';

const ROOT = path.join(__dirname, '..');
/** One user's dialogue: open it, one step forward, one back. */
const DIALOGUE = ['dlg:police', 'ch:rights.detained', 'ch:back'] as const;
const CONCURRENCY = 100;

/** What the memory bench reports, per Node. */
export interface MemoryResult {
  nodeVersion: string;
  users: number;
  updates: number;
  /** After start-up and one warm-up user (so lazily built things count as start-up), before the load. */
  rssIdleMb: number;
  /** The most the process held while serving the users. */
  rssPeakMb: number;
  /** Right after the last user's last reply. */
  rssAfterMb: number;
  /** After a full GC and some idle seconds (Node 26 returns freed pages after 8 s). */
  rssSettledMb: number;
  /** The heap V8 kept reserved at that moment, and its young generation. */
  heapTotalSettledMb: number;
  newSpaceSettledMb: number;
  /** Live objects then: what per-user state the process keeps (it should be almost none: state is in Redis). */
  heapUsedSettledMb: number;
}

type NewUpdate = Omit<Update, 'update_id'>;
const strip = (update: Update): NewUpdate => {
  const { update_id: _id, ...rest } = update;
  return rest;
};

function rssMbOf(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return Number.NaN;
  return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(status, 'utf8'))?.[1] ?? Number.NaN) / 1024;
}

/** Asks the process for a full GC and its memory after it (see bench/lib/memory-probe.cjs). */
async function probe(child: ChildProcess, lines: string[]): Promise<{ rss: number; heapTotal: number; heapUsed: number; newSpace: number }> {
  const seen = lines.length;
  child.kill('SIGUSR2');
  for (let waited = 0; waited < 10_000; waited += 20) {
    const line = lines.slice(seen).find((l) => l.startsWith('MEMORY-PROBE '));
    if (line) return JSON.parse(line.slice('MEMORY-PROBE '.length)) as { rss: number; heapTotal: number; heapUsed: number; newSpace: number };
    await sleep(20);
  }
  throw new Error('the bot process did not answer the memory probe');
}

/** One bot process on `node`, `users` users. */
async function measureOnNode(node: string, options: { redisUrl: string; prefix: string; users: number; settleSeconds: number }): Promise<MemoryResult> {
  const api = new BotApiDouble();
  const apiRoot = await api.start();
  const child = spawn(node, [...productionNodeFlags(), '--expose-gc', '--require', path.join(__dirname, 'lib', 'memory-probe.cjs'), 'dist/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      LANG: 'C.UTF-8',
      BOT_TOKEN: '123456:memory-bench-token-AAAAAAAAAAAAAAAAAAAAA',
      LOG_SALT: 'memory-bench-salt',
      REDIS_URL: options.redisUrl,
      REDIS_KEY_PREFIX: options.prefix,
      BOT_API_ROOT: apiRoot,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      // Every update must get its replies to be counted; the flood limit's Redis trip still runs.
      RATE_LIMIT_MAX: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    // Warm-up: one user's dialogue; also tells how many replies one dialogue gets.
    const warmUser = 8_000_000;
    for (const data of DIALOGUE) {
      const before = api.replyCount;
      api.push([strip(press(warmUser, data))]);
      await api.untilReplies(before + 1, 60_000);
    }
    await sleep(500);
    const repliesPerUser = api.replyCount;
    api.resetReplies();
    // Idle as an operator sees it after start-up: no forced GC (the process does its own).
    await sleep(2_000);
    const rssIdleMb = rssMbOf(child.pid!);

    let rssPeakMb = rssIdleMb;
    const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMbOf(child.pid!))), 50);
    let updates = 0;
    try {
      for (let first = 0; first < options.users; first += CONCURRENCY) {
        const batch = Array.from({ length: Math.min(CONCURRENCY, options.users - first) }, (_, i) => 9_000_000 + first + i);
        // Each user's three presses at once: the bot takes one chat's updates in order.
        const pushed = batch.flatMap((user) => DIALOGUE.map((data) => strip(press(user, data))));
        api.push(pushed);
        updates += pushed.length;
        await api.untilReplies((first + batch.length) * repliesPerUser, 120_000);
      }
    } finally {
      clearInterval(sampler);
    }
    const rssAfterMb = rssMbOf(child.pid!);
    rssPeakMb = Math.max(rssPeakMb, rssAfterMb);
    await probe(child, lines);
    // V8 gives heap pages back to the system lazily: Node 26 pools freed pages for 8 s
    // (--memory-pool-timeout) before it returns them. A moment later, an idle process holds less.
    await sleep(options.settleSeconds * 1000);
    const settled = await probe(child, lines);
    return {
      nodeVersion: await nodeVersionOf(node),
      users: options.users,
      updates,
      rssIdleMb,
      rssPeakMb,
      rssAfterMb,
      rssSettledMb: rssMbOf(child.pid!),
      heapTotalSettledMb: settled.heapTotal,
      newSpaceSettledMb: settled.newSpace,
      heapUsedSettledMb: settled.heapUsed,
    };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    await api.close();
  }
}

/** Runs the bot on each Node in turn (keys under `prefix`, a sub-prefix per Node). */
export async function runMemoryBench(options: { redisUrl: string; prefix: string; users: number; nodes: readonly string[]; settleSeconds?: number }): Promise<MemoryResult[]> {
  if (!existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first');
  const results: MemoryResult[] = [];
  for (const [i, node] of options.nodes.entries()) {
    results.push(await measureOnNode(node, { redisUrl: options.redisUrl, prefix: `${options.prefix}${i}:`, users: options.users, settleSeconds: options.settleSeconds ?? Number(process.env.BENCH_MEMORY_SETTLE_SECONDS ?? 10) }));
  }
  return results;
}

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = createRedis(redisUrl, createLogger('silent'));
  const prefix = benchPrefix('m');
  try {
    const nodes = (process.env.BENCH_NODES ?? process.execPath).split(',').filter(Boolean);
    const results = await runMemoryBench({ redisUrl, prefix, users: Number(process.env.BENCH_MEMORY_USERS ?? 10_000), nodes });
    for (const result of results) console.log(JSON.stringify(result));
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

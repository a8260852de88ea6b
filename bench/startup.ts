/**
 * Start-up and idle memory of the bot process as production starts it: spawned, talking HTTP to a
 * Bot API double on loopback, with the real Redis. Measures the time from spawn to the first
 * getUpdates (the bot is polling) and the resident memory of the process and its children after
 * it has idled. Compares the compiled JavaScript (`node dist/main.js`, what the image runs) with
 * the same sources through tsx's loader (how the image ran them before), on each Node given.
 *
 * `npm run bench:startup` (or BENCH_PARTS=startup npm run bench). BENCH_NODES=path1,path2 lists
 * Node binaries (default: this one); BENCH_STARTUP_ROUNDS=3; BENCH_IDLE_SECONDS=5.
 */
import { productionNodeFlags } from './lib/production-node';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { median } from './lib/stats';
import { fixed, markdownTable } from './lib/table';
import { nodeVersionOf } from './lib/node-version';

const ROOT = path.join(__dirname, '..');

/** One way of starting the bot. */
interface Launch {
  label: string;
  node: string;
  args: string[];
}

/** What one start measured. */
export interface StartupResult {
  label: string;
  nodeVersion: string;
  toFirstPollMs: number;
  idleRssMb: number;
}

/** A Bot API double that answers start-up calls and holds long polls; it notes the first poll. */
async function startBotApi(): Promise<{ apiRoot: string; firstPoll: () => Promise<number>; close: () => Promise<void> }> {
  let firstPollAt: number | undefined;
  let onFirstPoll: ((at: number) => void) | undefined;
  const held = new Set<ServerResponse>();
  const answer = (res: ServerResponse, result: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, result }));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      if (method === 'getMe') return answer(res, { id: 1, is_bot: true, first_name: 'Bench', username: 'bench_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false });
      if (method === 'getUpdates') {
        if (firstPollAt === undefined) {
          firstPollAt = Date.now();
          onFirstPoll?.(firstPollAt);
        }
        held.add(res);
        const timer = setTimeout(() => {
          held.delete(res);
          answer(res, []);
        }, 25_000);
        res.on('close', () => {
          clearTimeout(timer);
          held.delete(res);
        });
        return;
      }
      answer(res, true);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    firstPoll: () => (firstPollAt !== undefined ? Promise.resolve(firstPollAt) : new Promise((resolve) => (onFirstPoll = resolve))),
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Resident memory of `pid` and all its descendants, from /proc (Linux). */
function treeRssMb(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return 0;
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(status, 'utf8'))?.[1] ?? 0);
  const childrenFile = `/proc/${pid}/task/${pid}/children`;
  const children = existsSync(childrenFile) ? readFileSync(childrenFile, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
  return rssKb / 1024 + children.reduce((sum, child) => sum + treeRssMb(child), 0);
}

async function measureOnce(launch: Launch, redisUrl: string, prefix: string, idleSeconds: number): Promise<StartupResult> {
  const api = await startBotApi();
  const startedAt = Date.now();
  const child = spawn(launch.node, launch.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', BOT_TOKEN: '123456:bench-startup-token-AAAAAAAAAAAAAAAAAAA', LOG_SALT: 'bench-startup-log-salt', REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, BOT_API_ROOT: api.apiRoot, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const firstPollAt = await Promise.race([api.firstPoll(), exited.then(() => Promise.reject(new Error(`${launch.label} exited before polling`))), sleep(30_000).then(() => Promise.reject(new Error(`${launch.label}: no poll within 30 s`)))]);
    await sleep(idleSeconds * 1000);
    return { label: launch.label, nodeVersion: '', toFirstPollMs: firstPollAt - startedAt, idleRssMb: treeRssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    await api.close();
  }
}

/** Starts each launch `rounds` times on each Node, interleaved, and reports medians. */
export async function runStartupBench(options: { redisUrl: string; prefix: string; nodes: readonly string[]; rounds: number; idleSeconds: number }): Promise<StartupResult[]> {
  const results: StartupResult[] = [];
  for (const node of options.nodes) {
    const nodeVersion = await nodeVersionOf(node);
    const launches: Launch[] = [
      { label: 'compiled: node dist/main.js', node, args: [...productionNodeFlags(), 'dist/main.js'] },
      { label: 'same code through tsx (as the image ran before): node --import tsx src/main.ts', node, args: ['--import', 'tsx', 'src/main.ts'] },
    ];
    const samples = new Map<string, StartupResult[]>();
    for (let round = 0; round < options.rounds; round += 1) {
      for (const launch of launches) {
        try {
          const result = await measureOnce(launch, options.redisUrl, `${options.prefix}${round}:`, options.idleSeconds);
          samples.set(launch.label, [...(samples.get(launch.label) ?? []), result]);
        } catch (error) {
          console.error(`${nodeVersion} ${launch.label}: ${(error as Error).message}`);
        }
      }
    }
    for (const launch of launches) {
      const runs = samples.get(launch.label) ?? [];
      if (runs.length === 0) {
        results.push({ label: launch.label, nodeVersion, toFirstPollMs: Number.NaN, idleRssMb: Number.NaN });
        continue;
      }
      results.push({ label: launch.label, nodeVersion, toFirstPollMs: median(runs.map((r) => r.toFirstPollMs)), idleRssMb: median(runs.map((r) => r.idleRssMb)) });
    }
  }
  return results;
}

/** The results as a Markdown table. */
export function startupTable(results: readonly StartupResult[]): string {
  return markdownTable(
    [{ header: 'Node' }, { header: 'how it starts' }, { header: 'spawn → first getUpdates ms', right: true }, { header: 'idle RSS MB (with children)', right: true }],
    results.map((r) => [r.nodeVersion, r.label, Number.isNaN(r.toFirstPollMs) ? 'never polled' : fixed(r.toFirstPollMs), Number.isNaN(r.idleRssMb) ? '—' : fixed(r.idleRssMb, 1)]),
  );
}

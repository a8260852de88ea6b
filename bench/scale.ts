/**
 * Scaling out on one machine: updates/s through a real HAProxy (round-robin) to 1 and to 3 bot
 * processes in webhook mode (`node dist/main.js`, as production runs it), one Redis, a Bot API
 * double over loopback HTTP. Updates are posted as Telegram posts them to a webhook: at most
 * `BENCH_SCALE_CONNECTIONS` (Telegram's default max_connections, 40) requests open at once; each
 * request is answered once the update is handled, reply sent. Rounds alternate 1 and 3 instances;
 * the table gives the median of each.
 *
 * npm run bench:scale   (BENCH_SCALE_UPDATES, BENCH_SCALE_CHATS, BENCH_SCALE_ROUNDS, BENCH_SCALE_CONNECTIONS)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import type { Update } from 'grammy/types';
import { FakeTelegram } from '../src/simulator/fake-telegram';
import { killBotProcesses, spawnBotProcess, type BotProcess } from '../test/helpers/bot-process';
import { serveTelegramOverHttp } from '../test/helpers/http-telegram';
import { findProgram, startLoadBalancer } from '../test/helpers/load-balancer';
import { freePort } from '../test/helpers/redis-server';
import { textUpdate } from '../test/helpers/updates';
import { describeMachine } from './lib/machine';
import { benchPrefix, deleteByPrefix } from './lib/redis-keys';
import { markdownTable } from './lib/table';

const UPDATES = Number(process.env.BENCH_SCALE_UPDATES ?? 3000);
const CHATS = Number(process.env.BENCH_SCALE_CHATS ?? 300);
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_SCALE_CONNECTIONS ?? 40);
const TOKEN = '424242:bench-scale-token-AAAAAAAAAAAAAAAAAAAAAAA';
const SECRET = 'bench-scale-webhook-secret';
const PATH = '/telegram/webhook';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Posts `updates` to `url` with at most `connections` in flight; returns the seconds it took. */
async function drive(url: string, updates: readonly Update[], connections: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < updates.length) {
        const update = updates[next++]!;
        const response = await fetch(`${url}${PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify(update),
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`update ${update.update_id}: HTTP ${response.status}`);
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The updates of one round: free text (an FAQ search) and /menu, spread over the chats, one chat's in order. */
function updatesFor(round: number): Update[] {
  return Array.from({ length: UPDATES }, (_, i) => {
    const chat = 700_000 + round * 10_000 + (i % CHATS);
    return textUpdate(round * 1_000_000 + i + 1, chat, i % 2 === 0 ? 'патент' : '/menu', 'ru') as unknown as Update;
  });
}

async function measure(instances: number, round: number, apiRoot: string, prefix: string): Promise<{ seconds: number; perInstance: number[] }> {
  const bots: Array<{ process: BotProcess; port: number }> = [];
  for (let i = 0; i < instances; i++) {
    const port = await freePort();
    const child = spawnBotProcess('main', {
      BOT_TOKEN: TOKEN,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      BOT_API_ROOT: apiRoot,
      LOG_LEVEL: 'warn',
      BOT_MODE: 'webhook',
      WEBHOOK_URL: `https://bot.example.org${PATH}`,
      WEBHOOK_SECRET: SECRET,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      BROADCAST_WORKER: 'external',
      RATE_LIMIT_MAX: '100000',
    });
    bots.push({ process: child, port });
  }
  const balancer = await startLoadBalancer(bots.map((b) => b.port));
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await Promise.all(bots.map((b) => fetch(`http://127.0.0.1:${b.port}/readyz`).then((r) => r.status === 200, () => false)));
      if (ready.every(Boolean)) break;
      if (Date.now() > deadline) throw new Error(`instances not ready:\n${bots.map((b) => b.process.output.slice(-10).join('\n')).join('\n')}`);
      await sleep(200);
    }
    await sleep(1_500);
    // Warm-up: every instance builds its search index and caches once before the clock runs.
    await drive(balancer.url, updatesFor(round + 100).slice(0, 60 * instances), CONNECTIONS);
    const seconds = await drive(balancer.url, updatesFor(round), CONNECTIONS);
    const perInstance = await Promise.all(
      bots.map(async (b) => {
        const text = await (await fetch(`http://127.0.0.1:${b.port}/metrics`)).text();
        return [...text.matchAll(/^bot_updates_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      }),
    );
    return { seconds, perInstance };
  } finally {
    await Promise.all(bots.map((b) => b.process.kill('SIGTERM')));
    await balancer.stop();
  }
}

async function main(): Promise<void> {
  if (!findProgram('haproxy')) throw new Error('haproxy is not installed (Debian: apt-get install -y haproxy)');
  const redis = new Redis(REDIS_URL);
  const prefix = benchPrefix('scale');
  const telegram = new FakeTelegram();
  const api = await serveTelegramOverHttp(telegram);
  const results = new Map<number, number[]>([
    [1, []],
    [3, []],
  ]);
  try {
    console.log(`Machine: ${await describeMachine(redis)}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const instances of [1, 3]) {
        const { seconds, perInstance } = await measure(instances, round * 2 + (instances === 1 ? 0 : 1), api.apiRoot, prefix);
        results.get(instances)!.push(UPDATES / seconds);
        console.log(`round ${round + 1}, ${instances} instance(s): ${(UPDATES / seconds).toFixed(0)} updates/s (handled per instance, warm-up included: ${perInstance.join(' / ')})`);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const one = median(results.get(1)!);
    console.log(`\n#### Scaling out: ${UPDATES} updates (FAQ search and /menu) from ${CHATS} chats through HAProxy, ${CONNECTIONS} requests open at once, median of ${ROUNDS} rounds\n`);
    console.log(
      markdownTable(
        [
          { header: 'instances', right: true },
          { header: 'updates/s', right: true },
          { header: '× one instance', right: true },
        ],
        [1, 3].map((n) => [String(n), median(results.get(n)!).toFixed(0), (median(results.get(n)!) / one).toFixed(2)]),
      ),
    );
  } finally {
    await killBotProcesses();
    await api.close();
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

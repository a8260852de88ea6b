/**
 * `npm run bench`: update handling against bare grammY, delivery of notices against a rate-limited
 * fake Bot API, and memory — each figure next to a baseline or a limit measured in the same run.
 * Prints Markdown tables (the README's Benchmarks section shows the latest) and the targets met.
 *
 * Sizes (defaults are the real ones; smaller values give a quick look):
 *   BENCH_PARTS=e2e,updates,delivery,memory,startup   which parts to run
 *   BENCH_E2E_BURST=200 BENCH_E2E_UPDATES=4000 BENCH_E2E_ROUNDS=5   the whole-process part (5 rounds: with 2, one run's ratios moved ±0.15)
 *   BENCH_NODES=/path/to/node,...   Node binaries for the start-up and memory parts (default: this one); BENCH_STARTUP_ROUNDS=3
 *   BENCH_UPDATES=20000 BENCH_DIALOGUE_UPDATES=5000 BENCH_CHATS=1000 BENCH_CONCURRENCY=1,100 BENCH_ROUNDS=5
 *   BENCH_DELIVERY_30=600 BENCH_DELIVERY_300=6000   recipients of the 30/s and the scaled 300/s run
 *   BENCH_SHARED_NOTICE=10000 BENCH_SHARED_REMINDERS=1000 BENCH_SHARED_RATE=300   a notice and reminders sharing the gate
 *   BENCH_QUEUE=100000 BENCH_MEMORY_USERS=10000
 *   BENCH_PARTS=transport (not in the default set): node-fetch against the direct JSON transport;
 *   BENCH_TRANSPORT_CALLS=20000 BENCH_TRANSPORT_CONCURRENCY=50 BENCH_TRANSPORT_ROUNDS=3
 * Redis: REDIS_URL (default redis://127.0.0.1:6379). Every key is under a prefix of this run and
 * deleted at the end; nothing else in Redis is touched.
 */
import { createLogger } from '../src/logger';
import { createRedis } from '../src/storage/redis';
import { deliveryTable, measureQueueing, runDelivery, runSharedDelivery, sharedDeliveryTable, type DeliveryResult, type QueueingResult } from './delivery';
import { describeMachine } from './lib/machine';
import { benchPrefix, deleteByPrefix } from './lib/redis-keys';
import { fixed, markdownTable } from './lib/table';
import { runMemoryBench, type MemoryResult } from './memory';
import { runUpdateBench, updateTable, type UpdateResult } from './updates';
import { runStartupBench, startupTable } from './startup';
import { runWholeProcessBench, wholeProcessTable } from './e2e/whole-process';
import { runTransportBench, transportTable } from './transport';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const parts = new Set((process.env.BENCH_PARTS ?? 'e2e,updates,delivery,memory,startup').split(','));

/** One line of the targets table. */
type Target = [what: string, target: string, measured: string, met: boolean];

function updateTargets(results: readonly UpdateResult[]): Target[] {
  const targets: Target[] = [];
  for (const r of results.filter((x) => !x.baseline && x.scenario.startsWith('bot:') && x.concurrency === 100)) {
    targets.push([`${r.scenario}, concurrency 100`, '≥ 0.80 × baseline, p99 < 20 ms', `${fixed(r.ratio, 2)} ×, p99 ${fixed(r.p99Ms, 1)} ms`, r.ratio >= 0.8 && r.p99Ms < 20]);
  }
  return targets;
}

function deliveryTargets(results: readonly DeliveryResult[], queueing?: QueueingResult): Target[] {
  const targets: Target[] = results.map((r) => [
    `delivery at ${r.limitPerSecond}/s`,
    '≥ 0.95 of the limit, 0 duplicates, 0 losses',
    `${fixed(r.share, 3)}, ${r.duplicates} duplicates, ${r.losses} losses`,
    r.share >= 0.95 && r.duplicates === 0 && r.losses === 0,
  ]);
  if (queueing) {
    targets.push([`queue ${queueing.recipients} recipients`, '< 5 s', `${fixed(queueing.seconds, 2)} s`, queueing.seconds < 5]);
  }
  return targets;
}

function memoryTable(results: readonly MemoryResult[]): string {
  return markdownTable(
    [{ header: 'Node' }, { header: 'users' }, { header: 'updates', right: true }, { header: 'RSS idle MB', right: true }, { header: 'RSS peak MB', right: true }, { header: 'RSS after MB', right: true }, { header: 'RSS settled MB', right: true }, { header: 'heap reserved MB (young)', right: true }, { header: 'heap in use MB', right: true }],
    results.map((m) => [m.nodeVersion, String(m.users), String(m.updates), fixed(m.rssIdleMb), fixed(m.rssPeakMb), fixed(m.rssAfterMb), fixed(m.rssSettledMb), `${fixed(m.heapTotalSettledMb)} (${fixed(m.newSpaceSettledMb)})`, fixed(m.heapUsedSettledMb, 1)]),
  );
}

async function main(): Promise<void> {
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', createLogger('silent'));
  const prefixes: string[] = [];
  const prefix = (part: string) => {
    const p = benchPrefix(part);
    prefixes.push(p);
    return p;
  };
  const targets: Target[] = [];
  try {
    console.log(`Machine: ${await describeMachine(redis)}\n`);

    if (parts.has('e2e')) {
      const options = { burstUsers: env('BENCH_E2E_BURST', 200), burstsPerRound: env('BENCH_E2E_BURSTS_PER_ROUND', 3), throughputUpdates: env('BENCH_E2E_UPDATES', 4_000), rounds: env('BENCH_E2E_ROUNDS', 5) };
      console.log(
        `## Whole process: the bot (node dist/main.js) and a plain grammY bot, each its own process polling a loopback Bot API over HTTP, same Redis; ` +
          `${options.burstsPerRound} bursts of ${options.burstUsers} people at once, then ${options.throughputUpdates} updates over the first burst's chats; medians of ${options.rounds} alternating rounds (burst latencies: of every burst)\n`,
      );
      const results = await runWholeProcessBench({ redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: prefix('e2e'), ...options });
      console.log(`${wholeProcessTable(results)}\n`);
      for (const r of results.filter((x) => !x.baseline)) {
        targets.push([`whole process: ${r.scenario}`, '≥ 0.80 × plain grammY updates/s, burst p99 ≤ 1.25 ×', `${fixed(r.ratio ?? Number.NaN, 2)} ×, p99 ${fixed(r.p99Ratio ?? Number.NaN, 2)} ×`, (r.ratio ?? 0) >= 0.8 && (r.p99Ratio ?? Infinity) <= 1.25]);
      }
    }

    if (parts.has('updates')) {
      const options = {
        updates: env('BENCH_UPDATES', 20_000),
        dialogueUpdates: env('BENCH_DIALOGUE_UPDATES', 5_000),
        chats: env('BENCH_CHATS', 1_000),
        concurrencies: (process.env.BENCH_CONCURRENCY ?? '1,100').split(',').map(Number),
        rounds: env('BENCH_ROUNDS', 5),
      };
      console.log(`## Update handling: ${options.updates} updates (dialogue steps: ${options.dialogueUpdates}) from ${options.chats} chats, ${options.rounds} interleaved rounds, in-process Bot API\n`);
      const results = await runUpdateBench(redis, prefix('u'), options);
      console.log(`${updateTable(results)}\n`);
      targets.push(...updateTargets(results));
    }

    if (parts.has('delivery')) {
      console.log('## Delivery of notices: BullMQ runtime → loopback HTTP Bot API enforcing the limit (1 in 40 recipients blocked the bot → 403)\n');
      const runs = [
        { limitPerSecond: 30, recipients: env('BENCH_DELIVERY_30', 600) },
        { limitPerSecond: 300, recipients: env('BENCH_DELIVERY_300', 6_000) },
      ];
      const results: DeliveryResult[] = [];
      for (const run of runs) {
        results.push(await runDelivery(redis, prefix(`d${run.limitPerSecond}`), { ...run, blockedEvery: 40, concurrency: 10 }));
      }
      console.log(`${deliveryTable(results)}\n`);
      const recipients = env('BENCH_QUEUE', 100_000);
      const queueing = recipients > 0 ? await measureQueueing(redis, prefix('q'), recipients) : undefined;
      if (queueing) {
        console.log(
          `Queueing a notice to ${queueing.recipients} subscribers (audience read + recipient list frozen): ${fixed(queueing.seconds, 2)} s, ` +
            `heap peak +${fixed(queueing.peakHeapGrowthMb)} MB, RSS ${queueing.rssGrowthMb >= 0 ? '+' : ''}${fixed(queueing.rssGrowthMb)} MB\n`,
        );
      }
      targets.push(...deliveryTargets(results, queueing));

      const shared = { limitPerSecond: env('BENCH_SHARED_RATE', 300), recipients: env('BENCH_SHARED_NOTICE', 10_000), reminders: env('BENCH_SHARED_REMINDERS', 1_000) };
      if (shared.recipients + shared.reminders > 0) {
        console.log(`## A notice and deadline reminders sharing the queue and the rate gate: ${shared.reminders} reminders come due (each 1 s after it is set) from 3 s after a notice to ${shared.recipients} starts\n`);
        const r = await runSharedDelivery(redis, prefix('s'), { ...shared, concurrency: 10 });
        console.log(`${sharedDeliveryTable([r])}\n`);
        const clean = r.maxInOneSecond <= r.limitPerSecond && r.tooMany === 0 && r.noticeDuplicates + r.reminderDuplicates + r.noticeLosses + r.reminderLosses === 0;
        targets.push([
          `notice to ${r.recipients} + ${r.reminders} reminders at ${r.limitPerSecond}/s`,
          'limit held across both, 0 duplicates, 0 losses, reminders not behind the notice',
          `max ${r.maxInOneSecond} in 1 s, ${r.tooMany} 429s, reminders waited ≤ ${fixed(r.reminderWaitMax, 1)} s (notice took ${fixed(r.noticeSeconds, 1)} s)`,
          clean && r.reminderWaitMax < r.noticeSeconds,
        ]);
      }
    }

    if (parts.has('memory')) {
      const users = env('BENCH_MEMORY_USERS', 10_000);
      const nodes = (process.env.BENCH_NODES ?? process.execPath).split(',').filter(Boolean);
      console.log(`## Memory: the compiled bot (node dist/main.js) polling a loopback Bot API, ${users} distinct users, each a short guided dialogue (open, step, back), 100 at a time; settled = after 10 s idle (BENCH_MEMORY_SETTLE_SECONDS) and a full GC\n`);
      const results = await runMemoryBench({ redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: prefix('m'), users, nodes });
      console.log(`${memoryTable(results)}\n`);
      for (const m of results) {
        targets.push([`${m.nodeVersion}: RSS after ${m.users} users (settled; peak ${fixed(m.rssPeakMb)} MB)`, '< 150 MB', `${fixed(m.rssSettledMb)} MB`, m.rssSettledMb < 150]);
      }
    }

    if (parts.has('startup')) {
      const nodes = (process.env.BENCH_NODES ?? process.execPath).split(',').filter(Boolean);
      const rounds = env('BENCH_STARTUP_ROUNDS', 3);
      const idleSeconds = env('BENCH_IDLE_SECONDS', 5);
      console.log(`## Start-up: the bot process spawned against a loopback Bot API and this Redis, ${rounds} rounds, RSS after ${idleSeconds} s idle (medians)\n`);
      const results = await runStartupBench({ redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: prefix('s'), nodes, rounds, idleSeconds });
      console.log(`${startupTable(results)}\n`);
      for (const r of results.filter((x) => x.label.startsWith('compiled'))) {
        targets.push([`${r.nodeVersion}: polling after start`, 'polls; idle RSS < 100 MB', `${fixed(r.toFirstPollMs)} ms, ${fixed(r.idleRssMb)} MB`, !Number.isNaN(r.toFirstPollMs) && r.idleRssMb < 100]);
      }
    }

    if (parts.has('transport')) {
      const options = { calls: env('BENCH_TRANSPORT_CALLS', 20_000), concurrency: env('BENCH_TRANSPORT_CONCURRENCY', 50), rounds: env('BENCH_TRANSPORT_ROUNDS', 3) };
      console.log(
        `## Bot API transport: ${options.calls} sendMessage calls through grammY's Api, ${options.concurrency} in flight, to a loopback Bot API double in its own process; ` +
          `medians of ${options.rounds} alternating rounds, CPU of this process only\n`,
      );
      const results = await runTransportBench(options);
      console.log(`${transportTable(results)}\n`);
      const direct = results[1]!;
      targets.push(['Bot API transport: CPU per JSON call', '< node-fetch', `${fixed(direct.cpuRatio, 2)} × (${fixed(direct.cpuMicrosPerCall, 1)} µs)`, direct.cpuRatio < 1]);
    }

    console.log('## Targets\n');
    console.log(markdownTable([{ header: 'what' }, { header: 'target' }, { header: 'measured' }, { header: 'met' }], targets.map(([a, b, c, met]) => [a, b, c, met ? 'yes' : 'NO'])));
  } finally {
    for (const p of prefixes) await deleteByPrefix(redis, p);
    await redis.quit();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

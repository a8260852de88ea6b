/**
 * The Bot API transport: node-fetch (grammY's own Node transport) against the direct node:http path
 * for JSON calls (src/bot/bot-api-http.ts), in the same run. Each drives sendMessage calls through
 * a real grammY Api, `concurrency` in flight, to a Bot API double in a child process answering a
 * fixed Telegram-like JSON — so this process's CPU time is the client's alone: grammY plus the
 * transport. Rounds alternate between the two; medians are reported.
 *
 * `BENCH_PARTS=transport npm run bench`. BENCH_TRANSPORT_CALLS=20000 BENCH_TRANSPORT_CONCURRENCY=50
 * BENCH_TRANSPORT_ROUNDS=3.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PerformanceObserver } from 'node:perf_hooks';
import { Api } from 'grammy';
import { botApiFetch, grammyNodeFetch, type BotApiFetch } from '../src/bot/bot-api-transport';
import { median } from './lib/stats';
import { fixed, markdownTable } from './lib/table';

/** How big a run is. */
export interface TransportBenchOptions {
  calls: number;
  concurrency: number;
  rounds: number;
}

/** One transport's medians over the rounds. */
export interface TransportResult {
  transport: string;
  callsPerSecond: number;
  cpuMicrosPerCall: number;
  gcMsPer1000Calls: number;
  /** CPU per call relative to node-fetch (< 1 is cheaper); 1 for node-fetch itself. */
  cpuRatio: number;
}

/** The answer to every call: a sent message as Telegram returns it (~300 bytes). */
const ANSWER = JSON.stringify({
  ok: true,
  result: {
    message_id: 4711,
    from: { id: 123456, is_bot: true, first_name: 'Migrant Help', username: 'migrant_help_bot' },
    chat: { id: 7_100_001, first_name: 'Фарҳод', type: 'private' },
    date: 1_700_000_000,
    text: 'Патент: оплатите авансовый платёж до 15-го числа. Подробнее — в меню «Документы».',
  },
});

/** The Bot API double, in its own process: reads each request whole, answers ANSWER. */
const SERVER = `
const http = require('node:http');
const answer = Buffer.from(process.env.ANSWER, 'utf8');
const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
    res.end(answer);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

async function startServer(): Promise<{ apiRoot: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', SERVER], { env: { ...process.env, ANSWER }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (data: Buffer) => resolve(data.toString('utf8').trim()));
    child.once('exit', (code) => reject(new Error(`bench Bot API exited (${code})`)));
  });
  return { apiRoot: `http://127.0.0.1:${port}`, child };
}

/** One round: `calls` sendMessage calls, `concurrency` at a time; wall time, CPU and GC time. */
async function round(api: Api, options: TransportBenchOptions): Promise<{ seconds: number; cpuMicros: number; gcMs: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  let gcMs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  let next = 0;
  const worker = async () => {
    while (next < options.calls) {
      const i = next++;
      await api.sendMessage(7_100_001 + (i % 1000), 'Патент: оплатите авансовый платёж до 15-го числа. Подробнее — в меню «Документы».', {
        reply_markup: { inline_keyboard: [[{ text: '📄 Документы', callback_data: 'menu:docs' }, { text: '⬅️ Назад', callback_data: 'menu:back' }]] },
      });
    }
  };
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  // GC entries are delivered asynchronously: let the last ones arrive.
  await new Promise((resolve) => setImmediate(resolve));
  gcObserver.disconnect();
  return { seconds, cpuMicros: used.user + used.system, gcMs };
}

/** Runs node-fetch and the direct transport in alternating rounds against one local Bot API double. */
export async function runTransportBench(options: TransportBenchOptions): Promise<TransportResult[]> {
  const { apiRoot, child } = await startServer();
  try {
    const transports: Array<[string, BotApiFetch]> = [
      ['node-fetch (before)', grammyNodeFetch],
      ['direct node:http for JSON (now)', botApiFetch],
    ];
    const apis = transports.map(([, fetch]) => new Api('123456:bench', { apiRoot, fetch }));
    // Warm-up: JIT, sockets of the keep-alive pool.
    for (const api of apis) await round(api, { ...options, calls: Math.min(2_000, options.calls) });
    const samples = transports.map(() => ({ rate: [] as number[], cpu: [] as number[], gc: [] as number[] }));
    for (let r = 0; r < options.rounds; r++) {
      for (let t = 0; t < apis.length; t++) {
        const m = await round(apis[t]!, options);
        samples[t]!.rate.push(options.calls / m.seconds);
        samples[t]!.cpu.push(m.cpuMicros / options.calls);
        samples[t]!.gc.push((m.gcMs / options.calls) * 1000);
      }
    }
    const baseCpu = median(samples[0]!.cpu);
    return transports.map(([transport], t) => ({
      transport,
      callsPerSecond: median(samples[t]!.rate),
      cpuMicrosPerCall: median(samples[t]!.cpu),
      gcMsPer1000Calls: median(samples[t]!.gc),
      cpuRatio: median(samples[t]!.cpu) / baseCpu,
    }));
  } finally {
    child.kill();
  }
}

/** The results as a Markdown table. */
export function transportTable(results: readonly TransportResult[]): string {
  return markdownTable(
    [{ header: 'transport' }, { header: 'calls/s', right: true }, { header: 'CPU µs/call', right: true }, { header: 'CPU vs node-fetch', right: true }, { header: 'GC ms per 1000 calls', right: true }],
    results.map((r) => [r.transport, fixed(r.callsPerSecond), fixed(r.cpuMicrosPerCall, 1), `${fixed(r.cpuRatio, 2)} ×`, fixed(r.gcMsPer1000Calls, 2)]),
  );
}

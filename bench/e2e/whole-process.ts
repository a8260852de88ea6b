/**
 * The whole process, as a person waiting for an answer feels it: the bot started as production
 * starts it (`node dist/main.js`, long polling with the runner, HTTP to a Bot API, JSON, Redis),
 * against a Bot API double on loopback, and in the same run a plain grammY bot process
 * (`bench/e2e/plain-bot.cjs`: runner + sequentialize + Redis sessions, a two-button menu as reply).
 *
 * Per scenario and process: warm-up by other people, then `burstsPerRound` bursts of `burstUsers`
 * people writing at once (first-reply p50/p99 of each burst, from the moment the updates are handed
 * to the poll; the table shows the median over every burst of every round), then
 * `throughputUpdates` updates spread over the first burst's chats (updates/s until every reply
 * came), then the process's RSS.
 */
import { productionNodeFlags } from '../lib/production-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Update } from 'grammy/types';
import { message, press } from '../lib/updates-factory';
import { percentile } from '../lib/stats';
import { fixed, markdownTable } from '../lib/table';
import { BotApiDouble } from './bot-api-double';

const ROOT = path.join(__dirname, '..', '..');

type NewUpdate = Omit<Update, 'update_id'>;
const strip = (update: Update): NewUpdate => {
  const { update_id: _id, ...rest } = update;
  return rest;
};

/** What people do in one scenario. */
interface Scenario {
  name: string;
  /** Sent and answered before measuring (a dialogue must be open to take a step in it). */
  setup?: (chat: number) => NewUpdate;
  /** The `n`-th measured update of `chat`. */
  update: (chat: number, n: number) => NewUpdate;
  /** Each update comes from a person the bot has never seen (so every chat is new). */
  newUsersOnly?: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'free text → FAQ answer', update: (chat) => strip(message(chat, 'патент')) },
  { name: 'main-menu button (Help)', update: (chat) => strip(press(chat, 'help')) },
  { name: 'dialogue step', setup: (chat) => strip(press(chat, 'dlg:police')), update: (chat, n) => strip(press(chat, n % 2 === 0 ? 'ch:rights.detained' : 'ch:back')) },
  { name: '/start of a new user', update: (chat) => strip(message(chat, '/start')), newUsersOnly: true },
];

/** The scenarios to run: all, or those whose name contains one of BENCH_E2E_SCENARIOS (comma-separated). */
function selectedScenarios(): readonly Scenario[] {
  const wanted = (process.env.BENCH_E2E_SCENARIOS ?? '').split(',').filter(Boolean);
  return wanted.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => wanted.some((w) => s.name.includes(w)));
}

/** One process under test. */
interface Contender {
  label: string;
  baseline: boolean;
  args: string[];
}

/** What one scenario measured on one process. */
export interface WholeProcessResult {
  scenario: string;
  contender: string;
  baseline: boolean;
  updatesPerSecond: number;
  burstP50Ms: number;
  burstP99Ms: number;
  rssMb: number;
  /** CPU time of the process per update in the throughput phase (user + system). */
  cpuMsPerUpdate: number;
  /** Bot API calls (getUpdates aside) per update in the throughput phase, e.g. "1.0 sendMessage". */
  callsPerUpdate: string;
  /** Filled by {@link compareToBaseline}. */
  ratio?: number;
  p99Ratio?: number;
  /** The plain bot's CPU per update divided by this one's (above 1: cheaper than the plain bot). */
  cpuRatio?: number;
}

/**
 * CPU time the process has used (user + system, ms), from /proc. Unlike updates/s it hardly moves
 * when other work shares the machine, so it shows what one update costs even on a busy machine.
 */
function cpuMsOf(pid: number): number {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return Number.NaN;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const text = readFileSync(stat, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux (getconf CLK_TCK)
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

function rssMbOf(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return Number.NaN;
  return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(status, 'utf8'))?.[1] ?? Number.NaN) / 1024;
}

async function startProcess(contender: Contender, env: Record<string, string>, api: BotApiDouble): Promise<ChildProcess> {
  // BENCH_E2E_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the bot's node, and
  // BENCH_E2E_BASELINE_NODE_ARGS to the plain bot's, for profiles of each.
  const nodeArgs = (process.env[contender.baseline ? 'BENCH_E2E_BASELINE_NODE_ARGS' : 'BENCH_E2E_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...contender.args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  // Ready when it answers a first update.
  const probe = 9_000_000_000;
  api.push([strip(message(probe, '/start', 'en'))]);
  await api.untilReplies(1, 60_000);
  await sleep(500);
  api.resetReplies();
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

/** One round's measurements of one scenario on one process (the result takes medians over rounds, and over every burst). */
type WholeProcessSample = Omit<WholeProcessResult, 'burstP50Ms' | 'burstP99Ms' | 'ratio' | 'p99Ratio' | 'cpuRatio'> & { burstP50s: number[]; burstP99s: number[] };

/** Chat numbers between one burst's people and the next's (and the warm-up's, see below). */
const BURST_CHAT_STRIDE = 100_000;

/**
 * Runs one scenario on a running process; chats are numbered from `firstChat`. Each of
 * `burstsPerRound` bursts has people of its own (a burst's p99 is nearly its slowest reply, so one
 * burst a round is at the mercy of one GC pause or scheduler hiccup); the throughput phase then goes
 * on with the first burst's people.
 */
async function measureScenario(
  pid: number,
  api: BotApiDouble,
  scenario: Scenario,
  firstChat: number,
  options: { burstUsers: number; throughputUpdates: number; burstsPerRound: number },
): Promise<Omit<WholeProcessSample, 'contender' | 'baseline' | 'rssMb'>> {
  const chatsOfBurst = (burst: number) => Array.from({ length: options.burstUsers }, (_, i) => firstChat + burst * BURST_CHAT_STRIDE + i);
  const bursts = Array.from({ length: options.burstsPerRound }, (_, burst) => chatsOfBurst(burst));
  const chats = bursts[0]!;
  // Other people, who take the scenario's own step first: a process that has served for a while has
  // run every path many times, and the first runs of a path (V8 not yet optimising it) would make
  // the burst measure start-up, not what a person waiting for an answer usually meets. Both
  // processes are warmed alike.
  const warmChats = chats.map((chat) => chat + 5 * BURST_CHAT_STRIDE);
  const pushAndAwaitReplies = async (updates: NewUpdate[]) => {
    api.push(updates);
    await api.untilReplies(updates.length, 60_000);
    await sleep(300);
    api.resetReplies();
  };
  if (scenario.setup) await pushAndAwaitReplies([...bursts.flat(), ...warmChats].map((chat) => scenario.setup!(chat)));
  await pushAndAwaitReplies(warmChats.map((chat) => scenario.update(chat, 0)));
  const burstP50s: number[] = [];
  const burstP99s: number[] = [];
  let repliesPerUpdate = 1;
  for (const people of bursts) {
    // Burst: everyone at once; first reply per chat.
    const pushedAt = performance.now();
    api.push(people.map((chat) => scenario.update(chat, 0)));
    const deadline = Date.now() + 60_000;
    while (api.replies.size < people.length) {
      if (Date.now() > deadline) throw new Error(`${scenario.name}: ${api.replies.size} of ${people.length} chats answered`);
      await sleep(5);
    }
    await sleep(300);
    const firstReplies = people.map((chat) => api.replies.get(chat)![0]! - pushedAt);
    repliesPerUpdate = api.replyCount / people.length;
    burstP50s.push(percentile(firstReplies, 50));
    burstP99s.push(percentile(firstReplies, 99));
    // BENCH_E2E_BURSTS=1 prints each burst's first replies (ms) at the 0/10/25/50/75/90/99/100th percentiles.
    if (process.env.BENCH_E2E_BURSTS) console.error(`burst ${scenario.name} (pid ${pid}): ${[0, 10, 25, 50, 75, 90, 99, 100].map((q) => fixed(percentile(firstReplies, q))).join(' ')}`);
    api.resetReplies();
  }

  // Throughput: the updates spread over the chats (or new people each time), all queued at once.
  const perChat = Math.ceil(options.throughputUpdates / chats.length);
  const updates: NewUpdate[] = [];
  for (let n = 1; n <= perChat; n += 1) {
    for (const chat of chats) updates.push(scenario.update(scenario.newUsersOnly ? chat + n * options.burstUsers : chat, n));
  }
  const expected = Math.floor(updates.length * repliesPerUpdate);
  const started = performance.now();
  const cpuBefore = cpuMsOf(pid);
  api.push(updates);
  await api.untilReplies(expected, 120_000);
  const seconds = (performance.now() - started) / 1000;
  const cpuMsPerUpdate = (cpuMsOf(pid) - cpuBefore) / updates.length;
  await sleep(300);
  const callsPerUpdate = [...api.calls].map(([method, count]) => `${fixed(count / updates.length, 1)} ${method}`).join(', ');
  api.resetReplies();
  return { scenario: scenario.name, updatesPerSecond: updates.length / seconds, burstP50s, burstP99s, cpuMsPerUpdate, callsPerUpdate };
}

/** Every scenario on the bot and on the plain grammY bot, `rounds` times, alternating. */
export async function runWholeProcessBench(options: { redisUrl: string; prefix: string; burstUsers: number; throughputUpdates: number; rounds: number; burstsPerRound: number }): Promise<WholeProcessResult[]> {
  const contenders: Contender[] = [
    { label: 'plain grammY bot (bench/e2e/plain-bot.cjs)', baseline: true, args: ['bench/e2e/plain-bot.cjs'] },
    { label: 'this bot (node dist/main.js)', baseline: false, args: [...productionNodeFlags(), 'dist/main.js'] },
  ];
  const samples = new Map<string, WholeProcessSample[]>();
  let chatBase = 100_000_000;
  for (let round = 0; round < options.rounds; round += 1) {
    for (const contender of contenders) {
      const api = new BotApiDouble();
      const apiRoot = await api.start();
      const child = await startProcess(
        contender,
        {
          BOT_TOKEN: '123456:whole-process-bench-AAAAAAAAAAAAAAAAAAAA',
          REDIS_URL: options.redisUrl,
          REDIS_KEY_PREFIX: `${options.prefix}${round}:${contender.baseline ? 'plain' : 'bot'}:`,
          BOT_API_ROOT: apiRoot,
          HTTP_HOST: '127.0.0.1',
          HTTP_PORT: '0',
          LOG_LEVEL: 'warn',
          LOG_SALT: 'whole-process-bench-salt',
          // Every update must get its reply to be counted; the flood limit's Redis trip still runs.
          RATE_LIMIT_MAX: '1000000',
        },
        api,
      );
      try {
        for (const scenario of selectedScenarios()) {
          chatBase += 1_000_000;
          const measured = await measureScenario(child.pid!, api, scenario, chatBase, options);
          const key = `${scenario.name}\u0000${contender.label}`;
          samples.set(key, [...(samples.get(key) ?? []), { ...measured, contender: contender.label, baseline: contender.baseline, rssMb: rssMbOf(child.pid!) }]);
        }
      } finally {
        await stopProcess(child);
        await api.close();
      }
    }
  }
  const results: WholeProcessResult[] = [];
  for (const scenario of selectedScenarios()) {
    for (const contender of contenders) {
      const runs = samples.get(`${scenario.name}\u0000${contender.label}`) ?? [];
      const med = (pick: (r: (typeof runs)[number]) => number) => percentile(runs.map(pick), 50);
      results.push({
        scenario: scenario.name,
        contender: contender.label,
        baseline: contender.baseline,
        updatesPerSecond: med((r) => r.updatesPerSecond),
        burstP50Ms: percentile(runs.flatMap((r) => r.burstP50s), 50),
        burstP99Ms: percentile(runs.flatMap((r) => r.burstP99s), 50),
        rssMb: med((r) => r.rssMb),
        cpuMsPerUpdate: med((r) => r.cpuMsPerUpdate),
        callsPerUpdate: runs.at(-1)?.callsPerUpdate ?? '',
      });
    }
  }
  return compareToBaseline(results);
}

/** Adds each bot row's ratio to the plain bot's row of the same scenario. */
export function compareToBaseline(results: WholeProcessResult[]): WholeProcessResult[] {
  return results.map((r) => {
    if (r.baseline) return r;
    const base = results.find((b) => b.baseline && b.scenario === r.scenario);
    return base ? { ...r, ratio: r.updatesPerSecond / base.updatesPerSecond, p99Ratio: r.burstP99Ms / base.burstP99Ms, cpuRatio: base.cpuMsPerUpdate / r.cpuMsPerUpdate } : r;
  });
}

/** The results as a Markdown table. */
export function wholeProcessTable(results: readonly WholeProcessResult[]): string {
  return markdownTable(
    [{ header: 'scenario' }, { header: 'process' }, { header: 'updates/s', right: true }, { header: 'ratio', right: true }, { header: 'burst p50 ms', right: true }, { header: 'burst p99 ms', right: true }, { header: 'p99 ratio', right: true }, { header: 'CPU ms/update', right: true }, { header: 'CPU ratio', right: true }, { header: 'RSS MB', right: true }, { header: 'Bot API calls per update' }],
    results.map((r) => [r.scenario, r.contender, fixed(r.updatesPerSecond), r.ratio === undefined ? '1 (baseline)' : `${fixed(r.ratio, 2)} ×`, fixed(r.burstP50Ms), fixed(r.burstP99Ms), r.p99Ratio === undefined ? '' : `${fixed(r.p99Ratio, 2)} ×`, fixed(r.cpuMsPerUpdate, 3), r.cpuRatio === undefined ? '' : `${fixed(r.cpuRatio, 2)} ×`, fixed(r.rssMb), r.callsPerUpdate]),
  );
}

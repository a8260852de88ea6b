import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeTelegram } from '../../src/simulator/fake-telegram';
import { killBotProcesses, spawnBotProcess } from '../helpers/bot-process';
import { serveTelegramOverHttp, type HttpTelegram } from '../helpers/http-telegram';
import { freePort } from '../helpers/redis-server';
import { textUpdate } from '../helpers/updates';
import { connectTestRedis, deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../helpers/test-redis';

const TOKEN = '515151:process-lifecycle-token-AAAAAAAAAAAA';
const ROOT = path.join(__dirname, '..', '..');

/** A process is gone (and not a zombie of ours) when signal 0 cannot reach it. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  return !/^State:\s+Z/m.test(status);
}

/** Children of `pid`, from /proc (Linux), to find the node that npm started. */
function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** The whole process tree under `pid` (npm → node, or npm → sh → node on an npm that does not exec). */
function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

/** Waits until `condition` holds; on time-out, fails with `explain()` (the children's logs). */
async function waitFor(condition: () => boolean, timeoutMs: number, explain: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms\n${explain()}`);
    await sleep(25);
  }
}

const logged = (child: { output: string[] }, message: string) => child.output.some((line) => line.includes(`"msg":"${message}"`));

/**
 * The bot as production runs it — compiled JavaScript in a process of its own, talking HTTP to a
 * Bot API — on this test run's Node (CI runs the suite on Node 20 and on the image's Node 26).
 */
describe('the bot process: start-up, health and stopping', () => {
  const prefix = uniquePrefix('process');
  const redis = connectTestRedis();
  let telegram: FakeTelegram;
  let api: HttpTelegram | undefined;
  const npmChildren: ChildProcess[] = [];

  beforeEach(async () => {
    telegram = new FakeTelegram();
    api = await serveTelegramOverHttp(telegram);
  });
  afterEach(async () => {
    await killBotProcesses();
    for (const child of npmChildren.splice(0)) {
      for (const pid of descendantsOf(child.pid!)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await api?.close();
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  const env = async (overrides: Record<string, string> = {}) => ({
    BOT_TOKEN: TOKEN,
    LOG_SALT: 'process-test-log-salt',
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: prefix,
    BOT_API_ROOT: api!.apiRoot,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
    ...overrides,
  });
  const get = async (port: string, route: string) => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${route}`);
      return response.status;
    } catch {
      return 0;
    }
  };

  it('answers /start over HTTP, reports ready, and stops cleanly on SIGTERM', async () => {
    const settings = await env();
    const bot = spawnBotProcess('main', settings);
    await waitFor(() => logged(bot, 'ready'), 20_000, () => bot.output.join('\n'));
    expect(await get(settings.HTTP_PORT, '/readyz')).toBe(200);

    telegram.pushUpdate(textUpdate(1, 7_100_001, '/start'));
    await waitFor(() => telegram.chat(7_100_001).length > 0, 10_000, () => bot.output.join('\n'));
    expect(telegram.chat(7_100_001)[0]!.text).toMatch(/Салом!/);

    const exit = await bot.kill('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(logged(bot, 'shut down cleanly')).toBe(true);
  }, 40_000);

  it('while Telegram cannot be reached: alive on /healthz, 503 on /readyz, every failed attempt logged with its next retry, and SIGTERM ends it without waiting for that retry', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const settings = await env({ BOT_API_ROOT: nobody });
    const bot = spawnBotProcess('main', settings);
    const failures = () => bot.output.filter((line) => line.includes('start-up: reaching Telegram (getMe) failed, retrying'));
    // Three failures: the next retry is then 4 s away (1, 2, 4 s), so a stop well under that did not wait for it.
    await waitFor(() => failures().length >= 3, 15_000, () => bot.output.join('\n'));
    const warning = JSON.parse(failures()[0]!) as { level: number; attempt: number; retryInMs: number; nextAttemptAt: string; err: { message: string } };
    expect(warning).toMatchObject({ level: 40, attempt: 1, retryInMs: 1000 });
    expect(warning.err.message).toMatch(/ECONNREFUSED|connect/);
    expect(Number.isNaN(Date.parse(warning.nextAttemptAt))).toBe(false);

    expect(await get(settings.HTTP_PORT, '/healthz')).toBe(200);
    expect(await get(settings.HTTP_PORT, '/readyz')).toBe(503);

    const pendingRetryMs = (JSON.parse(failures().at(-1)!) as { retryInMs: number }).retryInMs;
    expect(pendingRetryMs).toBeGreaterThanOrEqual(4_000);
    const signalledAt = Date.now();
    const exit = await bot.kill('SIGTERM');
    // Generous for a loaded machine (it takes some 100 ms here), yet short of the retry it must not wait for.
    expect(Date.now() - signalledAt).toBeLessThan(2_500);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('a second SIGTERM while stopping does not cut short the update in flight', async () => {
    await api!.close();
    // Each sendMessage takes 4 s at "Telegram" (recorded after 2 s): the reply is still in flight
    // when the signals come, with room for a loaded machine's stalls.
    api = await serveTelegramOverHttp(telegram, { sendLatencyMs: 4_000 });
    const bot = spawnBotProcess('main', await env({ BOT_API_ROOT: api.apiRoot }));
    await waitFor(() => logged(bot, 'ready'), 20_000, () => bot.output.join('\n'));
    telegram.pushUpdate(textUpdate(1, 7_100_002, '/start'));
    // The update was fetched (the runner polls again) and its reply is on its way to "Telegram".
    await waitFor(() => telegram.callsOf('getUpdates').length >= 2, 5_000);
    await sleep(300);
    expect(telegram.chat(7_100_002)).toHaveLength(0);

    process.kill(bot.pid, 'SIGTERM');
    await sleep(100);
    process.kill(bot.pid, 'SIGTERM');
    const exit = await bot.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(logged(bot, 'already stopping; finishing the stop under way')).toBe(true);
    expect(logged(bot, 'shut down cleanly')).toBe(true);
    expect(telegram.chat(7_100_002).length).toBeGreaterThan(0);
  }, 40_000);

  it('SIGTERM to the process `npm start` started (as a supervisor sends it) leaves nothing running', async () => {
    const settings = await env();
    const npm = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, ...settings }, stdio: ['ignore', 'pipe', 'pipe'] });
    npmChildren.push(npm);
    const output: string[] = [];
    npm.stdout.on('data', (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n')));
    npm.stderr.on('data', (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n')));
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    await waitFor(() => logged({ output }, 'ready'), 30_000, () => output.join('\n'));
    const tree = descendantsOf(npm.pid!);
    expect(tree.length).toBeGreaterThan(0);

    npm.kill('SIGTERM');
    await exited;
    await waitFor(() => tree.every((pid) => !isRunning(pid)), 10_000, () => `still running: ${tree.filter(isRunning).join(', ')}`);
    expect(logged({ output }, 'shut down cleanly')).toBe(true);
  }, 60_000);
});

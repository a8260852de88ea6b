import { productionNodeFlags } from '../../bench/lib/production-node';
import { spawn } from 'node:child_process';
import path from 'node:path';

/** The programs a deployment runs: the bot (`npm start`) and the broadcast worker (`npm run worker`). */
export type BotEntry = 'main' | 'worker';

/** How a child ended. */
export interface BotExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A bot or worker running as a child process of the test. */
export interface BotProcess {
  readonly pid: number;
  /** Milliseconds since the epoch when it was spawned. */
  readonly startedAt: number;
  /** Its stdout and stderr lines so far (to explain a failure). */
  readonly output: string[];
  /** Resolves when it has exited. */
  readonly exited: Promise<BotExit>;
  /** Sends `signal` (SIGKILL by default) and waits until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<BotExit>;
}

const ROOT = path.resolve(__dirname, '../..');
const running = new Set<BotProcess>();

/**
 * The one place that says how an entry point is run: the compiled JavaScript in `dist/`, as
 * production runs it (the test run's global set-up builds it), in this test run's Node, so the
 * pid is the serving process (no npm wrapper in between).
 */
function commandFor(entry: BotEntry): { command: string; args: string[] } {
  return { command: process.execPath, args: [...productionNodeFlags(), `dist/${entry}.js`] };
}

/**
 * Starts `entry` as a child process with `env` on top of a minimal environment (nothing from the
 * developer's shell leaks in). Every process started here is stopped by {@link killBotProcesses}.
 */
export function spawnBotProcess(entry: BotEntry, env: Record<string, string>): BotProcess {
  const { command, args } = commandFor(entry);
  // A token requires a log salt of its own; tests that care set another.
  const base: Record<string, string> = { LANG: 'C.UTF-8', LOG_SALT: 'test-process-log-salt' };
  for (const name of ['PATH', 'HOME', 'TMPDIR']) {
    const value = process.env[name];
    if (value !== undefined) base[name] = value;
  }
  const child = spawn(command, args, { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<BotExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      output.push(`spawn failed: ${error.message}`);
      resolve({ code: null, signal: null });
    });
  });
  const handle: BotProcess = {
    pid: child.pid ?? -1,
    startedAt: Date.now(),
    output,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

/** Kills every child still running (for afterAll, so a failed test leaves no process behind). */
export async function killBotProcesses(): Promise<void> {
  await Promise.all([...running].map((child) => child.kill('SIGKILL')));
}

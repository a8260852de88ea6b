import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './redis-server';

/** The path of `program` on PATH (or in Debian's sbin), or undefined when it is not installed. */
export function findProgram(program: string): string | undefined {
  for (const candidate of [program, `/usr/sbin/${program}`, `/usr/bin/${program}`]) {
    try {
      execFileSync('sh', ['-c', `command -v ${candidate}`], { stdio: 'pipe' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * `describe`, or `describe.skip` with one clear line saying which Debian packages are missing
 * (`.ci/run` installs them; locally: `apt-get install -y haproxy redis-sentinel`).
 */
export function describeWithPrograms(programs: readonly string[]): jest.Describe {
  const missing = programs.filter((p) => findProgram(p) === undefined);
  if (missing.length === 0) return describe;
  console.warn(`SKIPPED: ${missing.join(', ')} not installed (Debian: apt-get install -y ${missing.join(' ')}; .ci/run installs them)`);
  // Not `describe.skip`: Jest still runs a skipped block's body, and these open Redis connections
  // there that only their (skipped) afterAll closes, which kept the whole test run from exiting.
  const skipped = (name: string) => describe.skip(name, () => it(`needs ${missing.join(', ')}`, () => undefined));
  return skipped as unknown as jest.Describe;
}

/** A HAProxy started by the test on loopback, balancing round-robin over bot instances. */
export interface LoadBalancer {
  /** Where to post: http://127.0.0.1:<port>. */
  url: string;
  /** HAProxy's own lines (to explain a failure). */
  output: string[];
  stop(): Promise<void>;
}

/**
 * Starts HAProxy in the foreground on a free loopback port: HTTP mode, round-robin per request
 * (not per connection), each backend checked on `/readyz` every second, as a deployment would.
 */
export async function startLoadBalancer(backendPorts: readonly number[]): Promise<LoadBalancer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'mhb-haproxy-'));
  const configFile = path.join(dir, 'haproxy.cfg');
  writeFileSync(
    configFile,
    [
      'global',
      '  maxconn 4000',
      'defaults',
      '  mode http',
      '  timeout connect 2s',
      '  timeout client 30s',
      '  timeout server 30s',
      '  retries 0',
      // /readyz pings Redis behind the updates in flight: a busy instance is slow, not down.
      '  timeout check 5s',
      'frontend webhook',
      `  bind 127.0.0.1:${port}`,
      '  default_backend bots',
      'backend bots',
      '  balance roundrobin',
      '  option httpchk GET /readyz',
      ...backendPorts.map((p, i) => `  server bot${i + 1} 127.0.0.1:${p} check inter 1s fall 3 rise 1`),
      '',
    ].join('\n'),
  );
  const program = findProgram('haproxy') ?? 'haproxy';
  const child = spawn(program, ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Ready once it answers on its port (any status: the backends may still be starting).
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited at start: ${output.join('\n')}`);
    if (await fetch(`${url}/healthz`).then(() => true, () => false)) break;
    if (Date.now() > deadline) throw new Error(`haproxy did not start: ${output.join('\n')}`);
    await sleep(50);
  }
  return {
    url,
    output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

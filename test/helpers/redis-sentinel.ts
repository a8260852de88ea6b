import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { freePort, isRedisReachable } from './redis-server';

/** One redis-server or redis-sentinel the test started. */
export interface RedisNode {
  port: number;
  /** Its last output lines (to explain a failure). */
  output: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A master, its replica and three sentinels, all on loopback, all the test's own. */
export interface SentinelTopology {
  master: RedisNode;
  replica: RedisNode;
  sentinels: RedisNode[];
  /** The name the sentinels monitor. */
  name: string;
  /** REDIS_SENTINELS for the bot: `127.0.0.1:<port>,…`. */
  sentinelList: string;
  /** The port of the master the sentinels name now. */
  currentMasterPort(): Promise<number>;
  stop(): Promise<void>;
}

function startNode(program: string, args: string[], port: number): RedisNode {
  const child: ChildProcess = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.once('error', (error) => output.push(`spawn failed: ${error.message}`));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    output,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Starts the Sentinel set-up the README recommends, scaled down: a master with AOF on and
 * `min-replicas-to-write 1`, one replica, three sentinels with quorum 2 that call the master down
 * after 1 s. Everything is on free loopback ports with its files in a temporary directory.
 */
export async function startSentinelTopology(name = 'mhb-test'): Promise<SentinelTopology> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mhb-sentinel-'));
  const [masterPort, replicaPort, ...sentinelPorts] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const serverArgs = (port: number, sub: string) => {
    const nodeDir = path.join(dir, sub);
    mkdirSync(nodeDir);
    return ['--port', String(port), '--bind', '127.0.0.1', '--dir', nodeDir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'];
  };
  const master = startNode('redis-server', [...serverArgs(masterPort, 'master'), '--min-replicas-to-write', '1', '--min-replicas-max-lag', '10'], masterPort);
  await waitUntil(() => isRedisReachable(`redis://127.0.0.1:${masterPort}`), 'the master');
  const replica = startNode('redis-server', [...serverArgs(replicaPort, 'replica'), '--replicaof', '127.0.0.1', String(masterPort)], replicaPort);
  const probe = new Redis(replicaPort, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
  probe.on('error', () => undefined);
  await waitUntil(async () => /master_link_status:up/.test(await probe.info('replication').catch(() => '')), 'the replica in sync');
  probe.disconnect();
  const sentinels = sentinelPorts.map((port) => {
    const file = path.join(dir, `sentinel-${port}.conf`);
    writeFileSync(
      file,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${masterPort} 2`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 10000`,
        `sentinel parallel-syncs ${name} 1`,
        '',
      ].join('\n'),
    );
    return startNode('redis-sentinel', [file], port);
  });
  const askSentinel = async (port: number): Promise<number | undefined> => {
    const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const answer = (await client.call('SENTINEL', 'get-master-addr-by-name', name)) as [string, string] | null;
      return answer ? Number(answer[1]) : undefined;
    } catch {
      return undefined;
    } finally {
      client.disconnect();
    }
  };
  // Ready when every sentinel knows the master and has seen the replica and the other sentinels.
  await waitUntil(async () => {
    const client = new Redis(sentinelPorts[0], '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const master = (await client.call('SENTINEL', 'master', name)) as string[];
      const field = (key: string) => Number(master[master.indexOf(key) + 1]);
      return field('num-slaves') >= 1 && field('num-other-sentinels') >= 2;
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }, 'the sentinels to see the replica and each other', 20_000);
  return {
    master,
    replica,
    sentinels,
    name,
    sentinelList: sentinelPorts.map((port) => `127.0.0.1:${port}`).join(','),
    currentMasterPort: async () => {
      for (const port of sentinelPorts) {
        const answer = await askSentinel(port);
        if (answer !== undefined) return answer;
      }
      throw new Error('no sentinel answered');
    },
    stop: async () => {
      await Promise.all([master, replica, ...sentinels].map((node) => node.kill('SIGKILL')));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

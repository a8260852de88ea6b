import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';

/** Answers PING within a short time? Used to decide whether to reuse a Redis or start one. */
export async function isRedisReachable(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A redis-server this process started and owns (so it may stop or flush it). */
export interface OwnedRedisServer {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Starts a throwaway redis-server on `port` (a free one by default), keeping nothing on disk. */
export async function startRedisServer(port?: number): Promise<OwnedRedisServer> {
  const chosen = port ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
    detached: true,
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`cannot start redis-server (is it installed?): ${error.message}`)));
  });
  const url = `redis://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (await Promise.race([isRedisReachable(url), failed])) break;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${chosen} did not become ready`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.unref();
  return {
    url,
    port: chosen,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A throwaway redis-server for one describe block, for tests that stop and restart Redis (which
 * must never happen to a Redis the tests did not start).
 */
export function useOwnedRedisServer() {
  const holder = {} as { server: OwnedRedisServer };
  beforeAll(async () => {
    holder.server = await startRedisServer();
  });
  afterAll(async () => {
    await holder.server.stop();
  });
  return {
    get url() {
      return holder.server.url;
    },
    /** Stops the server (as an outage would). */
    stop: () => holder.server.stop(),
    /** Starts it again on the same port, empty. */
    async restart() {
      holder.server = await startRedisServer(holder.server.port);
    },
  };
}

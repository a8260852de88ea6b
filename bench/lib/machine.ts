import { readFileSync } from 'node:fs';
import os from 'node:os';
import type Redis from 'ioredis';

/** The machine a bench ran on, in one line: the figures mean little without it. */
export async function describeMachine(redis: Redis): Promise<string> {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: os.cpus() names it.
  }
  const info = await redis.info('server');
  const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  return `${os.availableParallelism()} CPUs (nproc), ${cpu}, Node ${process.version}, Redis ${redisVersion} on ${redis.options.host}:${redis.options.port}, ${os.platform()} ${os.release()}`;
}

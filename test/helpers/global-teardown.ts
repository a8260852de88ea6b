import { existsSync, readFileSync, rmSync } from 'node:fs';
import { OWNED_REDIS_PID_FILE } from './global-setup';

/** Stops the redis-server the setup started, if it started one; an existing Redis is left alone. */
export default async function globalTeardown(): Promise<void> {
  if (!existsSync(OWNED_REDIS_PID_FILE)) return;
  const pid = Number(readFileSync(OWNED_REDIS_PID_FILE, 'utf8'));
  rmSync(OWNED_REDIS_PID_FILE);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

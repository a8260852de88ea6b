import { readdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isRedisReachable, startRedisServer } from './redis-server';
import { execFileSync } from 'node:child_process';

/**
 * Tests that start the bot as a process run what production runs: `dist/`, compiled by `npm run
 * build`. Built here (incrementally: a second or two when little changed) so a plain `npx jest`
 * never tests stale JavaScript.
 */
function buildCompiledBot(): void {
  const root = path.join(__dirname, '..', '..');
  removeOrphans(path.join(root, 'dist'), path.join(root, 'src'));
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
}

/**
 * Deletes compiled files whose source was moved or removed: the incremental build leaves them, and
 * a stale `features/staff.js` would shadow the `features/staff/` folder that replaced it.
 */
function removeOrphans(dist: string, src: string): void {
  if (!existsSync(dist)) return;
  for (const entry of readdirSync(dist, { withFileTypes: true })) {
    const compiled = path.join(dist, entry.name);
    if (entry.isDirectory()) removeOrphans(compiled, path.join(src, entry.name));
    else if (entry.name.endsWith('.js') && !existsSync(path.join(src, entry.name.replace(/\.js$/, '.ts')))) rmSync(compiled);
  }
}

/** Where the pid of a redis-server we started is kept for the teardown. */
export const OWNED_REDIS_PID_FILE = path.join(tmpdir(), `migrant-bot-test-redis-${process.pid}.pid`);

/**
 * Once per test run: use REDIS_URL (or the local default) if it answers, otherwise start a
 * throwaway redis-server on a free port. Tests get the address in TEST_REDIS_URL and isolate
 * themselves by key prefix; only a server started here may ever be flushed or stopped.
 */
export default async function globalSetup(): Promise<void> {
  process.env.LANG = 'C.UTF-8';
  buildCompiledBot();
  const candidate = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await isRedisReachable(candidate)) {
    process.env.TEST_REDIS_URL = candidate;
    return;
  }
  const server = await startRedisServer();
  process.env.TEST_REDIS_URL = server.url;
  process.env.TEST_REDIS_OWNED_PID = String(server.pid);
  writeFileSync(OWNED_REDIS_PID_FILE, String(server.pid));
}

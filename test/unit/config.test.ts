import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('works with nothing set (offline simulator) and uses safe defaults', () => {
    const config = loadConfig({});
    expect(config.botToken).toBeUndefined();
    expect(config.botApiRoot).toBe('https://api.telegram.org');
    expect(config.adminIds.size).toBe(0);
    expect(config.redisKeyPrefix).toBe('mhb:');
  });

  it('reads ids, the Bot API root and the prefix', () => {
    const config = loadConfig({
      BOT_TOKEN: '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      REDIS_URL: 'redis://localhost:6380/2',
      BOT_API_ROOT: 'http://127.0.0.1:9000/',
      ADMIN_IDS: '1, 2',
      STAFF_IDS: '3',
      REDIS_KEY_PREFIX: 'prod',
    });
    expect([...config.adminIds]).toEqual([1, 2]);
    expect([...config.staffIds]).toEqual([3]);
    expect(config.botApiRoot).toBe('http://127.0.0.1:9000');
    expect(config.redisKeyPrefix).toBe('prod:');
  });

  it.each([
    [{ ADMIN_IDS: '12,abc' }, /ADMIN_IDS: "abc" is not a Telegram user id/],
    [{ BOT_TOKEN: 'not-a-token' }, /BOT_TOKEN: must look like/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL: must be a redis/],
    [{ BOT_API_ROOT: 'ftp://x' }, /BOT_API_ROOT: must be an http/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ SESSION_TTL_SECONDS: '5' }, /SESSION_TTL_SECONDS/],
  ])('a bad value %p is refused with a line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('a bad value stops start-up with one readable line and exit code 1', async () => {
    const run = promisify(execFile);
    const main = path.join(__dirname, '..', '..', 'src', 'main.ts');
    const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const failure = await run(tsx, [main], { env: { ...process.env, ADMIN_IDS: 'root', BOT_TOKEN: '' } }).catch((e: unknown) => e);
    const { code, stderr } = failure as { code: number; stderr: string };
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual(['Invalid configuration: ADMIN_IDS: "root" is not a Telegram user id (digits only)']);
  });

  it('a token without Redis is refused: sessions must survive restarts', async () => {
    const run = promisify(execFile);
    const main = path.join(__dirname, '..', '..', 'src', 'main.ts');
    const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const env = { ...process.env, BOT_TOKEN: '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', REDIS_URL: '' };
    const failure = (await run(tsx, [main], { env }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain('REDIS_URL: required when BOT_TOKEN is set');
  });
});

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
      LOG_SALT: 'our-own-secret-salt',
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

  const TOKEN = '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const online = { BOT_TOKEN: TOKEN, REDIS_URL: 'redis://localhost:6379', LOG_SALT: 'our-own-secret-salt' };

  it('with a token, Redis and a salt of its own it serves Telegram by polling', () => {
    const config = loadConfig(online);
    expect(config.botToken).toBe(TOKEN);
    expect(config.redisUrl).toBe('redis://localhost:6379');
    expect(config.logSalt).toBe('our-own-secret-salt');
    expect(config.mode).toBe('polling');
    expect(config.webhook).toBeUndefined();
  });

  it('a token without LOG_SALT is refused: the built-in salt is public', () => {
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, REDIS_URL: 'redis://localhost:6379' })).toThrow(/^Invalid configuration: LOG_SALT: required when BOT_TOKEN is set/);
  });

  it('the offline simulator keeps a built-in salt, and uses LOG_SALT when given', () => {
    expect(loadConfig({}).logSalt).toBe('migrant-help-bot');
    expect(loadConfig({ LOG_SALT: 'simulator-salt' }).logSalt).toBe('simulator-salt');
  });

  it('every broken cross-variable rule is named in one message', () => {
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, BOT_MODE: 'webhook' })).toThrow(
      'Invalid configuration: REDIS_URL: required when BOT_TOKEN is set (sessions and dialogues live in Redis); ' +
        'LOG_SALT: required when BOT_TOKEN is set (the built-in salt is public, so hashed user ids in logs could be reversed); ' +
        'WEBHOOK_URL and WEBHOOK_SECRET: both required when BOT_MODE=webhook',
    );
  });

  it.each([
    [{ WEBHOOK_URL: 'https://bot.example.org/hook' }],
    [{ WEBHOOK_SECRET: 'a-secret-of-16-chars-or-more' }],
  ])('webhook mode without its URL or secret (%p) is refused', (partial) => {
    expect(() => loadConfig({ ...online, BOT_MODE: 'webhook', ...partial })).toThrow('WEBHOOK_URL and WEBHOOK_SECRET: both required when BOT_MODE=webhook');
  });

  it('webhook mode carries its URL and secret; polling mode ignores them', () => {
    const hook = { WEBHOOK_URL: 'https://bot.example.org/hook', WEBHOOK_SECRET: 'a-secret-of-16-chars-or-more' };
    const config = loadConfig({ ...online, BOT_MODE: 'webhook', ...hook });
    expect(config.mode).toBe('webhook');
    // The type follows the mode: in webhook mode the URL and secret are there without a check.
    if (config.mode === 'webhook') expect(config.webhook).toEqual({ url: hook.WEBHOOK_URL, secret: hook.WEBHOOK_SECRET });
    expect(loadConfig({ ...online, ...hook }).webhook).toBeUndefined();
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

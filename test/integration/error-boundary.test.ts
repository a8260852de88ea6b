import { autoRetry } from '@grammyjs/auto-retry';
import type Redis from 'ioredis';
import { createLogger } from '../../src/logger';
import { createRedis } from '../../src/storage/redis';
import { createTestBot } from '../helpers/harness';
import { freePort, useOwnedRedisServer } from '../helpers/redis-server';
import { connectTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/test-redis';

describe('the error boundary', () => {
  let redis: Redis;
  const prefix = uniquePrefix('errors');

  beforeAll(() => {
    redis = connectTestRedis();
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('when handling fails, the user gets a localized "try again", the log gets the update id, and the bot goes on', async () => {
    const bot = await createTestBot({ redis, prefix });
    const user = bot.user(201, 'tg');
    await user.send('/start');
    await user.press('Тоҷикӣ');

    bot.telegram.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' });
    const shown = await user.send('/help');
    expect(shown.at(-1)!.text).toContain('Чизе нодуруст ба амал омад. Лутфан, аз нав кӯшиш кунед.');

    const failure = bot.logLines.map((l) => JSON.parse(l) as { msg?: string; err: { message: string } }).find((l) => l.msg === 'update failed');
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(failure).toMatchObject({ updateId: expect.any(Number), user: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(failure!.err.message).toContain('Internal Server Error');

    const [next] = await user.send('/help');
    expect(next!.text).toContain('Ин бот чӣ кор карда метавонад');
  });

  it('a user who blocked the bot (403) does not crash it; the failure is logged', async () => {
    const bot = await createTestBot({ redis, prefix });
    const user = bot.user(202, 'ru');
    bot.telegram.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' }, 2);
    await expect(user.send('/start')).resolves.toEqual([]);
    expect(bot.logLines.some((l) => l.includes('bot was blocked by the user'))).toBe(true);
    const [after] = await user.send('/start');
    expect(after!.text).toContain('Здравствуйте');
  });

  it('when Redis cannot be reached, the user hears "temporarily unavailable" in the language Telegram reports', async () => {
    const port = await freePort();
    const logger = createLogger('silent');
    const deadRedis = createRedis(`redis://127.0.0.1:${port}`, logger);
    try {
      const bot = await createTestBot({ redis: deadRedis, prefix });
      const shown = await bot.user(203, 'tg').send('/menu');
      expect(shown.at(-1)!.text).toContain('Бот муваққатан кор намекунад');
      expect(shown.at(-1)!.text).toContain('112');
    } finally {
      deadRedis.disconnect();
    }
  });

  describe('with a Redis this test owns', () => {
    const server = useOwnedRedisServer();

    it('Redis going away mid-use gives a clear answer, and the bot recovers by itself when Redis is back', async () => {
      const logger = createLogger('silent');
      const ownRedis = createRedis(server.url, logger);
      try {
        const bot = await createTestBot({ redis: ownRedis, prefix: 'own:' });
        const user = bot.user(204, 'en');
        await user.send('/start');
        await user.press('Тоҷикӣ');

        await server.stop();
        const during = await user.send('/menu');
        // The session is out of reach, but the bot remembers the language they picked (not the phone's en).
        expect(during.at(-1)!.text).toContain('Бот муваққатан кор намекунад');

        await server.restart();
        // The data was in memory only (no persistence in this throwaway server): the user starts fresh,
        // but the bot answers again without a restart.
        for (let attempt = 0; attempt < 150 && ownRedis.status !== 'ready'; attempt++) await new Promise((r) => setTimeout(r, 100));
        expect(ownRedis.status).toBe('ready');
        const after = await user.send('/start');
        expect(after.at(-1)!.text).toContain('Hello!');
      } finally {
        ownRedis.disconnect();
      }
    }, 40_000);
  });
});

describe('Telegram flood limits (429)', () => {
  it('with auto-retry installed, a 429 is waited out and the answer still arrives, also inside a dialogue', async () => {
    const redis = connectTestRedis();
    const prefix = uniquePrefix('flood');
    try {
      const bot = await createTestBot({ redis, prefix, deps: { apiTransformers: [autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5 })] } });
      const user = bot.user(205, 'en');
      bot.telegram.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
      const [hello] = await user.send('/start');
      expect(hello!.text).toContain('Hello!');
      await user.press('English');
      await user.press('The police stopped me');
      bot.telegram.failNext('editMessageText', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
      const [detained] = await user.press(/police station/);
      expect(detained!.text).toMatch(/detain/i);
      expect(bot.telegram.callsOf('editMessageText').length).toBeGreaterThanOrEqual(3);
    } finally {
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    }
  });
});

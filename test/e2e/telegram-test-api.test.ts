import { Writable } from 'node:stream';
import TelegramServer from 'telegram-test-api';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startService, type RunningService } from '../../src/service';
import { killBotProcesses, spawnBotProcess } from '../helpers/bot-process';
import { freePort } from '../helpers/redis-server';
import { connectTestRedis, deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../helpers/test-redis';

const TOKEN = '424242:e2e-token-AAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * End to end over real HTTP: the production service (polling with the runner) talks to the
 * `telegram-test-api` Bot API emulator on loopback through BOT_API_ROOT, as it would to Telegram.
 */
describe('end to end against a Bot API emulator', () => {
  const prefix = uniquePrefix('e2e');
  const redis = connectTestRedis();
  let server: InstanceType<typeof TelegramServer>;
  let service: RunningService;

  beforeAll(async () => {
    const port = await freePort();
    server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 60 });
    await server.start();
    const config: Config & { redisUrl: string } = {
      ...loadConfig({ BOT_TOKEN: TOKEN, REDIS_URL: testRedisUrl(), LOG_SALT: 'e2e-test-log-salt', BOT_API_ROOT: server.config.apiURL }),
      redisUrl: testRedisUrl(),
      redisKeyPrefix: prefix,
      http: { host: '127.0.0.1', port: 0 },
    };
    service = await startService(config, { logger: createLogger('silent', new Writable({ write: (_c, _e, done) => done() })) });
  });

  afterAll(async () => {
    await service?.stop();
    await server?.stop();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('a user starts the bot and gets the greeting and the language picker over HTTP', async () => {
    const client = server.getClient(TOKEN, { userId: 8_000_001, firstName: 'E2E', timeout: 15_000 });
    await client.sendCommand(client.makeCommand('/start'));
    const updates = await client.getUpdates();
    const reply = updates.result.at(-1)!.message as { text: string; reply_markup?: unknown };
    expect(reply.text).toMatch(/Hello!|Здравствуйте!|Салом!/);
    const markup: unknown = typeof reply.reply_markup === 'string' ? JSON.parse(reply.reply_markup) : reply.reply_markup;
    const labels = (markup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard.flat().map((b) => b.text.replace('✓ ', ''));
    expect(labels.sort()).toEqual(['English', 'Русский', 'Тоҷикӣ']);
  }, 30_000);
});

/**
 * The same, as production runs it: `node dist/main.js` in a process of its own (on the Node that
 * runs the tests: CI runs them on Node 20 and on the image's Node 26, where the global fetch once
 * left the bot silent).
 */
describe('end to end: the compiled bot process against a Bot API emulator', () => {
  const prefix = uniquePrefix('e2e-process');
  const redis = connectTestRedis();
  let server: InstanceType<typeof TelegramServer>;

  beforeAll(async () => {
    server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 60 });
    await server.start();
  });

  afterAll(async () => {
    await killBotProcesses();
    await server?.stop();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('answers /start over HTTP and stops cleanly on SIGTERM', async () => {
    const bot = spawnBotProcess('main', {
      BOT_TOKEN: TOKEN,
      REDIS_URL: testRedisUrl(),
      REDIS_KEY_PREFIX: prefix,
      BOT_API_ROOT: server.config.apiURL,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    });
    const client = server.getClient(TOKEN, { userId: 8_000_002, firstName: 'E2E', timeout: 15_000 });
    await client.sendCommand(client.makeCommand('/start'));
    const updates = await client.getUpdates();
    const reply = updates.result.at(-1)!.message as { text: string };
    expect(reply.text).toMatch(/Hello!|Здравствуйте!|Салом!/);

    expect(await bot.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(bot.output.some((line) => line.includes('"msg":"shut down cleanly"'))).toBe(true);
  }, 30_000);
});

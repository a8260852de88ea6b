import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startService, type RunningService } from '../../src/service';
import { FakeTelegram } from '../../src/simulator/fake-telegram';
import { useOwnedRedisServer } from '../helpers/redis-server';
import { textUpdate } from '../helpers/updates';
import { connectTestRedis, deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../helpers/test-redis';

const SECRET = 'test-secret-token-0123456789';
const TOKEN = '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function serviceConfig(prefix: string, overrides: Partial<Config> = {}): Config & { redisUrl: string } {
  return {
    ...loadConfig({ BOT_TOKEN: TOKEN, REDIS_URL: testRedisUrl(), LOG_SALT: 'service-test-salt' }),
    redisUrl: testRedisUrl(),
    redisKeyPrefix: prefix,
    http: { host: '127.0.0.1', port: 0 },
    ...overrides,
  } as Config & { redisUrl: string };
}

const silent = () => createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

describe('running the service', () => {
  const prefix = uniquePrefix('service');
  const redis = connectTestRedis();
  const started: RunningService[] = [];

  afterEach(async () => {
    for (const service of started.splice(0)) await service.stop();
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  describe('in webhook mode', () => {
    let telegram: FakeTelegram;
    let service: RunningService;
    const post = (body: unknown, secret?: string) =>
      fetch(`http://127.0.0.1:${service.httpPort}/tg/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
        body: JSON.stringify(body),
      });

    beforeEach(async () => {
      telegram = new FakeTelegram();
      service = await startService(
        serviceConfig(prefix, { mode: 'webhook', webhook: { url: 'https://bot.example.org/tg/hook', secret: SECRET } }),
        { fetch: telegram.fetch, botInfo: telegram.botInfo, logger: silent() },
      );
      started.push(service);
    });

    it('registers the webhook with its secret and the update kinds it handles', () => {
      const [call] = telegram.callsOf('setWebhook');
      expect(call!.payload).toMatchObject({ url: 'https://bot.example.org/tg/hook', secret_token: SECRET });
      expect(call!.payload.allowed_updates).toEqual(['message', 'callback_query', 'my_chat_member']);
    });

    it('refuses posts without the right secret, and handles those with it', async () => {
      expect((await post(textUpdate(1, 501, '/start'))).status).toBe(401);
      expect((await post(textUpdate(2, 501, '/start'), 'wrong-secret-0000000000')).status).toBe(401);
      expect(telegram.callsOf('sendMessage')).toHaveLength(0);

      const accepted = await post(textUpdate(3, 501, '/start'), SECRET);
      expect(accepted.status).toBe(200);
      expect(telegram.chat(501).at(-1)!.text).toContain('Салом!');
    });

    it('serves health, readiness and metrics next to the webhook', async () => {
      await post(textUpdate(4, 502, '/start'), SECRET);
      const base = `http://127.0.0.1:${service.httpPort}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { redis: true, telegram: true, bot: true } });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/bot_updates_total\{type="message"\} 1/);
      expect(metrics).toMatch(/bot_api_calls_total\{method="sendMessage"\} 1/);
      expect(metrics).toMatch(/bot_api_calls_total\{method="setWebhook"\} 1/);
      expect(metrics).toContain('bot_update_handling_seconds_bucket');
      expect(metrics).toContain('bot_dialogues_in_progress');
      expect(metrics).toContain('bot_broadcast_queue_depth');
      expect(metrics).toMatch(/bot_handoff_cases_open 0/);
      expect(metrics).toMatch(/bot_handoff_longest_wait_seconds 0/);
    });

    it('shutting down in the middle of handling finishes the update first, then stops taking new ones', async () => {
      let replyStarted!: () => void;
      const replying = new Promise<void>((resolve) => (replyStarted = resolve));
      const slow: typeof fetch = async (input, init) => {
        if ((input instanceof Request ? input.url : input.toString()).endsWith('/sendMessage')) {
          replyStarted();
          await new Promise((r) => setTimeout(r, 400));
        }
        return telegram.fetch(input, init);
      };
      const slowService = await startService(
        serviceConfig(prefix, { mode: 'webhook', webhook: { url: 'https://bot.example.org/slow', secret: SECRET } }),
        { fetch: slow, botInfo: telegram.botInfo, logger: silent() },
      );
      const port = slowService.httpPort;
      const inFlight = fetch(`http://127.0.0.1:${port}/slow`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(textUpdate(5, 503, '/help')),
      });
      // The stop comes while the update is being handled: its reply is on the way to Telegram.
      await replying;
      await slowService.stop();
      expect((await inFlight).status).toBe(200);
      expect(telegram.chat(503).at(-1)!.text).toContain('Ин бот чӣ кор карда метавонад');
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    });
  });

  it('in polling mode, takes updates with getUpdates, answers, and stops cleanly', async () => {
    const telegram = new FakeTelegram();
    const service = await startService(serviceConfig(prefix), { fetch: telegram.fetch, botInfo: telegram.botInfo, logger: silent() });
    started.push(service);
    expect(telegram.callsOf('deleteWebhook')).toHaveLength(1);
    telegram.pushUpdate(textUpdate(0, 504, '/start'));
    for (let i = 0; i < 500 && telegram.chat(504).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(telegram.chat(504).at(-1)!.text).toContain('Салом!');
    await service.stop();
    const polls = telegram.callsOf('getUpdates').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(telegram.callsOf('getUpdates').length).toBe(polls);
  });

  describe('with a Redis this test owns', () => {
    const server = useOwnedRedisServer();

    it('readiness follows Redis going away and coming back; the bot reconnects by itself', async () => {
      const telegram = new FakeTelegram();
      const service = await startService(
        { ...serviceConfig('own:'), redisUrl: server.url },
        { fetch: telegram.fetch, botInfo: telegram.botInfo, logger: silent() },
      );
      started.push(service);
      const readyz = () => fetch(`http://127.0.0.1:${service.httpPort}/readyz`).then(async (r) => ({ status: r.status, body: (await r.json()) as { checks: Record<string, boolean> } }));
      expect((await readyz()).status).toBe(200);

      await server.stop();
      const down = await readyz();
      expect(down.status).toBe(503);
      expect(down.body.checks.redis).toBe(false);
      expect((await fetch(`http://127.0.0.1:${service.httpPort}/healthz`)).status).toBe(200);

      await server.restart();
      let status = 0;
      for (let i = 0; i < 60 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await readyz()).status;
      }
      expect(status).toBe(200);
    });
  });
});

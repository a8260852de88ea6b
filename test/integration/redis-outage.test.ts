import { Writable } from 'node:stream';
import type Redis from 'ioredis';
import { createLogger } from '../../src/logger';
import { createMetrics, type BotMetrics } from '../../src/observability/metrics';
import { createRedis } from '../../src/storage/redis';
import { createTestBot } from '../helpers/harness';
import { useOwnedRedisServer } from '../helpers/redis-server';

const UNAVAILABLE_TG = 'Бот муваққатан кор намекунад';
const UNAVAILABLE_RU = 'Бот временно недоступен';

/** A debug-level logger whose JSON lines land in `lines`, the way an operator would read them. */
function capturedLogger(lines: Array<Record<string, unknown>>) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return createLogger('debug', sink);
}

async function untilReady(redis: Redis): Promise<void> {
  for (let attempt = 0; attempt < 100 && redis.status !== 'ready'; attempt++) await new Promise((r) => setTimeout(r, 100));
  expect(redis.status).toBe('ready');
}

async function metricValue(metrics: BotMetrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as Array<{ value: number; labels: Record<string, string | number> }>;
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe('while Redis is away', () => {
  const server = useOwnedRedisServer();

  it('a person who chose Tajik on a Russian phone hears "temporarily unavailable" in Tajik; someone who never chose hears their phone language', async () => {
    const redis = createRedis(server.url, createLogger('silent'));
    try {
      const bot = await createTestBot({ redis, prefix: 'outage-lang:' });
      const zarina = bot.user(301, 'ru');
      await zarina.send('/start');
      await zarina.press('Тоҷикӣ');
      const newcomer = bot.user(302, 'ru');

      await server.stop();
      const [during] = (await zarina.send('/menu')).slice(-1);
      expect(during!.text).toContain(UNAVAILABLE_TG);
      expect(during!.text).toContain('112');
      const [question] = (await zarina.send('Патентро чӣ тавр дароз кунам?')).slice(-1);
      expect(question!.text).toContain(UNAVAILABLE_TG);
      const [other] = (await newcomer.send('/start')).slice(-1);
      expect(other!.text).toContain(UNAVAILABLE_RU);
    } finally {
      redis.disconnect();
      await server.restart();
    }
  });

  it('after /forget the bot no longer knows the chosen language, not even in memory', async () => {
    const redis = createRedis(server.url, createLogger('silent'));
    try {
      const bot = await createTestBot({ redis, prefix: 'outage-forget:' });
      const zarina = bot.user(303, 'ru');
      await zarina.send('/start');
      await zarina.press('Тоҷикӣ');
      await zarina.send('/forget');
      await zarina.press('Ҳа, ҳамаашро нест кардан');

      await server.stop();
      const [during] = (await zarina.send('/menu')).slice(-1);
      expect(during!.text).toContain(UNAVAILABLE_RU);
    } finally {
      redis.disconnect();
      await server.restart();
    }
  });

  it('an outage of several failing updates leaves one warning as Redis goes and one as it returns, no stacks, and shows in the metrics', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = capturedLogger(lines);
    const metrics = createMetrics({ defaultMetrics: false });
    const redis = createRedis(server.url, logger);
    try {
      const bot = await createTestBot({ redis, prefix: 'outage-log:', deps: { logger, metrics } });
      const person = bot.user(304, 'en');
      await person.send('/start');
      await person.press('English');
      // A question opens the FAQ's change feed: a second connection, which must not log each retry either.
      await person.send('How do I renew my patent?');
      await untilReady(redis);
      expect(await metricValue(metrics, 'bot_redis_up')).toBe(1);
      const before = lines.length;

      await server.stop();
      // Each answer waits for the client's next reconnect attempt: these span several of them.
      for (const text of ['/menu', '/help', 'How do I renew my patent?', 'registration']) {
        const [answer] = (await person.send(text)).slice(-1);
        expect(answer!.text).toContain('temporarily unavailable');
      }
      expect(await metricValue(metrics, 'bot_redis_up')).toBe(0);
      await server.restart();
      await untilReady(redis);
      const [after] = (await person.send('/start')).slice(-1);
      expect(after!.text).toContain('Hello');

      const outage = lines.slice(before);
      const warnings = outage.filter((l) => l.level === 40);
      expect(warnings.map((l) => l.msg)).toEqual([expect.stringMatching(/^redis unavailable/), 'redis is back']);
      expect(outage.filter((l) => (l.level as number) >= 50)).toEqual([]);
      expect(JSON.stringify(outage)).not.toMatch(/"stack":"[^"]/);
      // Each failed update is at most a debug line, without the person's text.
      const failed = outage.filter((l) => l.msg === 'update failed: storage unavailable');
      expect(failed.length).toBeLessThanOrEqual(4);
      expect(failed.every((l) => l.level === 20 && typeof l.updateId === 'number')).toBe(true);
      expect(JSON.stringify(outage)).not.toContain('patent');
      expect(await metricValue(metrics, 'bot_update_errors_total', { kind: 'storage-unavailable' })).toBe(4);
      expect(await metricValue(metrics, 'bot_redis_up')).toBe(1);
    } finally {
      redis.disconnect();
    }
  }, 30_000);
});

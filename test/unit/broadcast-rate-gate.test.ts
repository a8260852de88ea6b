import type Redis from 'ioredis';
import { RateGate } from '../../src/services/broadcast';
import { connectTestRedis, deleteKeysWithPrefix, uniquePrefix } from '../helpers/test-redis';

describe('the send gate in Redis', () => {
  let redis: Redis;
  let prefix: string;
  beforeAll(() => {
    redis = connectTestRedis();
  });
  beforeEach(() => {
    prefix = uniquePrefix('gate');
  });
  afterEach(() => deleteKeysWithPrefix(redis, prefix));
  afterAll(() => redis.quit());

  const gate = (options: Partial<ConstructorParameters<typeof RateGate>[3]> = {}) =>
    new RateGate(redis, `${prefix}gate`, (chat) => `${prefix}gate:c:${chat}`, {
      ratePerSecond: 20,
      jitterGuardMs: 50,
      perChatIntervalMs: 1000,
      maxHoldMs: 2000,
      ...options,
    });

  it('spaces sends evenly for the whole bot, with a margin for jitter', async () => {
    const g = gate();
    // Slots as points in time (answer time + wait), so slow calls on a loaded machine do not
    // shrink the measured spacing: only the latency of one call remains as error.
    const slots: number[] = [];
    for (let chat = 1; chat <= 10; chat++) {
      const answer = await g.reserve(chat);
      const answeredAt = Date.now();
      expect(answer.reserved).toBe(true);
      slots.push(answeredAt + answer.waitMs);
    }
    // (1000 + 50) / 20 = 52.5 → 53 ms apart; ten slots span 477 ms.
    expect(slots[9]! - slots[0]!).toBeGreaterThanOrEqual(9 * 53 - 20);
    expect(g.effectiveRatePerSecond).toBeLessThan(20);
  });

  it('keeps one chat at least a second (plus margin) apart, and does not hold a slot beyond maxHold', async () => {
    const g = gate({ maxHoldMs: 500 });
    expect((await g.reserve(7)).reserved).toBe(true);
    const second = await g.reserve(7);
    expect(second).toMatchObject({ reserved: false });
    expect(second.waitMs).toBeGreaterThan(900);
    // Another chat is not held up by chat 7.
    expect((await g.reserve(8)).reserved).toBe(true);
  });

  it('a 429 pauses every sender for retry_after', async () => {
    const g = gate({ maxHoldMs: 100 });
    expect(await g.pauseAll(1500)).toBeGreaterThan(1400);
    const answer = await g.reserve(9);
    expect(answer.reserved).toBe(false);
    expect(answer.waitMs).toBeGreaterThan(1300);
    // A shorter pause never shortens a longer one.
    expect(await g.pauseAll(200)).toBeGreaterThan(1300);
  });
});

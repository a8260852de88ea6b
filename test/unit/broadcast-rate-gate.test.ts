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
    // Slots read on Redis's own clock (the gate keeps the next free slot, "tat", in its hash), so a
    // slow call on a loaded machine cannot stretch or shrink the measured spacing.
    const slots: number[] = [];
    for (let chat = 1; chat <= 10; chat++) {
      const answer = await g.reserve(chat);
      expect(answer.reserved).toBe(true);
      slots.push(Number(await redis.hget(`${prefix}gate`, 'tat')));
    }
    // (1000 + 50) / 20 = 52.5 ms apart, never closer, however fast the calls came.
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(52.5);
    expect(g.effectiveRatePerSecond).toBeLessThan(20);
  });

  it('keeps one chat at least a second (plus margin) apart, and does not hold a slot beyond maxHold', async () => {
    const g = gate({ maxHoldMs: 500 });
    expect((await g.reserve(7)).reserved).toBe(true);
    const second = await g.reserve(7);
    expect(second).toMatchObject({ reserved: false });
    // About a second; the margin allows for a slow machine between the two round trips.
    expect(second.waitMs).toBeGreaterThan(700);
    // Another chat is not held up by chat 7.
    expect((await g.reserve(8)).reserved).toBe(true);
  });

  it('a 429 pauses every sender for retry_after', async () => {
    const g = gate({ maxHoldMs: 100 });
    expect(await g.pauseAll(1500)).toBeGreaterThan(1400);
    const answer = await g.reserve(9);
    expect(answer.reserved).toBe(false);
    expect(answer.waitMs).toBeGreaterThan(1000);
    // A shorter pause never shortens a longer one.
    expect(await g.pauseAll(200)).toBeGreaterThan(1000);
  });
});

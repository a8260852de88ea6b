import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { RedisScript } from '../../storage/redis-script';

/**
 * Reserves the next send slot: evenly spaced for the whole bot (every process shares the state in
 * Redis, and Redis's clock), at least `chatInterval` apart for one chat, and never before a 429
 * pause ends. A slot further away than `maxHold` is not taken: the caller comes back later.
 */
const RESERVE = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat') or '0')
local pausedUntil = tonumber(redis.call('HGET', KEYS[1], 'pausedUntil') or '0')
local chatNext = tonumber(redis.call('GET', KEYS[2]) or '0')
local slot = math.max(now, tat, pausedUntil, chatNext)
local wait = slot - now
if wait > tonumber(ARGV[3]) then return {0, math.ceil(wait)} end
redis.call('HSET', KEYS[1], 'tat', slot + tonumber(ARGV[1]))
redis.call('SET', KEYS[2], slot + tonumber(ARGV[2]), 'PX', math.ceil(wait + tonumber(ARGV[2]) + 1000))
return {1, math.ceil(wait)}`);

const PAUSE = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pauseEnd = now + tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[1], 'pausedUntil') or '0')
if pauseEnd > current then redis.call('HSET', KEYS[1], 'pausedUntil', pauseEnd) end
return math.max(pauseEnd, current) - now`);

/**
 * The last word right before a send, on actual send times: at most `limit` sends in any window of
 * `window` ms for the whole bot (a log of recent sends), one per `chatInterval` per chat, none
 * during a 429 pause. Returns 0 when the send is admitted (and logged), else how long to wait.
 */
const ADMIT = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local chatInterval = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local wait = 0
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  wait = tonumber(oldest[2]) + window - now + 1
end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
wait = math.max(wait, last + chatInterval - now)
local pausedUntil = tonumber(redis.call('HGET', KEYS[3], 'pausedUntil') or '0')
wait = math.max(wait, pausedUntil - now)
if wait > 0 then return wait end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window * 2)
redis.call('SET', KEYS[2], now, 'PX', chatInterval)
return 0`);

/** What the gate answered: wait `waitMs` then send, or come back in `waitMs` without a slot. */
export type GateAnswer = { reserved: true; waitMs: number } | { reserved: false; waitMs: number };

/** Settings of the gate. */
export interface RateGateOptions {
  /** Sends per second for the whole bot, across all processes. */
  ratePerSecond: number;
  /**
   * Added to each second when spacing sends, so that network jitter between reserving a slot and
   * the request reaching Telegram cannot squeeze `ratePerSecond + 1` sends into one second.
   */
  jitterGuardMs: number;
  /** Minimum time between two sends to the same chat. */
  perChatIntervalMs: number;
  /** A slot further away than this is not reserved. */
  maxHoldMs: number;
}

/**
 * The global send rate and per-chat spacing, kept in Redis (a GCRA: each send pushes the
 * "theoretical arrival time" one interval on), plus the queue-wide pause after a 429.
 */
export class RateGate {
  private readonly intervalMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly gateKey: string,
    private readonly chatKey: (chatId: number) => string,
    private readonly options: RateGateOptions,
  ) {
    // Not rounded to whole milliseconds: at 300/s, 3.35 ms rounded up to 4 would waste a sixth of the rate.
    this.intervalMs = (1000 + options.jitterGuardMs) / options.ratePerSecond;
  }

  /** Sends per second the gate actually lets through. */
  get effectiveRatePerSecond(): number {
    return 1000 / this.intervalMs;
  }

  /** Reserves a slot to send to `chatId`. */
  async reserve(chatId: number): Promise<GateAnswer> {
    const [reserved, wait] = (await RESERVE.run(
      this.redis,
      [this.gateKey, this.chatKey(chatId)],
      [this.intervalMs, this.options.perChatIntervalMs + this.options.jitterGuardMs, this.options.maxHoldMs],
    )) as [number, number];
    return { reserved: reserved === 1, waitMs: Number(wait) };
  }

  /**
   * Admits one send to `chatId` now, or says how long to wait. Slots from {@link reserve} keep
   * the pace smooth; this check, made on the real send time, keeps the limits even when a process
   * wakes late from its wait (a busy event loop) and two sends would otherwise come too close.
   */
  async admit(chatId: number): Promise<number> {
    const windowMs = 1000 + this.options.jitterGuardMs;
    return Number(
      await ADMIT.run(
        this.redis,
        [`${this.gateKey}:sent`, `${this.gateKey}:last:${chatId}`, this.gateKey],
        [windowMs, Math.floor(this.options.ratePerSecond), this.options.perChatIntervalMs + this.options.jitterGuardMs, randomUUID()],
      ),
    );
  }

  /** Stops every sender for `ms` (Telegram said 429). Returns how long the pause now lasts. */
  async pauseAll(ms: number): Promise<number> {
    return Number(await PAUSE.run(this.redis, [this.gateKey], [Math.ceil(ms)]));
  }
}

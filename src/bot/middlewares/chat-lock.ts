import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Middleware } from 'grammy';
import type Redis from 'ioredis';
import { redisKeys } from '../../storage/redis-keys';
import { RedisScript } from '../../storage/redis-script';
import type { BotContext } from '../context';

/** Deletes the lock only if it is still ours (it may have expired and been taken by another instance). */
const RELEASE = new RedisScript(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`);

/** Options of {@link chatLock}. */
export interface ChatLockOptions {
  keyPrefix: string;
  /** A crashed holder's lock frees itself after this. */
  ttlMs?: number;
  /** How often a waiting update tries again. */
  pollMs?: number;
  /** After this long an update is handled anyway: a late answer beats no answer. */
  maxWaitMs?: number;
}

/**
 * One update of a chat at a time across every bot instance. Several instances behind one webhook
 * may receive two updates of the same chat at once; without this, both would read the same
 * session or dialogue state and the later write would undo the earlier one.
 * (@grammyjs/runner's sequentialize does the same within one process.)
 */
export function chatLock(redis: Redis, options: ChatLockOptions): Middleware<BotContext> {
  const ttlMs = options.ttlMs ?? 30_000;
  const pollMs = options.pollMs ?? 20;
  const maxWaitMs = options.maxWaitMs ?? 20_000;
  const keys = redisKeys(options.keyPrefix);
  return async (ctx, next) => {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return next();
    const key = keys.chatLock(chatId);
    const token = randomUUID();
    const giveUpAt = Date.now() + maxWaitMs;
    let held: boolean;
    while (!(held = (await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK') && Date.now() < giveUpAt) {
      await sleep(pollMs);
    }
    try {
      await next();
    } finally {
      if (held) await RELEASE.run(redis, [key], [token]);
    }
  };
}

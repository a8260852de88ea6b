import type Redis from 'ioredis';
import type { UserDataEraser } from '../services/privacy';
import { redisKeys } from './redis-keys';
import type { BotStores } from './stores';

/**
 * Erases what the core bot keeps per user: the session, the dialogue state of their private chat
 * (chat id = user id in private chats) and, with Redis, their rate-limit counter.
 */
export function coreUserDataEraser(stores: BotStores, redis: Redis | undefined, keyPrefix: string): UserDataEraser {
  return {
    async eraseUser(userId) {
      await stores.sessions.delete(String(userId));
      await stores.dialogues.delete(String(userId));
      await redis?.del(`${redisKeys(keyPrefix).rateLimit}${userId}`);
    },
  };
}

import type Redis from 'ioredis';
import { isLanguage, type Language } from '../languages';
import { SubscriberStore } from '../subscribers';
import { redisKeys } from '../../storage/redis-keys';
import type { SessionData } from '../../storage/session-data';
import { Audience, type LanguageLookup } from './target';

/**
 * The language each user reads the bot in now, from their sessions. Plain GETs on purpose: the
 * session store's reads slide the expiry, and counting recipients must not keep anyone's data alive.
 */
export function sessionLanguageLookup(redis: Redis, keyPrefix: string): LanguageLookup {
  const prefix = redisKeys(keyPrefix).sessions;
  return async (userIds) => {
    const languages = new Map<number, Language>();
    for (let i = 0; i < userIds.length; i += 500) {
      const ids = userIds.slice(i, i + 500);
      const values = await redis.mget(ids.map((id) => prefix + id));
      values.forEach((raw, index) => {
        if (!raw) return;
        try {
          const language = (JSON.parse(raw) as SessionData).language;
          if (isLanguage(language)) languages.set(ids[index]!, language);
        } catch {
          // An unreadable session: the subscriber record's language stands.
        }
      });
    }
    return languages;
  };
}

/** The audience of notices on this Redis: subscribers, in the language each reads the bot in now. */
export function createAudience(redis: Redis, keyPrefix: string, subscribers = new SubscriberStore(redis, keyPrefix)): Audience {
  return new Audience(subscribers, sessionLanguageLookup(redis, keyPrefix));
}

import type Redis from 'ioredis';
import { sessionsWithCardWalks, type SessionStore } from './card-walk-store';
import { MemoryJsonStore, RedisJsonStore, type JsonStore } from './json-store';
import { LanguageMemory, rememberingLanguages } from './language-memory';
import { withoutPersonalFields } from './personal-fields';
import { redisKeys } from './redis-keys';

/**
 * The stores the bot keeps per-user state in. The dialogue state's shape is the conversations
 * plugin's: the bot names it (storage knows no grammY), here it is only JSON.
 */
export interface BotStores<DialogueState = unknown> {
  sessions: SessionStore;
  dialogues: JsonStore<DialogueState>;
  /** The languages of sessions recently read or written, to answer in them while Redis is away. */
  languages: LanguageMemory;
}

/** Stores in Redis, or in memory when no Redis is given (offline simulator). */
export function createStores<DialogueState>(
  options: { keyPrefix: string; sessionTtlSeconds: number; dialogueTtlSeconds: number },
  redis?: Redis,
): BotStores<DialogueState> {
  const prefixes = redisKeys(options.keyPrefix);
  const languages = new LanguageMemory();
  if (!redis) {
    return {
      sessions: sessionsWithCardWalks(rememberingLanguages(new MemoryJsonStore(options.sessionTtlSeconds), languages), new MemoryJsonStore(options.dialogueTtlSeconds)),
      dialogues: new MemoryJsonStore(options.dialogueTtlSeconds, Date.now, withoutPersonalFields),
      languages,
    };
  }
  return {
    // A walk through the cards is kept beside the session, expiring with the dialogues (card-walk-store.ts).
    sessions: sessionsWithCardWalks(
      rememberingLanguages(new RedisJsonStore(redis, prefixes.sessions, options.sessionTtlSeconds), languages),
      new RedisJsonStore(redis, prefixes.cardWalks, options.dialogueTtlSeconds),
    ),
    // Dialogue state is written without names, usernames or phone numbers (see withoutPersonalFields).
    dialogues: new RedisJsonStore(redis, prefixes.dialogues, options.dialogueTtlSeconds, withoutPersonalFields),
    languages,
  };
}

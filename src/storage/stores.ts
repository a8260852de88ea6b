import type { ConversationData, VersionedState } from '@grammyjs/conversations';
import type Redis from 'ioredis';
import type { SessionData } from '../bot/context';
import { MemoryJsonStore, RedisJsonStore, type JsonStore } from './json-store';
import { LanguageMemory, rememberingLanguages } from './language-memory';
import { withoutPersonalFields } from './personal-fields';

/**
 * Version of the stored dialogue state. Bump it when a dialogue's steps change incompatibly:
 * old state is then dropped instead of being replayed against new code.
 */
export const DIALOGUE_STATE_VERSION = 1;

/** The stores the bot keeps per-user state in. */
export interface BotStores {
  sessions: JsonStore<SessionData>;
  dialogues: JsonStore<VersionedState<ConversationData>>;
  /** The languages of sessions recently read or written, to answer in them while Redis is away. */
  languages: LanguageMemory;
}

/** Redis key prefixes, one per kind of data, with the version of the stored shape. */
export function keyPrefixes(base: string) {
  return { sessions: `${base}sess:v1:`, dialogues: `${base}conv:v${DIALOGUE_STATE_VERSION}:` };
}

/** Stores in Redis, or in memory when no Redis is given (offline simulator). */
export function createStores(
  options: { keyPrefix: string; sessionTtlSeconds: number; dialogueTtlSeconds: number },
  redis?: Redis,
): BotStores {
  const prefixes = keyPrefixes(options.keyPrefix);
  const languages = new LanguageMemory();
  if (!redis) {
    return {
      sessions: rememberingLanguages(new MemoryJsonStore(options.sessionTtlSeconds), languages),
      dialogues: new MemoryJsonStore(options.dialogueTtlSeconds, Date.now, withoutPersonalFields),
      languages,
    };
  }
  return {
    sessions: rememberingLanguages(new RedisJsonStore(redis, prefixes.sessions, options.sessionTtlSeconds), languages),
    // Dialogue state is written without names, usernames or phone numbers (see withoutPersonalFields).
    dialogues: new RedisJsonStore(redis, prefixes.dialogues, options.dialogueTtlSeconds, withoutPersonalFields),
    languages,
  };
}

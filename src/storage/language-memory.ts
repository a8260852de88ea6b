import type { Language } from '../services/languages';
import type { JsonStore } from './json-store';
import type { SessionData } from './session-data';

/** How many people's languages are kept: the active users of a busy hour, a few hundred KB at most. */
const DEFAULT_CAPACITY = 10_000;

/**
 * The languages people picked, kept in process memory for the moment Redis is away: the
 * "temporarily unavailable" answer then still comes in the person's language, not the phone's.
 * Holds user id → language code and nothing else; least recently used entries go first.
 */
export class LanguageMemory {
  // A Map iterates in insertion order: re-inserting on use makes its first key the least recent.
  private readonly languages = new Map<string, Language>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The language `userId` picked, when known to this process. */
  get(userId: number | string): Language | undefined {
    const key = String(userId);
    const language = this.languages.get(key);
    if (language !== undefined) {
      this.languages.delete(key);
      this.languages.set(key, language);
    }
    return language;
  }

  /** Remembers (or, with `undefined`, forgets) the language of `userId`. */
  set(userId: number | string, language: Language | undefined): void {
    const key = String(userId);
    this.languages.delete(key);
    if (language === undefined) return;
    if (this.languages.size >= this.capacity) this.languages.delete(this.languages.keys().next().value!);
    this.languages.set(key, language);
  }

  /** Forgets `userId` (/forget). */
  delete(userId: number | string): void {
    this.languages.delete(String(userId));
  }

  /** How many languages are kept. */
  get size(): number {
    return this.languages.size;
  }
}

/**
 * The session store, noting each person's language in `memory` as sessions are read and written;
 * deleting a session (/forget) forgets the language first, even if Redis then fails.
 */
export function rememberingLanguages(sessions: JsonStore<SessionData>, memory: LanguageMemory): JsonStore<SessionData> {
  return {
    async read(key) {
      const session = await sessions.read(key);
      memory.set(key, session?.language);
      return session;
    },
    async write(key, value) {
      // Noted before the write: a choice made just as Redis went away is still honoured.
      memory.set(key, value.language);
      await sessions.write(key, value);
    },
    async delete(key) {
      memory.delete(key);
      await sessions.delete(key);
    },
  };
}

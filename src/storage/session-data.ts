import type { Language } from '../services/languages';

/** What the bot remembers about a user between updates. Kept minimal on purpose (people at risk). */
export interface SessionData {
  /** The language the user picked; unset until they pick one. */
  language?: Language;
  /** Number of the person's open "write to a person" case: a hint only, Redis has the case itself. */
  handoffCase?: number;
  /** Whether a dialogue may be open in the user's private chat (saves reading dialogue state when not). */
  dialogueOpen?: boolean;
}

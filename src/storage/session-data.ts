import type { Language } from '../services/languages';

/** What the bot remembers about a user between updates. Kept minimal on purpose (people at risk). */
export interface SessionData {
  /** The language the user picked; unset until they pick one. */
  language?: Language;
  /** Number of the person's open "write to a person" case: a hint only, Redis has the case itself. */
  handoffCase?: number;
  /** Whether a dialogue may be open in the user's private chat (saves reading dialogue state when not). */
  dialogueOpen?: boolean;
  /**
   * The walk through the content cards the person is on, if any (see `bot/conversations/card-walk.ts`).
   * Stored beside the session under its own key, which expires with the dialogues (card-walk-store.ts).
   */
  cards?: CardWalkState;
}

/** Where a person is in the content cards: card ids only, nothing they typed. */
export interface CardWalkState {
  /** Card ids from the first card to the one shown; "Back" walks it back. */
  trail: string[];
  /** When the walk last moved (ms since the epoch): one left alone for the dialogue timeout is over. */
  at: number;
  /** The shown card's 👍 / 👎 was answered (its row is gone, a line says so): counted, or already counted today. */
  voted?: 'thanks' | 'already';
}

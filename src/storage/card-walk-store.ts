import type { JsonStore } from './json-store';
import type { CardWalkState, SessionData } from './session-data';

/** The session as stored: `walking` says a walk is stored under its own key (no card ids in the session). */
type StoredSession = Omit<SessionData, 'cards'> & { walking?: true };

/** Set (not enumerable, never stored) on a session read with a walk: its write deletes the walk if it ended. */
const walkWasStored = Symbol('session.walk-was-stored');

/**
 * The session store, with the walk through the cards (`session.cards`) kept under a key of its own
 * that expires with the dialogue timeout, not with the session.
 *
 * Why: the privacy screen promises that the step of an open dialogue is deleted after the dialogue
 * timeout at most, while the session (the chosen language) lives for weeks; a walk someone left in
 * the middle must not stay that long. The session carries only a flag, "a walk is stored", so the
 * walk's key is read for people on a walk alone (most updates come from others and cost nothing
 * more), and deleted when they leave it. A flag whose walk has expired is dropped when read.
 */
export function sessionsWithCardWalks(sessions: JsonStore<StoredSession>, walks: JsonStore<CardWalkState>): JsonStore<SessionData> {
  return {
    async read(key) {
      const stored = await sessions.read(key);
      if (stored?.walking === undefined) return stored;
      const { walking: _, ...session } = stored;
      const walk = await walks.read(key);
      const read: SessionData = walk === undefined ? session : { ...session, cards: walk };
      Object.defineProperty(read, walkWasStored, { value: true });
      return read;
    },
    async write(key, value) {
      const { cards, ...session } = value as SessionData & { walking?: true; [walkWasStored]?: true };
      if (cards !== undefined) {
        await Promise.all([sessions.write(key, { ...session, walking: true }), walks.write(key, cards)]);
        return;
      }
      // Left the cards: the walk goes now, not when its key expires. (A session not read from here
      // cannot say; its walk, no longer flagged, is never read again and expires with the dialogues.)
      await Promise.all([sessions.write(key, session), (value as { [walkWasStored]?: true })[walkWasStored] ? walks.delete(key) : undefined]);
    },
    async delete(key) {
      await Promise.all([sessions.delete(key), walks.delete(key)]);
    },
  };
}

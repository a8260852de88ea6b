import type { JsonStore } from './json-store';
import type { CardWalkState, SessionData } from './session-data';

/** The session as stored: `walking` says a walk is stored under its own key (no card ids in the session). */
type StoredSession = Omit<SessionData, 'cards'> & { walking?: true };

/** Set (not enumerable, never stored) on a session read with a walk: its write deletes the walk if it ended. */
const walkWasStored = Symbol('session.walk-was-stored');

/** The session store of the bot: sessions, with the walk through the cards beside them. */
export interface SessionStore extends JsonStore<SessionData> {
  /**
   * The next read of `key` will likely find a walk (the update is a card button): the walk is then
   * read together with the session, in one round trip, instead of after it.
   */
  expectCardWalk(key: string): void;
}

/**
 * The session store, with the walk through the cards (`session.cards`) kept under a key of its own
 * that expires with the dialogue timeout, not with the session.
 *
 * Why: the privacy screen promises that the step of an open dialogue is deleted after the dialogue
 * timeout at most, while the session (the chosen language) lives for weeks; a walk someone left in
 * the middle must not stay that long. The session carries only a flag, "a walk is stored", so the
 * walk's key is read for people on a walk alone (most updates come from others and cost nothing
 * more), and deleted when they leave it. A flag whose walk has expired is dropped when read. A card
 * button announces itself ({@link SessionStore.expectCardWalk}) so its step costs one round trip.
 */
export function sessionsWithCardWalks(sessions: JsonStore<StoredSession>, walks: JsonStore<CardWalkState>): SessionStore {
  // Keys whose next read will likely find a walk (a card button was pressed): read both at once.
  const likely = new Set<string>();
  return {
    expectCardWalk(key) {
      // Bounded: a hint whose read never came (the update was dropped) must not pile up.
      if (likely.size >= 10_000) likely.delete(likely.values().next().value!);
      likely.add(key);
    },
    async read(key) {
      const early = likely.delete(key) ? walks.read(key) : undefined;
      // Heard even when the session's read fails first (Redis away): no unhandled rejection.
      early?.catch(() => undefined);
      const stored = await sessions.read(key);
      // A walk the session does not flag is not this person's walk any more: never read back.
      if (stored?.walking === undefined) return stored;
      const { walking: _, ...session } = stored;
      const walk = await (early ?? walks.read(key));
      const read: SessionData = walk === undefined ? session : { ...session, cards: walk };
      Object.defineProperty(read, walkWasStored, { value: true });
      return read;
    },
    async write(key, value: SessionData & { [walkWasStored]?: true }) {
      if (value.cards === undefined && !value[walkWasStored]) {
        // Not on a walk (nearly every update): the session as it is; its stores keep JSON, where an
        // absent `cards` and one set to undefined are the same.
        return sessions.write(key, value);
      }
      const { cards, ...session } = value;
      if (cards !== undefined) {
        await Promise.all([sessions.write(key, { ...session, walking: true }), walks.write(key, cards)]);
        return;
      }
      // Left the cards: the walk goes now, not when its key expires. (A session not read from here
      // cannot say; its walk, no longer flagged, is never read again and expires with the dialogues.)
      await Promise.all([sessions.write(key, session), walks.delete(key)]);
    },
    async delete(key) {
      await Promise.all([sessions.delete(key), walks.delete(key)]);
    },
  };
}

import type { JsonStore } from './json-store';
import type { CardWalkState, SessionData } from './session-data';

/** Set on a session as read: whether a walk was stored with it (so a write knows whether to delete it). */
const walkWasStored = Symbol('session.walk-was-stored');
type ReadSession = SessionData & { [walkWasStored]?: boolean };

/**
 * The session store, with the walk through the cards (`session.cards`) kept under a key of its own
 * that expires with the dialogue timeout, not with the session.
 *
 * Why: the privacy screen promises that the step of an open dialogue is deleted after the dialogue
 * timeout at most, while the session (the chosen language) lives for weeks. A walk someone left in
 * the middle must not stay that long. Both keys are asked in the same tick, so with the bot's
 * auto-pipelined connection they travel in one round trip; a walk is deleted only when one was read.
 */
export function sessionsWithCardWalks(sessions: JsonStore<SessionData>, walks: JsonStore<CardWalkState>): JsonStore<SessionData> {
  // Keys just read with nothing stored: the session grammY then makes afresh has no walk to delete
  // (a new person's first update sends no DEL). Bounded; a key forgotten only costs that DEL.
  const nothingStored = new Set<string>();
  return {
    async read(key) {
      const [session, walk] = await Promise.all([sessions.read(key), walks.read(key)]);
      nothingStored.delete(key);
      if (session === undefined && walk === undefined) {
        if (nothingStored.size >= 10_000) nothingStored.delete(nothingStored.values().next().value!);
        nothingStored.add(key);
        return undefined;
      }
      const read: ReadSession = { ...session };
      if (walk !== undefined) read.cards = walk;
      Object.defineProperty(read, walkWasStored, { value: walk !== undefined, enumerable: false });
      return read;
    },
    async write(key, value: ReadSession) {
      const { cards, ...rest } = value;
      const wasStored = value[walkWasStored] ?? (nothingStored.delete(key) ? false : undefined);
      // A session of unknown origin may replace one that had a walk: delete to be sure.
      const stale = cards === undefined && wasStored !== false;
      await Promise.all([sessions.write(key, rest), cards !== undefined ? walks.write(key, cards) : stale ? walks.delete(key) : undefined]);
    },
    async delete(key) {
      await Promise.all([sessions.delete(key), walks.delete(key)]);
    },
  };
}

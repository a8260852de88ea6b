import type Redis from 'ioredis';
import {
  createWorkCalendar,
  shippedDecrees,
  SHIPPED_DEFLATORS,
  type CalendarDecree,
  type DeflatorLookup,
  type PatentDeflator,
  type WorkCalendar,
} from '../deadlines';
import { VersionedStore } from '../../storage/versioned-store';
import type { DecreesDocument, DeflatorsDocument } from './calendar-rules';
import { LiveCollection } from './live-collection';

/** The id of the one document in each calendar store. */
export const CALENDAR_DOC_ID = 'russia';

/** The decrees and deflators staff edit, live like the cards. */
export interface LiveCalendar {
  readonly decreeDocs: LiveCollection<DecreesDocument>;
  readonly deflatorDocs: LiveCollection<DeflatorsDocument>;
  /** The current decrees, ascending by year. */
  decrees(): readonly CalendarDecree[];
  /** The current deflators, ascending by year. */
  deflators(): readonly PatentDeflator[];
  /** Stops listening (a calendar built on it keeps serving the last snapshot). */
  close(): Promise<void>;
}

/** Options of {@link createLiveCalendar}. */
export interface LiveCalendarOptions {
  /** Namespaces of the two stores (see `redisKeys(...).content`). */
  namespaces: { decrees: string; deflators: string };
  clock?: () => number;
  onError?: (error: Error) => void;
}

/**
 * The year decrees and patent deflators in the versioned store (history, rollback, pub/sub), seeded
 * from the shipped data. Resolves once seeded and loaded; {@link liveWorkCalendar} and
 * {@link liveDeflatorLookup} make it what the counts use.
 */
export async function createLiveCalendar(redis: Redis, options: LiveCalendarOptions): Promise<LiveCalendar> {
  const storeOptions = { clock: options.clock };
  const decreeStore = new VersionedStore<DecreesDocument>(redis, options.namespaces.decrees, storeOptions);
  const deflatorStore = new VersionedStore<DeflatorsDocument>(redis, options.namespaces.deflators, storeOptions);
  const decreeDocs = new LiveCollection(decreeStore, options.onError);
  const deflatorDocs = new LiveCollection(deflatorStore, options.onError);
  await decreeStore.seed([{ id: CALENDAR_DOC_ID, data: { decrees: [...shippedDecrees] } }]);
  await deflatorStore.seed([{ id: CALENDAR_DOC_ID, data: { deflators: [...SHIPPED_DEFLATORS] } }]);
  await Promise.all([decreeDocs.start(), deflatorDocs.start()]);

  const current = <T>(collection: LiveCollection<T>): T | undefined => {
    const doc = collection.get(CALENDAR_DOC_ID);
    return doc && !doc.deleted ? doc.data : undefined;
  };
  const decrees = () => current(decreeDocs)?.decrees ?? [];
  const deflators = () => current(deflatorDocs)?.deflators ?? [];
  return {
    decreeDocs,
    deflatorDocs,
    decrees,
    deflators,
    close: async () => {
      await Promise.all([decreeDocs.close(), deflatorDocs.close()]);
    },
  };
}

/**
 * The working-day calendar counted from the decrees staff edit: it reads them at every question,
 * so a decree saved on any instance is what the next count here uses.
 */
export function liveWorkCalendar(calendar: Pick<LiveCalendar, 'decrees'>): WorkCalendar {
  return createWorkCalendar((year) => calendar.decrees().find((d) => d.year === year));
}

/** The patent deflators staff edit, by year, read at every question like {@link liveWorkCalendar}. */
export function liveDeflatorLookup(calendar: Pick<LiveCalendar, 'deflators'>): DeflatorLookup {
  return (year) => calendar.deflators().find((d) => d.year === year);
}

import { compareDates, type DeadlineItem, type LocalDate } from '../deadlines';

/** How a deadline looks on the timeline: gone, close (colour of urgency), or still ahead. */
export type TimelineTone = 'passed' | 'soon' | 'later';

/** A deadline this many days away or closer (today included) is "soon". */
export const SOON_DAYS = 7;

/** One mark of the timeline, in date order. */
export type TimelineEvent =
  | { kind: 'entry'; date: LocalDate }
  | { kind: 'today'; date: LocalDate }
  | { kind: 'deadline'; date: LocalDate; tone: TimelineTone; item: DeadlineItem & { dueDate: LocalDate } };

/**
 * The marks of a person's deadline timeline: the entry, today, and each deadline that applies to them
 * (items the calculator marks not applicable stay in the text only), ordered by date. On a day with
 * both, today comes before the deadline it is the last day of. Empty when no deadline applies.
 */
export function timelineEvents(items: readonly DeadlineItem[], entryDate: LocalDate, today: LocalDate): TimelineEvent[] {
  const deadlines = items.flatMap((item): TimelineEvent[] =>
    item.dueDate && item.status !== 'not-applicable' ? [{ kind: 'deadline', date: item.dueDate, tone: toneOf(item), item: { ...item, dueDate: item.dueDate } }] : [],
  );
  if (deadlines.length === 0) return [];
  const rank = { entry: 0, today: 1, deadline: 2 } as const;
  const events: TimelineEvent[] = [{ kind: 'entry', date: entryDate }, { kind: 'today', date: today }, ...deadlines];
  // Array.prototype.sort is stable: deadlines of one day keep the calculator's order.
  return events.sort((a, b) => compareDates(a.date, b.date) || rank[a.kind] - rank[b.kind]);
}

function toneOf(item: DeadlineItem): TimelineTone {
  if (item.status === 'overdue') return 'passed';
  return (item.daysLeft ?? 0) <= SOON_DAYS ? 'soon' : 'later';
}

/**
 * Public API of the "documents and deadlines" domain: calendar dates, Russia's production
 * calendar and the deadline calculator. No grammY, no i18n: callers turn kinds into words.
 */
export * from './local-date';
export {
  calendarSources,
  createWorkCalendar,
  decreeList,
  decreeProblems,
  FIRST_CALENDAR_YEAR,
  lawSource,
  shippedDecrees,
  type CalendarSource,
  type DecreeLookup,
  type DecreeProblem,
  type WorkCalendar,
  type WorkingDaysResult,
} from './russian-work-calendar';
export type { CalendarDecree, DayOffMove } from './russian-work-calendar.data';
export * from './deadlines';
export { deflatorList, SHIPPED_DEFLATORS, type DeflatorLookup, type PatentDeflator } from './patent-deflator';

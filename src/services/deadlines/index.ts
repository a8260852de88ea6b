/**
 * Public API of the "documents and deadlines" domain: calendar dates, Russia's production
 * calendar and the deadline calculator. No grammY, no i18n: callers turn kinds into words.
 */
export * from './local-date';
export {
  addWorkingDays,
  calendarSourceFor,
  calendarSources,
  createWorkCalendar,
  isWorkingDay,
  russianWorkCalendar,
  supportedYears,
  type CalendarSource,
  type WorkCalendar,
  type WorkingDaysResult,
} from './russian-work-calendar';
export type { IsoDateRange, ProductionCalendarYear } from './russian-work-calendar.data';
export * from './deadlines';

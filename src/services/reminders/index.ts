/**
 * Deadline reminders: planned from the calculator's result (pure), kept as a minimal plan per
 * person in Redis, sent by the notices' queue and rate gate at a decent local hour, and written
 * as an `.ics` file for the phone's calendar. No grammY here: the bot renders the words.
 */
export * from './plan';
export * from './local-time';
export { ReminderStore, KEEP_DAYS_AFTER_LAST_DATE } from './reminder-store';
export { ReminderService, REMINDER_JOB, type ReminderJob, type ReminderServiceDeps } from './scheduler';
export { reminderJobHandler, type ReminderDeliveryDeps, type ReminderMessage, type ReminderOutcome, type ReminderTransport } from './delivery';
export { writeCalendar, type CalendarEvent } from './ics';

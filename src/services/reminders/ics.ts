/**
 * A small iCalendar (RFC 5545) writer for the deadlines file people import into their phone's
 * calendar: one all-day event per deadline, each with alarms, so the phone reminds them even
 * without Telegram. Text is escaped and lines folded at 75 octets as the RFC asks; nothing in the
 * file names the person.
 */
import { addDays, type LocalDate } from '../deadlines';

/** One all-day event. */
export interface CalendarEvent {
  /** Unique within the file and stable across downloads (a re-import updates, not duplicates). */
  uid: string;
  date: LocalDate;
  title: string;
  description: string;
  /** Alarms: days before the day (0: on the day), each at `alarmHour` local time. */
  alarmDaysBefore: readonly number[];
}

/** Local hour the alarms ring at. */
const ALARM_HOUR = 10;

const compact = (date: LocalDate): string =>
  `${String(date.year).padStart(4, '0')}${String(date.month).padStart(2, '0')}${String(date.day).padStart(2, '0')}`;

/** Escapes TEXT values (RFC 5545 §3.3.11). */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without cutting a UTF-8 character (RFC 5545 §3.1). */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** The trigger of an alarm `daysBefore` an all-day event, at {@link ALARM_HOUR} (relative to its start at midnight). */
function trigger(daysBefore: number): string {
  if (daysBefore === 0) return `PT${ALARM_HOUR}H`;
  return `-P${daysBefore - 1}DT${24 - ALARM_HOUR}H`;
}

/** The `.ics` text of `events`; `now` stamps them (DTSTAMP). */
export function writeCalendar(events: readonly CalendarEvent[], now: Date, name: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//migrant-help-bot//deadlines//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`];
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compact(event.date)}`,
      `DTEND;VALUE=DATE:${compact(addDays(event.date, 1))}`,
      `SUMMARY:${escapeText(event.title)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      'TRANSP:TRANSPARENT',
    );
    for (const daysBefore of event.alarmDaysBefore) {
      lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeText(event.title)}`, `TRIGGER:${trigger(daysBefore)}`, 'END:VALARM');
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

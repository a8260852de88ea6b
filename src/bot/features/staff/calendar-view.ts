/**
 * Staff screens of the working-day calendar: the decrees on moving days off and the patent
 * deflators by year, which years are provisional (counted from the law alone), and their history.
 */
import { InlineKeyboard } from 'grammy';
import type { DecreesDocument, DeflatorsDocument } from '../../../services/content-store/calendar-rules';
import type { LiveCalendar } from '../../../services/content-store/live-calendar';
import type { CalendarDecree } from '../../../services/deadlines';
import type { Revision } from '../../../storage/versioned-store';
import { escapeHtml, type Translate } from '../../i18n';
import { formatIsoDate } from '../../render/dates';
import { staffButton } from './buttons';
import { revisionLine, shortHtml, STAFF_PAGE_SIZE } from './faq-view';
import type { Screen } from '../../render/faq-view';

/** Which calendar document: `d` the decrees, `f` the deflators (short, for button data). */
export type CalendarDocKind = 'd' | 'f';

/** `YYYY-MM-DD` as staff type it: `DD.MM.YYYY`. */
export function shortDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}.${month}.${year}`;
}

/** A decree's moves as one line: `03.01.2026 → 09.01.2026, …`. */
export function movesLine(t: Translate, decree: Pick<CalendarDecree, 'moves' | 'extraDaysOff'>): string {
  const moves = decree.moves.map((m) => `${shortDate(m.from)} → ${shortDate(m.to)}`);
  const extra = decree.extraDaysOff.map((day) => `+${shortDate(day)}`);
  return [...moves, ...extra].join(', ') || t('staff.calendar.no-moves');
}

function decreesBody(t: Translate, doc: DecreesDocument, thisYear: number): string {
  const years = new Set([...doc.decrees.map((d) => d.year), thisYear, thisYear + 1]);
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => {
      const decree = doc.decrees.find((d) => d.year === year);
      if (!decree) return t('staff.calendar.provisional-line', { year });
      return t('staff.calendar.decree-line', {
        year,
        moves: escapeHtml(movesLine(t, decree)),
        source: shortHtml(decree.source, 160),
        date: formatIsoDate(t, decree.verifiedAt),
      });
    })
    .join('\n');
}

function deflatorsBody(t: Translate, doc: DeflatorsDocument, thisYear: number): string {
  const years = new Set([...doc.deflators.map((d) => d.year), thisYear, thisYear + 1]);
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => {
      const deflator = doc.deflators.find((d) => d.year === year);
      if (!deflator) return t('staff.calendar.deflator-missing', { year });
      return t('staff.calendar.deflator-line', {
        year,
        value: deflator.value,
        source: shortHtml(deflator.source, 160),
        date: formatIsoDate(t, deflator.verifiedAt),
      });
    })
    .join('\n');
}

/** The body of one calendar document (also for history and conflicts). */
export function calendarDocBody(t: Translate, kind: CalendarDocKind, data: unknown, thisYear: number): string {
  return kind === 'd' ? decreesBody(t, data as DecreesDocument, thisYear) : deflatorsBody(t, data as DeflatorsDocument, thisYear);
}

/** The calendar screen: the law, each year's decree or its provisional status, the deflators. */
export function renderCalendarScreen(t: Translate, calendar: LiveCalendar, thisYear: number): Screen {
  const decrees = calendar.decreeDocs.get('russia');
  const deflators = calendar.deflatorDocs.get('russia');
  const decreeVersion = decrees?.version ?? 0;
  const deflatorVersion = deflators?.version ?? 0;
  const html = [
    `<b>${t('staff.calendar.title')}</b>`,
    t('staff.calendar.law'),
    `<b>${t('staff.calendar.decrees-title')}</b>\n${decreesBody(t, { decrees: [...calendar.decrees()] }, thisYear)}`,
    `<b>${t('staff.calendar.deflators-title')}</b>\n${deflatorsBody(t, { deflators: [...calendar.deflators()] }, thisYear)}`,
  ].join('\n\n');
  const keyboard = new InlineKeyboard();
  for (const decree of calendar.decrees()) keyboard.text(t('staff.calendar.button.edit-decree', { year: decree.year }), staffButton('decreeEdit', decree.year, decreeVersion));
  keyboard.row().text(t('staff.calendar.button.add-decree'), staffButton('decreeEdit', 'new', decreeVersion)).row();
  for (const deflator of calendar.deflators()) keyboard.text(t('staff.calendar.button.edit-deflator', { year: deflator.year }), staffButton('deflatorEdit', deflator.year, deflatorVersion));
  keyboard.row().text(t('staff.calendar.button.add-deflator'), staffButton('deflatorEdit', 'new', deflatorVersion)).row();
  keyboard
    .text(t('staff.calendar.button.history-decrees'), staffButton('calendarHistory', 'd'))
    .text(t('staff.calendar.button.history-deflators'), staffButton('calendarHistory', 'f'))
    .row()
    .text(t('staff.button.home'), staffButton('menu'));
  return { html, keyboard };
}

/** A calendar document's history, newest first, with a button per earlier version. */
export function renderCalendarHistory(t: Translate, kind: CalendarDocKind, history: readonly Revision<unknown>[], viewer?: number): Screen {
  const newest = [...history].reverse();
  const current = newest[0];
  const lines = [`<b>${t(kind === 'd' ? 'staff.calendar.history-decrees' : 'staff.calendar.history-deflators')}</b>`];
  const keyboard = new InlineKeyboard();
  for (const rev of newest.slice(0, STAFF_PAGE_SIZE)) {
    const rollback = rev.rollbackOf === undefined ? '' : ` ${t('staff.history.rollback-of', { version: rev.rollbackOf })}`;
    lines.push(`${revisionLine(t, rev, viewer)}\n${t(`staff.action.${rev.action}`)}${rollback}`);
    if (current && rev.version !== current.version) {
      keyboard.text(t('staff.button.view-version', { version: rev.version }), staffButton('calendarRevision', kind, rev.version, current.version)).row();
    }
  }
  keyboard.text(t('staff.button.back'), staffButton('calendar'));
  return { html: lines.join('\n\n'), keyboard };
}

/** One earlier version of a calendar document, with the button that rolls back to it. */
export function renderCalendarRevision(t: Translate, kind: CalendarDocKind, rev: Revision<unknown>, currentVersion: number, thisYear: number, viewer?: number): Screen {
  const html = [
    `<b>${t('staff.calendar.version-title', { version: rev.version, current: currentVersion })}</b>`,
    revisionLine(t, rev, viewer),
    calendarDocBody(t, kind, rev.data, thisYear),
  ].join('\n\n');
  const keyboard = new InlineKeyboard()
    .text(t('staff.button.rollback', { version: rev.version }), staffButton('calendarRollback', kind, rev.version, currentVersion))
    .row()
    .text(t('staff.button.back'), staffButton('calendarHistory', kind));
  return { html, keyboard };
}

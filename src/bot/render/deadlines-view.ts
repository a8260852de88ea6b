import { calendarSources, type DeadlineItem } from '../../services/deadlines';
import type { Translate } from '../i18n';
import { formatDate } from './dates';

const ICONS: Record<DeadlineItem['status'], string> = {
  upcoming: '🟢',
  today: '🟠',
  overdue: '🔴',
  'not-applicable': '⚪',
  'outside-calendar': '⚠️',
};

/** The calculator's answer: one dated line per deadline, with how much time is left and the rule's source. */
export function renderDeadlinesHtml(t: Translate, items: readonly DeadlineItem[]): string {
  const lines = items.map((item) => {
    const title = `${ICONS[item.status]} <b>${t(`deadlines.kind.${item.kind}`)}</b>`;
    const detail = describe(t, item);
    return `${title}\n${detail}\n<i>${t('deadlines.rule-source', { source: item.source })}</i>`;
  });
  const calendars = calendarSources.map((c) => `${c.year}: ${c.source}`).join('; ');
  return [
    `<b>${t('deadlines.result-title')}</b>`,
    ...lines,
    `<i>${t('deadlines.calendar-note', { calendars })}</i>`,
    `<i>${t('cards.checked-on', { date: formatDate(t, { year: 2026, month: 11, day: 24 }) })}</i>`,
    `<i>${t('cards.disclaimer')}</i>`,
  ].join('\n\n');
}

function describe(t: Translate, item: DeadlineItem): string {
  const date = item.dueDate ? formatDate(t, item.dueDate) : '';
  switch (item.status) {
    case 'outside-calendar':
      return t('deadlines.status.outside-calendar', { year: item.missingCalendarYear ?? '' });
    case 'not-applicable':
      if (item.kind === 'stay-limit' && item.extendedByPatent) return t('deadlines.status.extended-by-patent', { date });
      return item.dueDate ? t(`deadlines.not-applicable.${item.kind}`, { date }) : t(`deadlines.not-applicable.${item.kind}`, { date: '' });
    case 'today':
      return t(`deadlines.due.${item.kind}`, { date }) + '\n' + t('deadlines.status.today');
    case 'overdue':
      if (item.allowanceUsedUp) return t('deadlines.status.allowance-used-up');
      return t(`deadlines.due.${item.kind}`, { date }) + '\n' + t('deadlines.status.overdue', { count: -(item.daysLeft ?? 0) });
    case 'upcoming':
      return t(`deadlines.due.${item.kind}`, { date }) + '\n' + t('deadlines.status.upcoming', { count: item.daysLeft ?? 0 });
  }
}

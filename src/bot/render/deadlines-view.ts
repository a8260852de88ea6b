import type { DeadlineItem } from '../../services/deadlines';
import type { Translate } from '../i18n';
import { formatDate, formatIsoDate } from './dates';

const ICONS: Record<DeadlineItem['status'], string> = {
  upcoming: '🟢',
  today: '🟠',
  overdue: '🔴',
  'not-applicable': '⚪',
};

/**
 * The calculator's answer: one dated line per deadline, with how much time is left (or, once
 * past, what happened when), the rule's source in the reader's language and when it was checked.
 */
export function renderDeadlinesHtml(t: Translate, items: readonly DeadlineItem[]): string {
  const lines = items.map((item) => {
    const titleKey = item.rule === 'stay-limit-before-2025' ? 'deadlines.kind.stay-limit-before-2025' : `deadlines.kind.${item.kind}`;
    const title = `${ICONS[item.status]} <b>${t(titleKey)}</b>`;
    const parts = [title, describe(t, item)];
    if (item.provisionalYears?.length) parts.push(`⚠️ ${t('deadlines.provisional', { years: item.provisionalYears.join(', ') })}`);
    parts.push(`<i>${ruleLine(t, item)}</i>`);
    return parts.join('\n');
  });
  const counted = items.find((item) => item.calendarYears?.length);
  return [
    `<b>${t('deadlines.result-title')}</b>`,
    ...lines,
    `<i>${t('deadlines.counting-note')}</i>`,
    ...(counted ? [`<i>${calendarNote(t, counted)}</i>`] : []),
    `<i>${t('cards.disclaimer')}</i>`,
  ].join('\n\n');
}

/** "Rule: <source>. Checked on <date>." — or, while staff have not checked the row, says so (reminders quote it too). */
export function ruleLine(t: Translate, item: Pick<DeadlineItem, 'rule' | 'verifiedAt'>): string {
  const source = t('deadlines.rule-source', { source: t(`deadlines.source.${item.rule}`) });
  const checked = item.verifiedAt
    ? t('cards.checked-on', { date: formatIsoDate(t, item.verifiedAt) })
    : t('deadlines.rule-unchecked');
  return `${source} ${checked}`;
}

/** Which calendar the working days came from: the law, and each year's decree or its absence. */
function calendarNote(t: Translate, item: DeadlineItem): string {
  const provisional = new Set(item.provisionalYears ?? []);
  const decrees = (item.calendarYears ?? []).map((year) => {
    if (provisional.has(year)) return t('deadlines.decree.missing', { year });
    // Decrees the sheet lists are cited in each language; one staff add later is named by its year.
    return t(`deadlines.decree.y${year}`, { defaultValue: '' }) || t('deadlines.decree.added', { year });
  });
  return t('deadlines.calendar-note', { decrees: decrees.join('; ') });
}

function describe(t: Translate, item: DeadlineItem): string {
  const date = item.dueDate ? formatDate(t, item.dueDate) : '';
  switch (item.status) {
    case 'not-applicable':
      if (item.rule === 'stay-limit-before-2025') return t('deadlines.not-applicable.stay-limit-before-2025');
      if (item.workingDaysUncounted) return t('deadlines.not-applicable.registration-uncounted');
      if (item.kind === 'stay-limit' && item.extendedByPatent) return t('deadlines.status.extended-by-patent', { date });
      return t(`deadlines.not-applicable.${item.kind}`, { date });
    case 'today':
      return `${t(`deadlines.due.${item.kind}`, { date })}\n${t('deadlines.status.today')}`;
    case 'overdue': {
      if (item.allowanceUsedUp) return t('deadlines.status.allowance-used-up');
      // Past tense: the day is gone. On a patent's lapse day that day is today, not "0 days ago".
      const ago = -(item.daysLeft ?? 0);
      const when = ago === 0 ? t('deadlines.status.overdue-today') : t('deadlines.status.overdue', { count: ago });
      return `${t(`deadlines.past.${item.kind}`, { date })} ${when}\n${t(`deadlines.past-advice.${item.kind}`)}`;
    }
    case 'upcoming':
      return `${t(`deadlines.due.${item.kind}`, { date })}\n${t('deadlines.status.upcoming', { count: item.daysLeft ?? 0 })}`;
  }
}

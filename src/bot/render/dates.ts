import { fromIso, type LocalDate } from '../../services/deadlines';
import { moscowParts } from '../../services/moscow-time';
import { contentTranslation, type Translate } from '../i18n';

/**
 * A date as people write it in the user's language: «5 марта 2026», «5 марти соли 2026»,
 * «5 March 2026». Month names live in the locales, not in Intl (Node prints Tajik months wrongly).
 */
export function formatDate(t: Translate, date: LocalDate): string {
  return t('dates.long', longDateOptions(t, date));
}

/** Formats a content date (`YYYY-MM-DD`, cached); an unparsable value is shown as it is rather than hidden. */
export function formatIsoDate(t: Translate, iso: string): string {
  const date = fromIso(iso);
  return date ? contentTranslation(t, 'dates.long', longDateOptions(t, date)) : iso;
}

function longDateOptions(t: Translate, date: LocalDate): { day: number; month: string; year: number } {
  return { day: date.day, month: t(`dates.month.${date.month}`), year: date.year };
}

/** A moment as a Moscow clock shows it, in the reader's language: «12 марта 2026, 18:30 (по Москве)». */
export function formatMoscowTime(t: Translate, ms: number): string {
  const p = moscowParts(ms);
  const date = formatMoscowDate(t, ms);
  const time = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return t('broadcast.time.moscow', { date, time });
}

/** The day of a moment in Moscow, in the reader's language: «12 марта 2026». */
export function formatMoscowDate(t: Translate, ms: number): string {
  const p = moscowParts(ms);
  return t('dates.long', { day: p.day, month: t(`dates.month.${p.month}`), year: p.year });
}

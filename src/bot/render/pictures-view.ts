import type { ContentLibrary } from '../../content/loader';
import type { Card } from '../../content/schema';
import type { DeadlineItem, LocalDate } from '../../services/deadlines';
import type { Language } from '../../services/languages';
import {
  PICTURE_MAX_BYTES,
  SOS_PNG_WIDTH,
  sosCardSvg,
  sosCardText,
  TIMELINE_PNG_WIDTH,
  timelineEvents,
  timelineSvg,
  timelineText,
  type PictureRequest,
  type SosSection,
  type TimelineEvent,
  type TimelinePictureText,
  type TimelineRowText,
} from '../../services/pictures';
import type { Translate } from '../i18n';
import { SOS_CARD_ID } from './card-view';
import { formatDate } from './dates';

/**
 * The words of the bot's pictures, in the reader's language, and the pictures built from them. The
 * pictures say what the text says, shorter; the text stays the accessible version with sources.
 */

/**
 * Locale keys whose strings can appear in a picture (each key is a prefix: every string under it).
 * The glyph test checks every character of them, in every language, against the shipped font.
 */
export const PICTURE_LOCALE_KEYS = [
  'pictures.timeline',
  'pictures.sos.footer',
  'deadlines.result-title',
  'deadlines.kind',
  'deadlines.status',
  'dates',
] as const;

/**
 * The deadline timeline of a calculator result: entry, today and each deadline that applies, with
 * the dates and labels of the text. Undefined when no deadline applies (nothing to draw).
 */
export function deadlinesPicture(t: Translate, items: readonly DeadlineItem[], entryDate: LocalDate, today: LocalDate): PictureRequest | undefined {
  const events = timelineEvents(items, entryDate, today);
  if (events.length === 0) return undefined;
  const text: TimelinePictureText = {
    title: plain(t('deadlines.result-title')),
    legend: {
      passed: plain(t('pictures.timeline.legend.passed')),
      soon: plain(t('pictures.timeline.legend.soon')),
      later: plain(t('pictures.timeline.legend.later')),
    },
    rows: events.map((event) => timelineRow(t, event)),
    footer: plain(t('pictures.timeline.footer')),
  };
  // One person's dates: drawn for them, not kept in the cache.
  return { svg: timelineSvg(text), width: TIMELINE_PNG_WIDTH, text: timelineText(text), maxBytes: PICTURE_MAX_BYTES, keep: false };
}

function timelineRow(t: Translate, event: TimelineEvent): TimelineRowText {
  const date = plain(formatDate(t, event.date));
  if (event.kind === 'entry') return { mark: 'entry', date, label: plain(t('pictures.timeline.entry')) };
  if (event.kind === 'today') return { mark: 'today', date, label: plain(t('pictures.timeline.today')) };
  const { item, tone } = event;
  const notes = [
    item.kind === 'patent-lapse' && item.status !== 'overdue' ? t('pictures.timeline.patent-lapse-note') : '',
    item.provisionalYears?.length ? t('pictures.timeline.provisional') : '',
  ].filter(Boolean);
  return {
    mark: tone,
    date,
    label: plain(t(`deadlines.kind.${item.kind}`)),
    status: plain(statusOf(t, item)),
    ...(notes.length ? { note: plain(notes.join(' ')) } : {}),
  };
}

function statusOf(t: Translate, item: DeadlineItem): string {
  const days = item.daysLeft ?? 0;
  if (item.status === 'today') return t('deadlines.status.today');
  if (item.status !== 'overdue') return t('deadlines.status.upcoming', { count: days });
  if (item.allowanceUsedUp) return t('pictures.timeline.used-up');
  return days === 0 ? t('deadlines.status.overdue-today') : t('deadlines.status.overdue', { count: -days });
}

/**
 * The SOS card as a picture: the Russian card for the officer, then the card in the person's
 * language (unless it is Russian), and a line saying where it comes from. Built from the live
 * content, so a card staff edit is drawn anew on the next request.
 */
export function sosPicture(content: ContentLibrary, language: Language, t: Translate): PictureRequest {
  const russian = content.card('ru', SOS_CARD_ID)!;
  const own = content.card(language, SOS_CARD_ID)!;
  const officer = section(russian);
  // The band already says "SOS": the title follows it without repeating the word.
  const bandTitle = officer.title.replace(/^SOS\s*[:—–-]?\s*/u, '');
  const text = {
    officer: { ...officer, title: bandTitle.charAt(0).toUpperCase() + bandTitle.slice(1) },
    ...(language === 'ru' ? {} : { own: section(own) }),
    footer: plain(t('pictures.sos.footer')),
  };
  return { svg: sosCardSvg(text), width: SOS_PNG_WIDTH, text: sosCardText(text), maxBytes: PICTURE_MAX_BYTES };
}

/** A card's title and its lines: the body's lines, then the steps, numbered as in the text. */
export function section(card: Card): SosSection {
  const lines = card.body.split('\n').map((line) => line.trim()).filter(Boolean);
  const steps = (card.steps ?? []).map((step, i) => `${i + 1}. ${step}`);
  return { title: card.title, lines: [...lines, ...steps] };
}

/** Text for a picture from a translated string: tags dropped, the HTML escapes of interpolation undone. */
export function plain(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

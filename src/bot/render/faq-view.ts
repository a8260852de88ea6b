/**
 * The FAQ as users see it: topics, paged questions, one answer, search results. Staff previews use
 * the same functions, so a preview is exactly what a user in that language gets.
 */
import { InlineKeyboard } from 'grammy';
import { HOTLINES_CARD_ID } from '../../content/schema';
import type { FaqDoc, FaqLibrary } from '../../services/faq/faq-library';
import { MAX_QUESTION_LENGTH, sourceFor, textFor, type FaqCategory } from '../../services/faq/faq-schema';
import type { Language } from '../../services/languages';
import { escapeHtml, type Translate } from '../i18n';
import { encodeCallback, featureCallback } from '../keyboards/callback-data';
import { MAIN_MENU, mainMenuKeyboard } from '../keyboards/main-menu';
import { voteRow } from '../keyboards/vote-row';
import { formatIsoDate } from './dates';

/** Questions per page of a topic. */
export const QUESTIONS_PER_PAGE = 6;
/** Longest button text; longer texts are shortened with "…". Questions are limited to this when saved. */
export const MAX_BUTTON_TEXT = MAX_QUESTION_LENGTH;

/** A screen: HTML text and its buttons. */
export interface Screen {
  html: string;
  keyboard: InlineKeyboard;
}

/** Button data of the FAQ feature. */
export const faqButtons = {
  open: () => featureCallback('faq', 'open'),
  category: (category: FaqCategory, page = 0) => featureCallback('faq', 'c', category, page),
  question: (id: string) => featureCallback('faq', 'q', id),
  /** 👍 / 👎 under an answer. */
  vote: (id: string, up: boolean) => featureCallback('faq', 'v', id, up ? 'up' : 'down'),
  /** "My question is not answered here" under search results; the token names the question kept for it. */
  notHelped: (token: string) => featureCallback('faq', 'nh', token),
};

/** Text shortened to fit a button. */
export function buttonText(text: string, max = MAX_BUTTON_TEXT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** The topics, with how many questions each has. */
export function renderFaqTopics(t: Translate, library: FaqLibrary): Screen {
  const keyboard = new InlineKeyboard();
  const categories = library.visibleCategories();
  for (const category of categories) {
    keyboard.text(`${t(`faq.category.${category}`)} (${library.inCategory(category).length})`, faqButtons.category(category)).row();
  }
  keyboard.text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
  return { html: categories.length > 0 ? t('faq.title') : t('faq.empty'), keyboard };
}

/** One page of a topic's questions. */
export function renderFaqCategory(t: Translate, lang: Language, library: FaqLibrary, category: FaqCategory, page: number): Screen {
  const entries = library.inCategory(category);
  const pages = Math.max(1, Math.ceil(entries.length / QUESTIONS_PER_PAGE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const keyboard = new InlineKeyboard();
  for (const doc of entries.slice(current * QUESTIONS_PER_PAGE, (current + 1) * QUESTIONS_PER_PAGE)) {
    const shown = textFor(doc.data, lang);
    if (shown) keyboard.text(buttonText(shown.text.question), faqButtons.question(doc.id)).row();
  }
  if (pages > 1) {
    if (current > 0) keyboard.text(t('faq.button.previous'), faqButtons.category(category, current - 1));
    if (current < pages - 1) keyboard.text(t('faq.button.next'), faqButtons.category(category, current + 1));
    keyboard.row();
  }
  keyboard.text(t('faq.button.topics'), faqButtons.open()).text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
  const lines = [`<b>${t(`faq.category.${category}`)}</b>`];
  if (pages > 1) lines.push(t('faq.page', { page: current + 1, pages }));
  lines.push(t('faq.choose-question'));
  return { html: lines.join('\n'), keyboard };
}

/** The page of its topic an entry is on (for "Back"). */
export function pageOf(library: FaqLibrary, doc: FaqDoc): number {
  const index = library.inCategory(doc.data.category).findIndex((d) => d.id === doc.id);
  return Math.max(0, Math.floor(index / QUESTIONS_PER_PAGE));
}

/**
 * One answer in `lang`: question, a note when it is not translated yet (then the Russian text
 * follows), the answer, the date it was updated, its source and the general disclaimer.
 */
export function renderFaqAnswerHtml(t: Translate, lang: Language, doc: FaqDoc): string {
  const shown = textFor(doc.data, lang);
  if (!shown) return t('faq.gone');
  const parts = [`<b>${escapeHtml(shown.text.question)}</b>`];
  if (!shown.translated) parts.push(`ℹ️ <i>${t('faq.not-translated', { language: t(`faq.language-name.${shown.language}`) })}</i>`);
  parts.push(escapeHtml(shown.text.answer));
  // The source in the reader's language; a date only when staff have checked the entry.
  const source = t('cards.source', { source: sourceFor(doc.data, lang) });
  const checked = doc.data.verifiedAt ? `${t('faq.updated-on', { date: formatIsoDate(t, doc.data.verifiedAt) })} ` : '';
  parts.push(`<i>${checked}${source}</i>`, `<i>${t('cards.disclaimer')}</i>`);
  return parts.join('\n\n');
}

/** Buttons under an answer: 👍 / 👎 (when votes are counted), back to its topic page, all topics, main menu. */
export function faqAnswerKeyboard(t: Translate, library: FaqLibrary, doc: FaqDoc, options: { votes?: boolean } = {}): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (options.votes) voteRow(keyboard, t, (up) => faqButtons.vote(doc.id, up));
  return keyboard
    .text(t('common.button.back'), faqButtons.category(doc.data.category, pageOf(library, doc)))
    .text(t('faq.button.topics'), faqButtons.open())
    .row()
    .text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
}

/**
 * The best matches of a search, as buttons; with `notHelpedToken`, a last one for "my question is
 * not answered here" (the question then goes to staff as unanswered).
 */
export function renderSearchResults(t: Translate, lang: Language, docs: readonly FaqDoc[], notHelpedToken?: string): Screen {
  const keyboard = new InlineKeyboard();
  for (const doc of docs) {
    const button = resultButton(doc, lang);
    if (button) keyboard.text(button.text, button.data).row();
  }
  if (notHelpedToken) keyboard.text(t('insight.not-helped.button'), faqButtons.notHelped(notHelpedToken)).row();
  keyboard.text(t('faq.button.topics'), faqButtons.open()).text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
  return { html: t('faq.search.results'), keyboard };
}

/** An answer's button under search results, per language (null: no text in that language). */
type ResultButton = { text: string; data: string } | null;
const resultButtons = new WeakMap<FaqDoc, Partial<Record<Language, ResultButton>>>();

/**
 * The button of `doc` under search results, built once per revision of the entry and language.
 * Every free-text question shows up to five of them, and shortening the question and encoding its
 * data was a tenth of the garbage of a FAQ answer (heap sampling profile). A staff edit is a new
 * revision object, so it gets new buttons; the old revision's are collected with it.
 */
function resultButton(doc: FaqDoc, lang: Language): ResultButton {
  let byLanguage = resultButtons.get(doc);
  if (!byLanguage) resultButtons.set(doc, (byLanguage = {}));
  let button = byLanguage[lang];
  if (button === undefined) {
    const shown = textFor(doc.data, lang);
    button = byLanguage[lang] = shown ? { text: buttonText(shown.text.question), data: faqButtons.question(doc.id) } : null;
  }
  return button;
}

/** Nothing found: a pointer to the hotlines, then the main menu with the hotlines first. */
export function renderNoMatch(t: Translate): Screen {
  const hotlines = MAIN_MENU.filter((e) => e.action.kind === 'open-card' && e.action.cardId === HOTLINES_CARD_ID);
  const entries = [...hotlines, ...MAIN_MENU.filter((e) => !hotlines.includes(e))];
  const keyboard = hotlines.length > 0 ? mainMenuKeyboard(t, entries) : mainMenuKeyboard(t).text(t('faq.button.hotlines'), encodeCallback({ kind: 'open-card', cardId: HOTLINES_CARD_ID }));
  return { html: `${t('faq.search.none')}\n\n${t('menu.title')}`, keyboard };
}

/** Telegram's limit on the visible length of a message. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** The length Telegram counts for an HTML message: tags removed, entities decoded. */
export function visibleLength(html: string): number {
  return html
    .replace(/<[^<>]+>/g, '')
    .replace(/&(lt|gt|amp|quot|#\d+);/g, 'x').length;
}

/**
 * Staff screens of the FAQ editor: the staff menu, entry lists, one entry with its actions, history
 * and one old version. Shared helpers (who, when, shortened text) serve the card and contact screens too.
 */
import { InlineKeyboard } from 'grammy';
import type { FaqDoc, FaqLibrary } from '../../../services/faq/faq-library';
import { FAQ_CATEGORIES, sourcesOf, textFor, type FaqCategory, type FaqEntry } from '../../../services/faq/faq-schema';
import type { VoteCounts } from '../../../services/insight';
import { LANGUAGES, type Language } from '../../../services/languages';
import type { Actor, Revision } from '../../../storage/versioned-store';
import { escapeHtml, type Translate } from '../../i18n';
import { encodeCallback } from '../../keyboards/callback-data';
import { staffButton } from './buttons';
import { formatIsoDate } from '../../render/dates';
import { buttonText, type Screen } from '../../render/faq-view';

/** Entries per page of a staff list; history versions per page. */
export const STAFF_PAGE_SIZE = 8;

/** Which collection a staff screen shows. */
export type StaffKind = 'faq' | 'card' | 'contact';

/** Flag shown next to each language. */
export const LANGUAGE_FLAGS = { ru: '🇷🇺', tg: '🇹🇯', en: '🇬🇧' } as const;

/** 👍 / 👎 of an FAQ entry by language, one line for its staff screen. */
export function votesLine(t: Translate, counts: VoteCounts): string {
  const parts = LANGUAGES.map((l) => `${LANGUAGE_FLAGS[l]} 👍 ${counts[l].up} 👎 ${counts[l].down}`);
  return t('insight.staff.votes', { votes: parts.join(' · ') });
}

/** Who made a change, as staff read it. */
export function who(t: Translate, by: Actor, viewer?: number): string {
  if (by === 'system') return t('staff.who.system');
  if (by === null) return t('staff.who.erased');
  return by === viewer ? t('staff.who.you') : t('staff.who.user', { id: by });
}

/** When a change was made: date in the viewer's language and UTC time. */
export function when(t: Translate, at: string): string {
  return `${formatIsoDate(t, at.slice(0, 10))} ${at.slice(11, 16)} UTC`;
}

/** Escaped text, shortened to `max` characters. */
export function shortHtml(text: string, max: number): string {
  return escapeHtml(text.length <= max ? text : `${text.slice(0, max - 1)}…`);
}

/** "v3 · 25 November 2026 09:00 UTC · by you" */
export function revisionLine(t: Translate, doc: Revision<unknown>, viewer?: number): string {
  return t('staff.revision-line', { version: doc.version, when: when(t, doc.at), who: who(t, doc.by, viewer) });
}

/** The staff menu. */
export function renderStaffMenu(t: Translate, options: { faq: FaqLibrary; canEditContent: boolean; isAdmin: boolean; addedStaff?: number }): Screen {
  const all = options.faq.all();
  const lines = [
    t('staff.menu.title'),
    t('staff.menu.faq-count', {
      total: all.filter((d) => !d.deleted).length,
      hidden: all.filter((d) => !d.deleted && d.data.hidden).length,
      deleted: all.filter((d) => d.deleted).length,
    }),
  ];
  if (!options.faq.editable) lines.push(`⚠️ ${t('staff.menu.read-only')}`);
  if (!options.canEditContent) lines.push(t('staff.menu.no-content-editing'));
  if (options.isAdmin) lines.push(t('staff.menu.admin-hint', { n: options.addedStaff ?? 0 }));
  const keyboard = new InlineKeyboard()
    .text(t('staff.button.faq-list'), staffButton('faqList', 'all', 0))
    .text(t('staff.button.faq-new'), staffButton('faqNew'))
    .row();
  if (options.canEditContent) keyboard.text(t('staff.button.cards'), staffButton('cardList')).text(t('staff.button.contacts'), staffButton('contactList')).row();
  keyboard
    .text(t('staff.button.export'), staffButton('exportContent'))
    .text(t('staff.button.import'), staffButton('importHelp'))
    .row()
    .text(t('staff.button.log'), staffButton('changeLog'))
    .text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
  return { html: lines.join('\n\n'), keyboard };
}

/** The question of an entry in `lang`, else in the first language it has, for lists. */
export function entryTitle(entry: FaqEntry, lang: Language): string {
  return textFor(entry, lang)?.text.question ?? '?';
}

/** Staff list of entries: one category (hidden ones marked), all categories, or the deleted ones. */
export function renderStaffFaqList(t: Translate, lang: Language, library: FaqLibrary, filter: FaqCategory | 'all' | 'deleted', page: number): Screen {
  const docs =
    filter === 'deleted'
      ? library.deleted()
      : (filter === 'all' ? [...FAQ_CATEGORIES] : [filter]).flatMap((c) => library.inCategory(c, { includeHidden: true }));
  const pages = Math.max(1, Math.ceil(docs.length / STAFF_PAGE_SIZE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const keyboard = new InlineKeyboard();
  for (const doc of docs.slice(current * STAFF_PAGE_SIZE, (current + 1) * STAFF_PAGE_SIZE)) {
    const mark = doc.deleted ? '🗑 ' : doc.data.hidden ? '🙈 ' : '';
    const missing = LANGUAGES.filter((l) => !doc.data.texts[l]).map((l) => LANGUAGE_FLAGS[l]).join('');
    keyboard.text(buttonText(`${mark}${entryTitle(doc.data, lang)}${missing ? ` (−${missing})` : ''}`), staffButton('faqEntry', doc.id)).row();
  }
  if (pages > 1) {
    if (current > 0) keyboard.text(t('faq.button.previous'), staffButton('faqList', filter, current - 1));
    if (current < pages - 1) keyboard.text(t('faq.button.next'), staffButton('faqList', filter, current + 1));
    keyboard.row();
  }
  for (const category of FAQ_CATEGORIES) {
    if (category !== filter) keyboard.text(t(`faq.category.${category}`), staffButton('faqList', category, 0)).row();
  }
  if (filter !== 'all') keyboard.text(t('staff.button.all-entries'), staffButton('faqList', 'all', 0));
  if (filter !== 'deleted') keyboard.text(t('staff.button.deleted'), staffButton('faqList', 'deleted', 0));
  keyboard.row().text(t('staff.button.home'), staffButton('menu'));
  const title = filter === 'all' ? t('staff.list.all') : filter === 'deleted' ? t('staff.list.deleted') : t(`faq.category.${filter}`);
  const lines = [`<b>${title}</b>`, docs.length === 0 ? t('staff.list.empty') : t('staff.list.hint')];
  if (pages > 1) lines.push(t('faq.page', { page: current + 1, pages }));
  return { html: lines.join('\n'), keyboard };
}

/** The checked date as staff see it: the date, or that users see none yet; then what is left to check. */
export function checkedForStaff(t: Translate, verifiedAt: string | null, staffNote?: string): string {
  const checked = verifiedAt ? t('cards.checked-on', { date: formatIsoDate(t, verifiedAt) }) : `⚠️ ${t('staff.content.unchecked')}`;
  return staffNote ? `${checked}\n📝 ${t('staff.content.staff-note', { note: staffNote })}` : checked;
}

/** The text part of an entry for staff: every language (answers shortened), source and date. */
export function renderEntryBody(t: Translate, entry: FaqEntry, answerLimit = 700): string {
  const parts = LANGUAGES.map((lang) => {
    const text = entry.texts[lang];
    const head = `${LANGUAGE_FLAGS[lang]} `;
    if (!text) return `${head}<i>${t('staff.entry.not-translated')}</i>`;
    return `${head}<b>${escapeHtml(text.question)}</b>\n${shortHtml(text.answer, answerLimit)}`;
  });
  const sources = sourcesOf(entry);
  const sourceLines = LANGUAGES.map((lang) => `${LANGUAGE_FLAGS[lang]} ${t('cards.source', { source: sources[lang] ?? '—' })}`);
  parts.push([...sourceLines, checkedForStaff(t, entry.verifiedAt, entry.staffNote)].join('\n'));
  return parts.join('\n\n');
}

/** One entry with everything staff can do to it. */
export function renderStaffEntry(t: Translate, library: FaqLibrary, doc: FaqDoc, viewer?: number): Screen {
  const status = doc.deleted ? t('staff.entry.deleted') : doc.data.hidden ? t('staff.entry.hidden') : t('staff.entry.visible');
  const html = [
    `<b>${t('staff.entry.title', { id: doc.id })}</b> · ${status}`,
    `${t(`faq.category.${doc.data.category}`)} · ${revisionLine(t, doc, viewer)}`,
    renderEntryBody(t, doc.data),
  ].join('\n');
  const v = doc.version;
  const keyboard = new InlineKeyboard();
  if (doc.deleted) {
    keyboard.text(t('staff.button.undo-delete'), staffButton('faqRestore', doc.id, v)).row();
  } else {
    for (const lang of LANGUAGES) keyboard.text(`✏️ ${LANGUAGE_FLAGS[lang]}`, staffButton('faqEdit', doc.id, lang, v));
    keyboard.row();
    for (const lang of LANGUAGES) keyboard.text(`👀 ${LANGUAGE_FLAGS[lang]}`, staffButton('preview', 'faq', doc.id, lang));
    keyboard.row();
    keyboard.text(doc.data.hidden ? t('staff.button.show') : t('staff.button.hide'), staffButton(doc.data.hidden ? 'faqShow' : 'faqHide', doc.id, v));
    if (library.positionForMove(doc.id, 'up') !== undefined) keyboard.text('⬆️', staffButton('faqMoveUp', doc.id, v));
    if (library.positionForMove(doc.id, 'down') !== undefined) keyboard.text('⬇️', staffButton('faqMoveDown', doc.id, v));
    keyboard.row().text(t('staff.button.delete'), staffButton('faqDelete', doc.id, v));
  }
  keyboard.text(t('staff.button.history'), staffButton('history', 'faq', doc.id, 0)).row();
  keyboard.text(t('staff.button.back-to-list'), staffButton('faqList', doc.deleted ? 'deleted' : doc.data.category, 0));
  keyboard.text(t('staff.button.home'), staffButton('menu'));
  return { html, keyboard };
}

/** The button that reopens a document's staff screen. */
export function openButton(kind: StaffKind, id: string): string {
  return kind === 'faq' ? staffButton('faqEntry', id) : kind === 'card' ? staffButton('card', id) : staffButton('contact', id);
}

/** A document's history, newest first, with a button per earlier version. */
export function renderHistory(t: Translate, kind: StaffKind, id: string, history: readonly Revision<unknown>[], page: number, viewer?: number): Screen {
  const newest = [...history].reverse();
  const current = newest[0];
  const pages = Math.max(1, Math.ceil(newest.length / STAFF_PAGE_SIZE));
  const shown = Math.min(Math.max(0, page), pages - 1);
  const slice = newest.slice(shown * STAFF_PAGE_SIZE, (shown + 1) * STAFF_PAGE_SIZE);
  const lines = [`<b>${t('staff.history.title', { id })}</b>`];
  const keyboard = new InlineKeyboard();
  for (const rev of slice) {
    const what = rev.changes.length > 0 ? escapeHtml(rev.changes.join(', ')) : '—';
    const rollback = rev.rollbackOf === undefined ? '' : ` ${t('staff.history.rollback-of', { version: rev.rollbackOf })}`;
    lines.push(`${revisionLine(t, rev, viewer)}\n${t(`staff.action.${rev.action}`)}${rollback}: ${what}`);
    if (current && rev.version !== current.version) {
      keyboard.text(t('staff.button.view-version', { version: rev.version }), staffButton('revision', kind, id, rev.version, current.version)).row();
    }
  }
  if (pages > 1) {
    if (shown > 0) keyboard.text(t('faq.button.previous'), staffButton('history', kind, id, shown - 1));
    if (shown < pages - 1) keyboard.text(t('faq.button.next'), staffButton('history', kind, id, shown + 1));
    keyboard.row();
  }
  keyboard.text(t('staff.button.back'), openButton(kind, id));
  return { html: lines.join('\n\n'), keyboard };
}

/** One earlier version, with the button that rolls back to it. */
export function renderRevision(t: Translate, kind: StaffKind, rev: Revision<unknown>, currentVersion: number, body: string, viewer?: number): Screen {
  const html = [
    `<b>${t('staff.history.version-title', { id: rev.id, version: rev.version, current: currentVersion })}</b>`,
    revisionLine(t, rev, viewer) + (rev.deleted ? ` · ${t('staff.entry.deleted')}` : ''),
    body,
  ].join('\n\n');
  const keyboard = new InlineKeyboard()
    .text(t('staff.button.rollback', { version: rev.version }), staffButton('rollback', kind, rev.id, rev.version, currentVersion))
    .row()
    .text(t('staff.button.back'), staffButton('history', kind, rev.id, 0));
  return { html, keyboard };
}

/** After a refused save: what changed meanwhile, and the way back to the current document. */
export function renderConflict(t: Translate, kind: StaffKind, current: Revision<unknown>, body: string, viewer?: number): Screen {
  const html = [`⚠️ <b>${t('staff.conflict.title')}</b>`, t('staff.conflict.text', { line: revisionLine(t, current, viewer) }), body].join('\n\n');
  return { html, keyboard: new InlineKeyboard().text(t('staff.button.open-current'), openButton(kind, current.id)) };
}

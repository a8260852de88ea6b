import { InlineKeyboard } from 'grammy';
import type { ContentLibrary } from '../../content/loader';
import type { Card } from '../../content/schema';
import type { Language } from '../../services/languages';
import { contentTranslation, escapeHtml, type Translate } from '../i18n';
import { encodeCallback } from '../keyboards/callback-data';
import { voteRow } from '../keyboards/vote-row';
import { formatIsoDate } from './dates';
import { withWriteToPerson } from './handoff-view';

/** Card ids the code refers to (the content files must have them; the loader test checks). */
export const SOS_CARD_ID = 'sos';

/** The choice a card button makes inside a guided dialogue: another card, or an action. */
export function choiceForGoto(goto: string): string {
  return goto.startsWith('action:') ? goto.slice('action:'.length) : goto;
}

/** The text of one card: title, body, numbered steps, contacts, checked date and the disclaimer. */
export function renderCardHtml(t: Translate, card: Card, contacts: ReturnType<ContentLibrary['contacts']>): string {
  const parts = [cardTextHtml(card)];
  if (contacts.length) parts.push(contacts.map((c) => renderContact(t, c)).join('\n\n'));
  parts.push(checkedLineHtml(t, card), `<i>${t('cards.disclaimer')}</i>`);
  return parts.join('\n\n');
}

/** Title, body and numbered steps, escaped. */
function cardTextHtml(card: Card): string {
  const parts = [`<b>${escapeHtml(card.title)}</b>`, escapeHtml(card.body)];
  if (card.steps?.length) parts.push(card.steps.map((step, i) => `${i + 1}. ${escapeHtml(step)}`).join('\n'));
  return parts.join('\n\n');
}

/**
 * "Checked on <date>. Source: <source>", in the reader's language. A card whose facts staff have not
 * dated yet shows its source alone: a date is shown only when the content has one.
 */
function checkedLineHtml(t: Translate, card: Card): string {
  const source = contentTranslation(t, 'cards.source', { source: card.source });
  if (card.verifiedAt === null) return `<i>${source}</i>`;
  const checked = contentTranslation(t, 'cards.checked-on', { date: formatIsoDate(t, card.verifiedAt) });
  return `<i>${checked} ${source}</i>`;
}

function renderContact(t: Translate, contact: ReturnType<ContentLibrary['contacts']>[number]): string {
  const lines = [`☎️ <b>${escapeHtml(contact.name)}</b>: ${contact.phones.map(escapeHtml).join(', ')}`];
  if (contact.address) lines.push(escapeHtml(contact.address));
  if (contact.note) lines.push(escapeHtml(contact.note));
  if (contact.knownUnanswered) lines.push(`⚠️ ${t('cards.often-unanswered')}`);
  lines.push(contentTranslation(t, 'cards.contact-checked', { date: formatIsoDate(t, contact.verifiedAt) }));
  return lines.join('\n');
}

/**
 * The SOS card is shown to an officer: Russian first, whatever the user's language, with the
 * user's own language below so they know what they are showing.
 */
export function renderSosHtml(library: ContentLibrary, language: Language, translatorFor: (l: Language) => Translate): string {
  const russian = library.card('ru', SOS_CARD_ID)!;
  const own = library.card(language, SOS_CARD_ID)!;
  const sections = [cardTextHtml(russian)];
  if (language !== 'ru') sections.push(cardTextHtml(own));
  // The source line is for the user, so it is in their language.
  sections.push(checkedLineHtml(translatorFor(language), own));
  return sections.join('\n\n— — —\n\n');
}

/**
 * A card's text exactly as a user reading `lang` gets it: the SOS card in Russian for the officer
 * with the user's language below, any other card with its verified contacts (`contacts`, when the
 * caller has them already). The guided dialogue and the staff preview both show this.
 */
export function cardScreenHtml(
  library: ContentLibrary,
  lang: Language,
  card: Card,
  translatorFor: (l: Language) => Translate,
  contacts: ReturnType<ContentLibrary['contacts']> = library.contacts(lang, card.contacts),
): string {
  if (card.id === SOS_CARD_ID) return renderSosHtml(library, lang, translatorFor);
  return renderCardHtml(translatorFor(lang), card, contacts);
}

/** Dialogue choices of the 👍 / 👎 row under a card (the guided dialogue counts them). */
export const CARD_VOTE_CHOICES = { up: 'vote-up', down: 'vote-down' } as const;

/** Dialogue choices of the SOS card's own buttons: the card as a picture, and pinning it in the chat. */
export const SOS_CHOICES = { picture: 'sos-picture', pin: 'sos-pin' } as const;

/** What a card's keyboard offers besides the card's own buttons. */
export interface CardKeyboardOptions {
  /** The 👍 / 👎 row. */
  votes?: boolean;
  /** The card's verified contacts: each number gets a button that copies it, for the dialler. */
  contacts?: ReturnType<ContentLibrary['contacts']>;
  /** The SOS card: "as a picture" and "pin in the chat". */
  sos?: boolean;
}

/**
 * The card's own buttons, the SOS card's picture and pin buttons (when `sos`), a copy button per
 * phone number, 👍 / 👎 (when `votes`), then "Back" (when there is somewhere to go back to) and
 * "Main menu".
 */
export function cardKeyboard(t: Translate, card: Card, canGoBack: boolean, options: CardKeyboardOptions = {}): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const button of card.buttons ?? []) {
    keyboard.text(button.label, encodeCallback({ kind: 'dialogue-choice', choice: choiceForGoto(button.goto) })).row();
  }
  if (options.sos) {
    keyboard.text(t('pictures.sos.button'), encodeCallback({ kind: 'dialogue-choice', choice: SOS_CHOICES.picture })).row();
    keyboard.text(t('pictures.sos.pin-button'), encodeCallback({ kind: 'dialogue-choice', choice: SOS_CHOICES.pin })).row();
  }
  withCopyButtons(keyboard, t, options.contacts ?? []);
  if (options.votes) {
    voteRow(keyboard, t, (up) => encodeCallback({ kind: 'dialogue-choice', choice: up ? CARD_VOTE_CHOICES.up : CARD_VOTE_CHOICES.down }));
  }
  // A card may not be enough: a person is one tap away from every step.
  return withNavigation(withWriteToPerson(keyboard, t), t, canGoBack);
}

/**
 * One button per phone number of `contacts` that copies the number exactly as the verified registry
 * writes it (Bot API `copy_text`), so a person pastes it into the dialler instead of retyping it.
 */
export function withCopyButtons(keyboard: InlineKeyboard, t: Translate, contacts: ReturnType<ContentLibrary['contacts']>): InlineKeyboard {
  for (const phone of new Set(contacts.flatMap((contact) => contact.phones))) {
    keyboard.copyText(contentTranslation(t, 'pictures.copy-phone', { phone }), phone).row();
  }
  return keyboard;
}

/** Adds the "Back" and "Main menu" row every dialogue step ends with. */
export function withNavigation(keyboard: InlineKeyboard, t: Translate, canGoBack: boolean): InlineKeyboard {
  if (canGoBack) keyboard.text(t('common.button.back'), encodeCallback({ kind: 'dialogue-choice', choice: 'back' }));
  return keyboard.text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
}

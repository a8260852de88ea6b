/**
 * Staff screens for the content of the guided dialogues: the card list, one card in three
 * languages, the contact registry (unverified slots included) and one contact.
 */
import { InlineKeyboard } from 'grammy';
import type { CardDocument, ContactDocument, LiveContent } from '../../../services/content-store/live-content';
import { LANGUAGES } from '../../../services/languages';
import type { Revision } from '../../../storage/versioned-store';
import { escapeHtml, type Translate } from '../../i18n';
import { formatIsoDate } from '../../render/dates';
import { staffButton } from './buttons';
import { checkedForStaff, LANGUAGE_FLAGS, revisionLine, shortHtml } from './faq-view';
import { buttonText, type Screen } from '../../render/faq-view';

/** Every card, by its Russian title and checked date, in file order. */
export function renderCardList(t: Translate, content: LiveContent): Screen {
  const keyboard = new InlineKeyboard();
  for (const id of content.cardIds()) {
    const doc = content.cardDocs.get(id);
    const title = doc?.data.cards.ru.title ?? id;
    keyboard.text(buttonText(`${title} · ${doc?.data.cards.ru.verifiedAt ?? '⚠️'}`), staffButton('card', id)).row();
  }
  keyboard.text(t('staff.button.home'), staffButton('menu'));
  return { html: `<b>${t('staff.cards.title')}</b>\n${t('staff.cards.hint')}`, keyboard };
}

/** The text of a card document for staff: every language, shortened. */
export function renderCardBody(t: Translate, data: CardDocument): string {
  return LANGUAGES.map((lang) => {
    const card = data.cards[lang];
    const steps = card.steps?.length ? `\n${shortHtml(card.steps.map((s, i) => `${i + 1}. ${s}`).join('\n'), 400)}` : '';
    return [
      `${LANGUAGE_FLAGS[lang]} <b>${escapeHtml(card.title)}</b>`,
      `${shortHtml(card.body, 500)}${steps}`,
      `<i>${t('cards.source', { source: card.source })}\n${checkedForStaff(t, card.verifiedAt, card.staffNote)}</i>`,
    ].join('\n');
  }).join('\n\n');
}

/** One card with its actions. */
export function renderStaffCard(t: Translate, doc: Revision<CardDocument>, viewer?: number): Screen {
  const html = [`<b>${t('staff.cards.card-title', { id: doc.id })}</b>`, revisionLine(t, doc, viewer), renderCardBody(t, doc.data)].join('\n');
  const keyboard = new InlineKeyboard();
  for (const lang of LANGUAGES) keyboard.text(`✏️ ${LANGUAGE_FLAGS[lang]}`, staffButton('cardEdit', doc.id, lang, doc.version));
  keyboard.row();
  for (const lang of LANGUAGES) keyboard.text(`👀 ${LANGUAGE_FLAGS[lang]}`, staffButton('preview', 'card', doc.id, lang));
  keyboard
    .row()
    .text(t('staff.button.history'), staffButton('history', 'card', doc.id, 0))
    .text(t('staff.button.back-to-list'), staffButton('cardList'))
    .row()
    .text(t('staff.button.home'), staffButton('menu'));
  return { html, keyboard };
}

/** The registry: verified contacts and the unverified slots staff still have to fill. */
export function renderContactList(t: Translate, content: LiveContent): Screen {
  const keyboard = new InlineKeyboard();
  for (const id of content.contactIds()) {
    const doc = content.contactDocs.get(id);
    if (!doc) continue;
    const mark = doc.data.record.status === 'verified' ? '✅' : '⬜';
    keyboard.text(buttonText(`${mark} ${doc.data.texts.ru?.name ?? id}`), staffButton('contact', id)).row();
  }
  keyboard.text(t('staff.button.home'), staffButton('menu'));
  return { html: `<b>${t('staff.contacts.title')}</b>\n${t('staff.contacts.hint')}`, keyboard };
}

/** The text of a contact document for staff. */
export function renderContactBody(t: Translate, data: ContactDocument): string {
  const r = data.record;
  const lines = [
    `${t('staff.contacts.status')}: ${r.status === 'verified' ? t('staff.contacts.verified') : t('staff.contacts.unverified')}`,
    `${t('staff.contacts.phones')}: ${r.phones.length > 0 ? escapeHtml(r.phones.join(', ')) : '—'}`,
    `${t('staff.contacts.address')}: ${r.address ? escapeHtml(r.address) : '—'}`,
  ];
  if (r.knownUnanswered) lines.push(`⚠️ ${t('cards.often-unanswered')}`);
  for (const lang of LANGUAGES) {
    const text = data.texts[lang];
    lines.push(`${LANGUAGE_FLAGS[lang]} ${text ? escapeHtml(text.name) : '—'}${text?.note ? `\n   ${escapeHtml(text.note)}` : ''}`);
  }
  lines.push(
    `<i>${t('cards.source', { source: r.source })}${r.verifiedAt ? ` ${t('cards.checked-on', { date: formatIsoDate(t, r.verifiedAt) })}` : ''}</i>`,
  );
  return lines.join('\n');
}

/** One contact with its actions. */
export function renderStaffContact(t: Translate, doc: Revision<ContactDocument>, viewer?: number): Screen {
  const html = [`<b>${t('staff.contacts.contact-title', { id: doc.id })}</b>`, revisionLine(t, doc, viewer), renderContactBody(t, doc.data)].join('\n');
  const verified = doc.data.record.status === 'verified';
  const keyboard = new InlineKeyboard()
    .text(t('staff.button.edit-contact'), staffButton('contactEdit', doc.id, doc.version))
    .row()
    .text(verified ? t('staff.button.unverify') : t('staff.button.verify'), staffButton('contactToggleVerified', doc.id, doc.version))
    .text(t('staff.button.toggle-unanswered'), staffButton('contactToggleUnanswered', doc.id, doc.version))
    .row()
    .text(t('staff.button.history'), staffButton('history', 'contact', doc.id, 0))
    .text(t('staff.button.back-to-list'), staffButton('contactList'))
    .row()
    .text(t('staff.button.home'), staffButton('menu'));
  return { html, keyboard };
}

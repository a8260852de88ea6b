/**
 * Editing the content of the guided dialogues from Telegram: one language of a card (title, text,
 * steps, source), or a contact of the registry (phones, address, names and notes in three
 * languages, source). Every save sets the checked date to today; a phone staff type must read as
 * one well-formed number, and becomes part of the registry that every card text is checked against.
 */
import type { Card, ContactText } from '../../../content/schema';
import { MAX_CARD_TEXT_LENGTH, MAX_TITLE_LENGTH } from '../../../content/schema';
import {
  cardsWithUnregisteredPhones,
  checkCard,
  checkContact,
  parsePhones,
  type CardDocument,
  type ContactDocument,
} from '../../../services/content-store/content-rules';
import { verifiedPhoneSet } from '../../../content/phone-numbers';
import type { LiveContent } from '../../../services/content-store/live-content';
import { MAX_SOURCE_LENGTH } from '../../../services/faq/faq-schema';
import { LANGUAGES, type Language } from '../../../services/languages';
import type { Translate } from '../../i18n';
import { renderCardHtml, SOS_CARD_ID } from '../../render/card-view';
import { renderCardBody, renderContactBody, renderStaffCard, renderStaffContact } from './faq-content-view';
import { LANGUAGE_FLAGS, renderConflict } from './faq-view';
import { TELEGRAM_MESSAGE_LIMIT, visibleLength } from '../../render/faq-view';
import { describeProblem } from './problems';
import { homeKeyboard, rows, type CommitOutcome, type FormField, type FormFlow } from './form';
import { todayIso, type StaffDraft, type StaffServices } from './services';
import { textField } from './text-field';

const MAX_NAME_LENGTH = 120;
const MAX_NOTE_LENGTH = 300;
const MAX_ADDRESS_LENGTH = 200;

const languageName = (t: Translate, lang: Language) => `${LANGUAGE_FLAGS[lang]} ${t(`faq.language-name.${lang}`)}`;

export { describeProblem } from './problems';

/** The draft that edits one language of a card. */
export function cardEditDraft(doc: { id: string; version: number; data: CardDocument }, lang: Language): StaffDraft {
  const card = doc.data.cards[lang];
  return {
    flow: 'card-edit',
    values: { title: card.title, body: card.body, steps: card.steps?.join('\n') ?? null, source: card.source },
    target: { id: doc.id, lang, baseVersion: doc.version, base: doc.data },
  };
}

/** Editing one language of a card. */
export function cardEditFlow(s: StaffServices, content: LiveContent): FormFlow {
  const lang = (d: StaffDraft) => d.target.lang ?? 'ru';
  const base = (d: StaffDraft) => d.target.base as CardDocument;
  const phones = () => content.verifiedPhones();
  const cardOf = (d: StaffDraft): Card => {
    const steps = d.values.steps?.split('\n').map((line) => line.trim()).filter(Boolean);
    const { steps: _old, ...rest } = base(d).cards[lang(d)];
    return {
      ...rest,
      title: d.values.title ?? rest.title,
      body: d.values.body ?? rest.body,
      ...(steps && steps.length > 0 ? { steps } : {}),
      source: d.values.source ?? rest.source,
      verifiedAt: todayIso(s.clock),
    };
  };
  const render = (d: StaffDraft) => {
    const l = lang(d);
    const card = cardOf(d);
    return renderCardHtml(s.i18n.translatorFor(l), card, content.contacts(l, card.contacts));
  };
  const fields: FormField[] = [
    textField({
      key: 'title',
      keepable: true,
      prompt: (t, d) => t('staff.form.card-title', { language: languageName(t, lang(d)), max: MAX_TITLE_LENGTH }),
      rules: { max: MAX_TITLE_LENGTH, plainOnly: true, verifiedPhones: phones },
    }),
    textField({
      key: 'body',
      keepable: true,
      prompt: (t, d) => t('staff.form.card-body', { language: languageName(t, lang(d)), max: MAX_CARD_TEXT_LENGTH }),
      rules: { max: MAX_CARD_TEXT_LENGTH, tooLongKey: 'staff.problem.message-too-long', plainOnly: true, verifiedPhones: phones },
    }),
    textField({
      key: 'steps',
      keepable: true,
      clearable: () => true,
      // A card without steps (SOS, the staff's hours) may stay without them.
      skippable: (d) => d.values.steps === null,
      prompt: (t, d) => t('staff.form.card-steps', { language: languageName(t, lang(d)) }),
      rules: { max: MAX_CARD_TEXT_LENGTH, tooLongKey: 'staff.problem.message-too-long', plainOnly: true, verifiedPhones: phones },
      normalize: (text) => text.split('\n').map((line) => line.trim().replace(/^\d+[.)]\s*/, '')).filter(Boolean).join('\n'),
    }),
    textField({ key: 'source', keepable: true, prompt: (t) => t('staff.form.source'), rules: { max: MAX_SOURCE_LENGTH } }),
  ];
  return {
    fields,
    preview: (t, d) => `<b>${t('staff.form.preview-as-user', { language: languageName(t, lang(d)) })}</b>\n\n${render(d)}`,
    async commit(d, actor, userLang): Promise<CommitOutcome> {
      const t = s.i18n.translatorFor(userLang);
      const card = cardOf(d);
      const problems = checkCard(card, content.verifiedPhones()).map((p) => describeProblem(t, p));
      // The SOS card is shown in Russian and the user's language together: count it twice.
      const length = visibleLength(render(d)) * (d.target.id === SOS_CARD_ID ? 2 : 1);
      if (length > TELEGRAM_MESSAGE_LIMIT) problems.push(t('staff.problem.message-too-long', { max: TELEGRAM_MESSAGE_LIMIT, length }));
      if (problems.length > 0) return { html: `⚠️ ${problems.join('\n')}`, rows: [], done: false, backToField: 1 };
      const id = d.target.id ?? '';
      const data: CardDocument = { cards: { ...base(d).cards, [lang(d)]: card } };
      const result = await content.cardDocs.update(id, d.target.baseVersion ?? 0, data, actor);
      if (result.ok) {
        const screen = renderStaffCard(t, result.doc, actor);
        return { html: `✅ ${t('staff.saved.updated')}\n\n${screen.html}`, rows: rows(screen.keyboard), done: true };
      }
      if (result.reason === 'missing') return { html: t('staff.gone'), rows: rows(homeKeyboard(t)), done: true };
      const screen = renderConflict(t, 'card', result.conflict, renderCardBody(t, result.conflict.data), actor);
      return { html: screen.html, rows: rows(screen.keyboard), done: true };
    },
  };
}

/** The draft that edits a contact. */
export function contactEditDraft(doc: { id: string; version: number; data: ContactDocument }): StaffDraft {
  const { record, texts } = doc.data;
  const values: Record<string, string | null> = {
    phones: record.phones.length > 0 ? record.phones.join(', ') : null,
    address: record.address ?? null,
    source: record.source,
  };
  for (const lang of LANGUAGES) {
    values[`name-${lang}`] = texts[lang]?.name ?? null;
    values[`note-${lang}`] = texts[lang]?.note ?? null;
  }
  return { flow: 'contact-edit', values, target: { id: doc.id, baseVersion: doc.version, base: doc.data } };
}

/** Editing a contact: phones, address, names and notes, source. */
export function contactEditFlow(s: StaffServices, content: LiveContent): FormFlow {
  const base = (d: StaffDraft) => d.target.base as ContactDocument;
  const docOf = (d: StaffDraft): ContactDocument => {
    const parsed = parsePhones(d.values.phones ?? '');
    const { address: _old, ...record } = base(d).record;
    const texts: ContactDocument['texts'] = {};
    for (const lang of LANGUAGES) {
      const name = d.values[`name-${lang}`];
      const note = d.values[`note-${lang}`];
      if (name) texts[lang] = { name, ...(note ? { note } : {}) } satisfies ContactText;
    }
    return {
      record: {
        ...record,
        phones: 'phones' in parsed ? parsed.phones : [],
        ...(d.values.address ? { address: d.values.address } : {}),
        source: d.values.source ?? record.source,
        verifiedAt: todayIso(s.clock),
      },
      texts,
    };
  };
  const fields: FormField[] = [
    textField({
      key: 'phones',
      keepable: true,
      clearable: () => true,
      prompt: (t) => t('staff.form.phones'),
      rules: { max: 200 },
      parse: (text, _d, t) => {
        const parsed = parsePhones(text);
        return 'problem' in parsed ? { problem: describeProblem(t, parsed.problem) } : { value: parsed.phones.join(', ') || null };
      },
    }),
    textField({
      key: 'address',
      keepable: true,
      clearable: () => true,
      skippable: (d) => d.values.address === null,
      prompt: (t) => t('staff.form.address'),
      rules: { max: MAX_ADDRESS_LENGTH },
    }),
    ...LANGUAGES.map((lang) =>
      textField({
        key: `name-${lang}`,
        keepable: true,
        prompt: (t) => t('staff.form.contact-name', { language: languageName(t, lang), max: MAX_NAME_LENGTH }),
        rules: { max: MAX_NAME_LENGTH, plainOnly: true },
      }),
    ),
    ...LANGUAGES.map((lang) =>
      textField({
        key: `note-${lang}`,
        keepable: true,
        clearable: () => true,
        skippable: (d) => d.values[`note-${lang}`] === null,
        prompt: (t) => t('staff.form.contact-note', { language: languageName(t, lang), max: MAX_NOTE_LENGTH }),
        rules: { max: MAX_NOTE_LENGTH, plainOnly: true },
      }),
    ),
    textField({ key: 'source', keepable: true, prompt: (t) => t('staff.form.source'), rules: { max: MAX_SOURCE_LENGTH } }),
  ];
  return {
    fields,
    preview: (t, d) => `<b>${t('staff.form.preview-contact')}</b>\n\n${renderContactBody(t, docOf(d))}`,
    async commit(d, actor, userLang): Promise<CommitOutcome> {
      const t = s.i18n.translatorFor(userLang);
      const id = d.target.id ?? '';
      const doc = docOf(d);
      const problems = checkContact(doc).map((p) => describeProblem(t, p));
      // A number that leaves the registry must not stay written in a card text.
      const registry = content.contactIds().map((cid) => (cid === id ? doc.record : content.contactDocs.get(cid)?.data.record)).filter((r) => r !== undefined);
      const cards = content.cardIds().map((cid) => content.cardDocs.get(cid)?.data).filter((c) => c !== undefined);
      for (const phone of cardsWithUnregisteredPhones(cards, verifiedPhoneSet(registry))) {
        problems.push(t('staff.problem.phone-still-in-card', { phone }));
      }
      if (problems.length > 0) return { html: `⚠️ ${problems.join('\n')}`, rows: [], done: false, backToField: 0 };
      const result = await content.contactDocs.update(id, d.target.baseVersion ?? 0, doc, actor);
      if (result.ok) {
        const screen = renderStaffContact(t, result.doc, actor);
        return { html: `✅ ${t('staff.saved.contact')}\n\n${screen.html}`, rows: rows(screen.keyboard), done: true };
      }
      if (result.reason === 'missing') return { html: t('staff.gone'), rows: rows(homeKeyboard(t)), done: true };
      const screen = renderConflict(t, 'contact', result.conflict, renderContactBody(t, result.conflict.data), actor);
      return { html: screen.html, rows: rows(screen.keyboard), done: true };
    },
  };
}

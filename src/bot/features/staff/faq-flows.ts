/**
 * The FAQ dialogues of the staff tools: add an entry (category, then question and answer in ru, tg
 * and en, each skippable, then the source), and edit one language of an entry (question, answer,
 * source; the checked date becomes today). Saving is refused when someone saved the entry meanwhile.
 */
import { InlineKeyboard } from 'grammy';
import {
  FAQ_CATEGORIES,
  faqEntrySchema,
  MAX_ANSWER_LENGTH,
  MAX_QUESTION_LENGTH,
  MAX_SOURCE_LENGTH,
  sourcesOf,
  type FaqCategory,
  type FaqEntry,
  type FaqSources,
} from '../../../services/faq/faq-schema';
import { LANGUAGES, type Language } from '../../../services/languages';
import { escapeHtml, type Translate } from '../../i18n';
import { LANGUAGE_FLAGS, renderConflict, renderEntryBody, renderStaffEntry, shortHtml } from './faq-view';
import { renderFaqAnswerHtml, TELEGRAM_MESSAGE_LIMIT, visibleLength } from '../../render/faq-view';
import { homeKeyboard, rows, type CommitOutcome, type FormField, type FormFlow } from './form';
import { todayIso, type StaffDraft, type StaffServices } from './services';
import { textField } from './text-field';

const languageName = (t: Translate, lang: Language) => `${LANGUAGE_FLAGS[lang]} ${t(`faq.language-name.${lang}`)}`;

function questionField(s: StaffServices, key: string, lang: (d: StaffDraft) => Language, extra: Partial<Parameters<typeof textField>[0]>): FormField {
  return textField({
    key,
    prompt: (t, d) => t('staff.form.question', { language: languageName(t, lang(d)), max: MAX_QUESTION_LENGTH }),
    rules: { max: MAX_QUESTION_LENGTH, tooLongKey: 'staff.problem.button-too-long', verifiedPhones: () => s.verifiedPhones() },
    ...extra,
  });
}

function answerField(s: StaffServices, key: string, lang: (d: StaffDraft) => Language, extra: Partial<Parameters<typeof textField>[0]>): FormField {
  return textField({
    key,
    prompt: (t, d) => t('staff.form.answer', { language: languageName(t, lang(d)), max: MAX_ANSWER_LENGTH }),
    rules: { max: MAX_ANSWER_LENGTH, tooLongKey: 'staff.problem.message-too-long', verifiedPhones: () => s.verifiedPhones() },
    ...extra,
  });
}

/** The source for one language's readers (law names and notes differ by language). */
function sourceField(key: string, lang: (d: StaffDraft) => Language, extra: Partial<Parameters<typeof textField>[0]>): FormField {
  return textField({
    key,
    prompt: (t, d) => t('staff.form.source-in', { language: languageName(t, lang(d)) }),
    rules: { max: MAX_SOURCE_LENGTH },
    ...extra,
  });
}

/** Problems that only show on the finished entry: each language's answer message must fit Telegram. */
function entryProblem(s: StaffServices, t: Translate, entry: FaqEntry, id: string): string | undefined {
  if (!faqEntrySchema.safeParse(entry).success) return t('staff.problem.need-language');
  for (const lang of LANGUAGES) {
    const html = renderFaqAnswerHtml(s.i18n.translatorFor(lang), lang, { by: null, at: '', id, version: 1, action: 'update', deleted: false, changes: [], data: entry });
    if (visibleLength(html) > TELEGRAM_MESSAGE_LIMIT) return t('staff.problem.message-too-long', { max: TELEGRAM_MESSAGE_LIMIT, length: visibleLength(html) });
  }
  return undefined;
}

const withoutLanguage = (texts: FaqEntry['texts'], lang: Language): FaqEntry['texts'] =>
  Object.fromEntries(Object.entries(texts).filter(([l]) => l !== lang));

/** Adding an entry. */
export function faqAddFlow(s: StaffServices): FormFlow {
  const textsOf = (d: StaffDraft): FaqEntry['texts'] =>
    Object.fromEntries(
      LANGUAGES.flatMap((l) => {
        const question = d.values[`q-${l}`];
        const answer = d.values[`a-${l}`];
        return question && answer ? [[l, { question, answer }]] : [];
      }),
    );
  const category: FormField = {
    key: 'category',
    acceptsText: false,
    prompt: (t) => t('staff.form.category'),
    buttons: (t) => FAQ_CATEGORIES.map((c) => ({ label: t(`faq.category.${c}`), choice: c })),
    accept: (answer) => (answer.kind === 'choice' && (FAQ_CATEGORIES as readonly string[]).includes(answer.choice) ? { value: answer.choice } : undefined),
  };
  const fields: FormField[] = [category];
  for (const lang of LANGUAGES) {
    // Keepable: started from "What people ask", the question is already filled in.
    fields.push(questionField(s, `q-${lang}`, () => lang, { skippable: true, keepable: true }));
    fields.push(answerField(s, `a-${lang}`, () => lang, { when: (d) => Boolean(d.values[`q-${lang}`]) }));
    fields.push(sourceField(`s-${lang}`, () => lang, { when: (d) => Boolean(d.values[`q-${lang}`]) }));
  }
  const sourcesOfDraft = (d: StaffDraft): FaqSources =>
    Object.fromEntries(LANGUAGES.flatMap((l) => (d.values[`q-${l}`] && d.values[`s-${l}`] ? [[l, d.values[`s-${l}`]]] : [])));
  const entryOf = (d: StaffDraft): FaqEntry => {
    const cat = d.values.category as FaqCategory;
    return { category: cat, position: s.faq.nextPosition(cat), hidden: false, texts: textsOf(d), source: sourcesOfDraft(d), verifiedAt: todayIso(s.clock) };
  };
  return {
    fields,
    preview: (t, d) => `<b>${t('staff.form.preview-new')}</b>\n${t(`faq.category.${d.values.category}`)}\n\n${renderEntryBody(t, entryOf(d), 500)}`,
    async commit(d, actor, lang) {
      const t = s.i18n.translatorFor(lang);
      const entry = entryOf(d);
      if (Object.keys(entry.texts).length === 0) return { html: t('staff.problem.need-language'), rows: [], done: false, backToField: 1 };
      const id = s.faq.newId();
      const problem = entryProblem(s, t, entry, id);
      if (problem) return { html: `⚠️ ${problem}`, rows: [], done: false, backToField: 1 };
      const result = await s.faq.create(id, entry, actor);
      if (!result.ok) return { html: t('errors.generic'), rows: rows(homeKeyboard(t)), done: true };
      const screen = renderStaffEntry(t, s.faq, result.doc, actor);
      return { html: `✅ ${t('staff.saved.created')}\n\n${screen.html}`, rows: rows(screen.keyboard), done: true };
    },
  };
}

/** The draft that edits one language of an entry, starting from its current version. */
export function faqEditDraft(doc: { id: string; version: number; data: FaqEntry }, lang: Language): StaffDraft {
  const text = doc.data.texts[lang];
  return {
    flow: 'faq-edit',
    values: { question: text?.question ?? null, answer: text?.answer ?? null, source: sourcesOf(doc.data)[lang] ?? null },
    target: { id: doc.id, lang, baseVersion: doc.version, base: doc.data },
  };
}

/** Editing one language of an entry. */
export function faqEditFlow(s: StaffServices): FormFlow {
  const lang = (d: StaffDraft) => d.target.lang ?? 'ru';
  const base = (d: StaffDraft) => d.target.base as FaqEntry;
  const otherLanguages = (d: StaffDraft) => LANGUAGES.some((l) => l !== lang(d) && base(d).texts[l] !== undefined);
  const entryOf = (d: StaffDraft): FaqEntry => {
    const { question, answer } = d.values;
    const texts = withoutLanguage(base(d).texts, lang(d));
    // Saving moves an entry of the first shape (one source string) to sources per language.
    const sources = { ...sourcesOf(base(d)) };
    if (d.values.source) sources[lang(d)] = d.values.source;
    return {
      ...base(d),
      texts: question && answer ? { ...texts, [lang(d)]: { question, answer } } : texts,
      source: sources,
      verifiedAt: todayIso(s.clock),
    };
  };
  return {
    fields: [
      questionField(s, 'question', lang, { keepable: true, clearable: otherLanguages }),
      answerField(s, 'answer', lang, { keepable: true, when: (d) => d.values.question !== null }),
      sourceField('source', lang, { keepable: true, when: (d) => d.values.question !== null }),
    ],
    preview: (t, d) => {
      const l = lang(d);
      const entry = entryOf(d);
      const asUser = entry.texts[l]
        ? renderFaqAnswerHtml(s.i18n.translatorFor(l), l, { by: null, at: '', id: d.target.id ?? '', version: 0, action: 'update', deleted: false, changes: [], data: entry })
        : `<i>${t('staff.form.language-removed', { language: languageName(t, l) })}</i>`;
      return `<b>${t('staff.form.preview-as-user', { language: languageName(t, l) })}</b>\n\n${asUser}`;
    },
    async commit(d, actor, userLang): Promise<CommitOutcome> {
      const t = s.i18n.translatorFor(userLang);
      const id = d.target.id ?? '';
      const entry = entryOf(d);
      const problem = entryProblem(s, t, entry, id);
      if (problem) return { html: `⚠️ ${problem}`, rows: [], done: false, backToField: 0 };
      const result = await s.faq.update(id, d.target.baseVersion ?? 0, entry, actor);
      if (result.ok) {
        const screen = renderStaffEntry(t, s.faq, result.doc, actor);
        return { html: `✅ ${t('staff.saved.updated')}\n\n${screen.html}`, rows: rows(screen.keyboard), done: true };
      }
      if (result.reason === 'missing') return { html: t('staff.gone'), rows: rows(homeKeyboard(t)), done: true };
      // Someone saved in between: show the newer text and what this editor typed, save nothing.
      const l = lang(d);
      const newer = result.conflict.data.texts[l];
      const theirs = newer
        ? `<b>${t('staff.conflict.newer', { language: languageName(t, l) })}</b>\n<b>${escapeHtml(newer.question)}</b>\n${shortHtml(newer.answer, 1400)}`
        : `<b>${t('staff.conflict.newer', { language: languageName(t, l) })}</b> —`;
      const mine = `<b>${t('staff.conflict.yours')}</b>\n<b>${escapeHtml(d.values.question ?? '—')}</b>\n${shortHtml(d.values.answer ?? '—', 1400)}`;
      const screen = renderConflict(t, 'faq', result.conflict, `${theirs}\n\n${mine}`, actor);
      const keyboard = InlineKeyboard.from(screen.keyboard.inline_keyboard);
      return { html: screen.html, rows: rows(keyboard), done: true };
    },
  };
}

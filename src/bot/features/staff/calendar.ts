/**
 * Staff keep the working-day calendar current from Telegram: each year's government decree on
 * moving days off (its moves, extra days off, source) and the yearly patent deflator. Both live in
 * the versioned store like the cards, so every instance's calculator uses a saved decree at once,
 * and the history can roll one back (a year without a decree is then provisional again).
 */
import { InlineKeyboard } from 'grammy';
import { z } from 'zod';
import {
  calendarDecreeSchema,
  calendarProblems,
  decreesDocumentSchema,
  deflatorsDocumentSchema,
  LAST_CALENDAR_YEAR,
  patentDeflatorSchema,
  withYear,
  type DecreesDocument,
  type DeflatorsDocument,
} from '../../../services/content-store/calendar-rules';
import type { ContentProblem } from '../../../services/content-store/content-rules';
import { CALENDAR_DOC_ID, type LiveCalendar } from '../../../services/content-store/live-calendar';
import type { LiveCollection } from '../../../services/content-store/live-collection';
import { createWorkCalendar, decreeProblems, FIRST_CALENDAR_YEAR, fromIso, isoString, localDate, type CalendarDecree, type PatentDeflator } from '../../../services/deadlines';
import { MAX_SOURCE_LENGTH } from '../../../services/faq/faq-schema';
import type { Revision, SaveResult } from '../../../storage/versioned-store';
import type { BotContext } from '../../context';
import type { Translate } from '../../i18n';
import { escapeHtml } from '../../i18n';
import {
  calendarDocBody,
  movesLine,
  renderCalendarHistory,
  renderCalendarRevision,
  renderCalendarScreen,
  shortDate,
  type CalendarDocKind,
} from './calendar-view';
import { staffButton, type StaffButton } from './buttons';
import { revisionLine } from './faq-view';
import type { Screen } from '../../render/faq-view';
import { acknowledge, showScreen } from '../../respond';
import { staffArg, withArgs, type StaffHandler } from './actions';
import { homeKeyboard, rows, startFlow, type CommitOutcome, type FormField, type FormFlow } from './form';
import { todayIso, type StaffDraft, type StaffServices } from './services';
import { textField } from './text-field';

/** A calendar problem as staff read it. */
export function describeCalendarProblem(t: Translate, problem: ContentProblem): string {
  const values: Record<string, string | number> = { first: FIRST_CALENDAR_YEAR, last: LAST_CALENDAR_YEAR, ...problem.values };
  if (typeof values.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(values.date)) values.date = shortDate(values.date);
  return t(`staff.calendar.problem.${problem.key}`, values);
}

const thisYear = (s: StaffServices) => Number(todayIso(s.clock).slice(0, 4));

/** A day as staff type it (`DD.MM`, `DD.MM.YYYY` or `YYYY-MM-DD`), as `YYYY-MM-DD`; undefined if no such day. */
export function parseStaffDay(text: string, year: number): string | undefined {
  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const dotMatch = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?$/.exec(text);
  const parts = isoMatch
    ? [Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3])]
    : dotMatch
      ? [dotMatch[3] ? Number(dotMatch[3]) : year, Number(dotMatch[2]), Number(dotMatch[1])]
      : undefined;
  if (!parts) return undefined;
  try {
    const date = localDate(parts[0]!, parts[1]!, parts[2]!);
    return fromIso(isoString(date)) ? isoString(date) : undefined;
  } catch {
    return undefined;
  }
}

const DAY_TOKEN = /\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}(?:\.\d{4})?/g;

/** Moves typed one per line (`02.01 → 11.01`), or the first line that is not a move. */
export function parseMoves(text: string, year: number): { moves: CalendarDecree['moves'] } | { badLine: string } {
  const moves: Array<{ from: string; to: string }> = [];
  for (const line of text.split(/[\n;]/).map((l) => l.trim()).filter(Boolean)) {
    const days = (line.match(DAY_TOKEN) ?? []).map((token) => parseStaffDay(token, year));
    if (days.length !== 2 || days.some((d) => d === undefined)) return { badLine: line };
    moves.push({ from: days[0]!, to: days[1]! });
  }
  return { moves };
}

/** Days typed separated by commas or lines, or the first that is not a day. */
export function parseDays(text: string, year: number): { days: string[] } | { badLine: string } {
  const days: string[] = [];
  for (const token of text.split(/[\n,;\s]+/).map((x) => x.trim()).filter(Boolean)) {
    const day = parseStaffDay(token, year);
    if (!day) return { badLine: token };
    days.push(day);
  }
  return { days };
}

function yearField(key: string, promptKey: string, s: StaffServices): FormField {
  return {
    ...textField({ key, prompt: (t) => t(promptKey, { example: thisYear(s) + 1 }), rules: { max: 10 } }),
    when: (d) => d.target.id === undefined,
    accept: (answer, _d, t) => {
      if (answer.kind !== 'text') return undefined;
      const text = answer.text.trim();
      const year = Number(text);
      if (!/^\d{4}$/.test(text) || year < FIRST_CALENDAR_YEAR || year > LAST_CALENDAR_YEAR) {
        return { problem: t('staff.calendar.problem.year-range', { first: FIRST_CALENDAR_YEAR, last: LAST_CALENDAR_YEAR }) };
      }
      return { value: text };
    },
  };
}

const draftYear = (d: StaffDraft) => Number(d.values.year ?? d.target.id);

function decreeOf(d: StaffDraft, verifiedAt: string): CalendarDecree {
  const year = draftYear(d);
  const moves = d.values.moves ? parseMoves(d.values.moves, year) : { moves: [] };
  const extra = d.values.extra ? parseDays(d.values.extra, year) : { days: [] };
  return {
    year,
    moves: 'moves' in moves ? moves.moves : [],
    extraDaysOff: 'days' in extra ? extra.days : [],
    source: d.values.source ?? '',
    verifiedAt,
  };
}

// The law's checks of what is typed so far, shown at once rather than after the last field.
function lawProblems(t: Translate, decree: CalendarDecree): string | undefined {
  const problems = decreeProblems({ ...decree, source: decree.source || '-' });
  return problems.length > 0 ? problems.map((p) => describeCalendarProblem(t, { key: p.code, values: { date: p.date ?? '' } })).join('\n') : undefined;
}

/** The draft that adds a decree (`year` undefined) or replaces one. */
export function decreeDraft(calendar: LiveCalendar, year: number | undefined): StaffDraft | undefined {
  const doc = calendar.decreeDocs.get(CALENDAR_DOC_ID);
  if (!doc) return undefined;
  const decree = year === undefined ? undefined : doc.data.decrees.find((d) => d.year === year);
  if (year !== undefined && !decree) return undefined;
  return {
    flow: 'decree-edit',
    values: decree
      ? {
          moves: decree.moves.map((m) => `${shortDate(m.from)} → ${shortDate(m.to)}`).join('\n') || null,
          extra: decree.extraDaysOff.map(shortDate).join(', ') || null,
          source: decree.source,
        }
      : {},
    target: { ...(year === undefined ? {} : { id: String(year) }), baseVersion: doc.version },
  };
}

/** Adding or replacing the decree of a year. */
export function decreeEditFlow(s: StaffServices, calendar: LiveCalendar): FormFlow {
  const fields: FormField[] = [
    yearField('year', 'staff.calendar.form.year-decree', s),
    textField({
      key: 'moves',
      keepable: true,
      skippable: true,
      clearable: () => true,
      prompt: (t, d) => t('staff.calendar.form.moves', { year: draftYear(d) }),
      rules: { max: 1000 },
      parse: (text, d, t) => {
        const parsed = parseMoves(text, draftYear(d));
        if ('badLine' in parsed) return { problem: t('staff.calendar.problem.bad-move', { line: escapeHtml(parsed.badLine) }) };
        const problem = lawProblems(t, { ...decreeOf(d, todayIso(s.clock)), moves: parsed.moves, extraDaysOff: [] });
        if (problem) return { problem };
        return { value: parsed.moves.map((m) => `${shortDate(m.from)} → ${shortDate(m.to)}`).join('\n') || null };
      },
    }),
    textField({
      key: 'extra',
      keepable: true,
      skippable: true,
      clearable: () => true,
      prompt: (t, d) => t('staff.calendar.form.extra', { year: draftYear(d) }),
      rules: { max: 500 },
      parse: (text, d, t) => {
        const parsed = parseDays(text, draftYear(d));
        if ('badLine' in parsed) return { problem: t('staff.calendar.problem.bad-date', { text: escapeHtml(parsed.badLine) }) };
        const problem = lawProblems(t, { ...decreeOf(d, todayIso(s.clock)), extraDaysOff: parsed.days });
        if (problem) return { problem };
        return { value: parsed.days.map(shortDate).join(', ') || null };
      },
    }),
    textField({ key: 'source', keepable: true, prompt: (t) => t('staff.calendar.form.decree-source'), rules: { max: MAX_SOURCE_LENGTH } }),
  ];
  return {
    fields,
    preview: (t, d) => {
      const decree = decreeOf(d, todayIso(s.clock));
      const withIt = createWorkCalendar((year) => (year === decree.year ? decree : undefined));
      const replaces = calendar.decrees().some((x) => x.year === decree.year);
      return [
        `<b>${t('staff.calendar.preview-decree', { year: decree.year })}</b>`,
        ...(replaces ? [t('staff.calendar.preview-replaces', { year: decree.year })] : []),
        escapeHtml(movesLine(t, decree)),
        t('staff.calendar.preview-days-off', { year: decree.year, days: withIt.weekdaysOff(decree.year).map(shortDate).join(', ') }),
        `${t('staff.calendar.source')} ${escapeHtml(decree.source)}`,
      ].join('\n\n');
    },
    async commit(d, actor, userLang): Promise<CommitOutcome> {
      const t = s.i18n.translatorFor(userLang);
      const decree = decreeOf(d, todayIso(s.clock));
      const current = calendar.decreeDocs.get(CALENDAR_DOC_ID);
      const data: DecreesDocument = { decrees: withYear(current?.data.decrees ?? [], decree) };
      const problems = [...calendarProblems(calendarDecreeSchema, decree), ...calendarProblems(decreesDocumentSchema, data)];
      if (problems.length > 0) {
        const unique = [...new Set(problems.map((p) => describeCalendarProblem(t, p)))];
        return { html: `⚠️ ${unique.join('\n')}`, rows: [], done: false, backToField: 1 };
      }
      const result = await calendar.decreeDocs.update(CALENDAR_DOC_ID, d.target.baseVersion ?? 0, data, actor);
      return outcome(t, s, calendar, 'd', result, t('staff.calendar.saved-decree', { year: decree.year }), actor);
    },
  };
}

/** The draft that adds a deflator (`year` undefined) or replaces one. */
export function deflatorDraft(calendar: LiveCalendar, year: number | undefined): StaffDraft | undefined {
  const doc = calendar.deflatorDocs.get(CALENDAR_DOC_ID);
  if (!doc) return undefined;
  const deflator = year === undefined ? undefined : doc.data.deflators.find((d) => d.year === year);
  if (year !== undefined && !deflator) return undefined;
  return {
    flow: 'deflator-edit',
    values: deflator ? { value: String(deflator.value), source: deflator.source } : {},
    target: { ...(year === undefined ? {} : { id: String(year) }), baseVersion: doc.version },
  };
}

/** Adding or replacing the patent deflator of a year. */
export function deflatorEditFlow(s: StaffServices, calendar: LiveCalendar): FormFlow {
  const deflatorOf = (d: StaffDraft): PatentDeflator => ({
    year: draftYear(d),
    value: Number(d.values.value),
    source: d.values.source ?? '',
    verifiedAt: todayIso(s.clock),
  });
  const fields: FormField[] = [
    yearField('year', 'staff.calendar.form.year-deflator', s),
    textField({
      key: 'value',
      keepable: true,
      prompt: (t, d) => t('staff.calendar.form.value', { year: draftYear(d) }),
      rules: { max: 20 },
      parse: (typed, _d, t) => {
        const text = typed.replace(',', '.');
        const value = Number(text);
        if (!/^\d{1,2}(\.\d{1,4})?$/.test(text) || !(value > 0)) return { problem: t('staff.calendar.problem.bad-value', { text: escapeHtml(typed) }) };
        return { value: String(value) };
      },
    }),
    textField({ key: 'source', keepable: true, prompt: (t) => t('staff.calendar.form.deflator-source'), rules: { max: MAX_SOURCE_LENGTH } }),
  ];
  return {
    fields,
    preview: (t, d) => {
      const deflator = deflatorOf(d);
      return [
        `<b>${t('staff.calendar.preview-deflator', { year: deflator.year })}</b>`,
        `${deflator.value}`,
        `${t('staff.calendar.source')} ${escapeHtml(deflator.source)}`,
      ].join('\n\n');
    },
    async commit(d, actor, userLang): Promise<CommitOutcome> {
      const t = s.i18n.translatorFor(userLang);
      const deflator = deflatorOf(d);
      const current = calendar.deflatorDocs.get(CALENDAR_DOC_ID);
      const data: DeflatorsDocument = { deflators: withYear(current?.data.deflators ?? [], deflator) };
      const problems = [...calendarProblems(patentDeflatorSchema, deflator), ...calendarProblems(deflatorsDocumentSchema, data)];
      if (problems.length > 0) {
        const unique = [...new Set(problems.map((p) => describeCalendarProblem(t, p)))];
        return { html: `⚠️ ${unique.join('\n')}`, rows: [], done: false, backToField: 1 };
      }
      const result = await calendar.deflatorDocs.update(CALENDAR_DOC_ID, d.target.baseVersion ?? 0, data, actor);
      return outcome(t, s, calendar, 'f', result, t('staff.calendar.saved-deflator', { year: deflator.year }), actor);
    },
  };
}

function outcome(t: Translate, s: StaffServices, calendar: LiveCalendar, kind: CalendarDocKind, result: SaveResult<unknown>, done: string, actor: number): CommitOutcome {
  if (result.ok) {
    const screen = renderCalendarScreen(t, calendar, thisYear(s));
    return { html: `✅ ${done}\n\n${screen.html}`, rows: rows(screen.keyboard), done: true };
  }
  if (result.reason === 'missing') return { html: t('staff.gone'), rows: rows(homeKeyboard(t)), done: true };
  const screen = conflictScreen(t, s, kind, result.conflict, actor);
  return { html: screen.html, rows: rows(screen.keyboard), done: true };
}

/** After a refused save: what changed meanwhile, and the way back to the calendar screen. */
function conflictScreen(t: Translate, s: StaffServices, kind: CalendarDocKind, current: Revision<unknown>, viewer?: number): Screen {
  const html = [
    `⚠️ <b>${t('staff.conflict.title')}</b>`,
    t('staff.conflict.text', { line: revisionLine(t, current, viewer) }),
    calendarDocBody(t, kind, current.data, thisYear(s)),
  ].join('\n\n');
  return { html, keyboard: new InlineKeyboard().text(t('staff.button.open-current'), staffButton('calendar')) };
}

/** Which calendar document a button is about: decrees (`d`) or deflators (`f`). */
const kindArg = z.enum(['d', 'f']);
/** The year a decree or deflator button edits, or `new` for a year not in the calendar yet. */
const yearArg = z.union([z.literal('new').transform(() => undefined), z.string().regex(/^\d{4}$/).transform(Number)]);
const collectionOf = (calendar: LiveCalendar, kind: CalendarDocKind): LiveCollection<unknown> =>
  (kind === 'd' ? calendar.decreeDocs : calendar.deflatorDocs) as LiveCollection<unknown>;

const show = (ctx: BotContext, screen: Screen, prefix?: string) => showScreen(ctx, prefix ? `${prefix}\n\n${screen.html}` : screen.html, screen.keyboard);

function editHandler(makeDraft: (calendar: LiveCalendar, year: number | undefined) => StaffDraft | undefined, kind: CalendarDocKind): StaffHandler {
  return withArgs([yearArg, staffArg.version], async (ctx, s, [year, version]) => {
    const calendar = s.content?.calendar;
    if (!calendar) return false;
    const current = collectionOf(calendar, kind).get(CALENDAR_DOC_ID);
    // A button drawn before someone else saved: show what is there now instead of editing the old state.
    if (!current || current.version !== version) {
      await acknowledge(ctx, ctx.t('staff.conflict.title'));
      return show(ctx, renderCalendarScreen(ctx.t, calendar, thisYear(s)));
    }
    const draft = makeDraft(calendar, year);
    if (!draft) return false;
    await acknowledge(ctx);
    await startFlow(ctx, s, draft);
  });
}

/** Button handlers of the calendar screens, by button (codes on the wire: buttons.ts). */
export const CALENDAR_HANDLERS: Readonly<Partial<Record<StaffButton, StaffHandler>>> = {
  calendar: async (ctx, s) => {
    if (!s.content) return false;
    await acknowledge(ctx);
    return show(ctx, renderCalendarScreen(ctx.t, s.content.calendar, thisYear(s)));
  },

  decreeEdit: editHandler(decreeDraft, 'd'),
  deflatorEdit: editHandler(deflatorDraft, 'f'),

  calendarHistory: withArgs([kindArg], async (ctx, s, [kind]) => {
    const store = s.content ? collectionOf(s.content.calendar, kind).store : undefined;
    if (!store) return false;
    await acknowledge(ctx);
    return show(ctx, renderCalendarHistory(ctx.t, kind, await store.history(CALENDAR_DOC_ID), ctx.from?.id));
  }),

  calendarRevision: withArgs([kindArg, staffArg.version, staffArg.version], async (ctx, s, [kind, version, current]) => {
    const store = s.content ? collectionOf(s.content.calendar, kind).store : undefined;
    const rev = store ? await store.revision(CALENDAR_DOC_ID, version) : undefined;
    if (!rev) return false;
    await acknowledge(ctx);
    return show(ctx, renderCalendarRevision(ctx.t, kind, rev, current, thisYear(s), ctx.from?.id));
  }),

  calendarRollback: withArgs([kindArg, staffArg.version, staffArg.version], async (ctx, s, [kind, version, current]) => {
    if (!s.content) return false;
    const calendar = s.content.calendar;
    const result = await collectionOf(calendar, kind).rollback(CALENDAR_DOC_ID, version, current, ctx.from!.id);
    if (result.ok) {
      await acknowledge(ctx, ctx.t('staff.saved.rolled-back'));
      return show(ctx, renderCalendarScreen(ctx.t, calendar, thisYear(s)), `✅ ${ctx.t('staff.saved.rolled-back')}`);
    }
    await acknowledge(ctx, ctx.t('staff.conflict.title'));
    if (result.reason === 'missing') return show(ctx, { html: ctx.t('staff.gone'), keyboard: homeKeyboard(ctx.t) });
    return show(ctx, conflictScreen(ctx.t, s, kind, result.conflict, ctx.from?.id));
  }),
};

import { InlineKeyboard } from 'grammy';
import { MOSCOW_TIME_ZONE } from '../../services/moscow-time';
import {
  addDays,
  compareDates,
  computeDeadlines,
  daysInMonth,
  EARLIEST_ENTRY_DATE,
  entryDateProblem,
  maxDaysSpentBeforeEntry,
  parseUserDate,
  todayIn,
  yearlyStayRuleApplies,
  type Citizenship,
  type DeadlineInput,
  type LocalDate,
  type PatentState,
  type VisitPurpose,
  type WorkCalendar,
} from '../../services/deadlines';
import { foldText } from '../../services/faq/text-folding';
import { planDeadlines } from '../../services/reminders';
import { LANGUAGES } from '../../services/languages';
import type { DialogueContext } from '../context';
import type { I18n } from '../i18n';
import { encodeCallback } from '../keyboards/callback-data';
import { withRemindMe } from '../keyboards/reminder-offer';
import { withNavigation } from '../render/card-view';
import { withWriteToPerson } from '../render/handoff-view';
import { formatDate } from '../render/dates';
import { renderDeadlinesHtml } from '../render/deadlines-view';
import { showScreen } from '../respond';
import type { PictureSender } from '../screens/pictures';
import { awaitAnswer, type Dialogue } from './dialogue-step';

/** Id of the documents-and-deadlines calculator dialogue. */
export const DEADLINES_CALCULATOR = 'deadlines';

type Step = 'citizenship' | 'entry-date' | 'entry-month' | 'entry-day' | 'purpose' | 'patent' | 'paid-until' | 'days-spent' | 'result';

/** What the user has answered so far. */
interface Answers {
  citizenship?: Citizenship;
  entryDate?: LocalDate;
  pickedMonth?: { year: number; month: number };
  purpose?: VisitPurpose;
  patent?: PatentState;
  daysSpent?: number;
}

/** The outcome of one answer: the next step, or the locale key saying why it was not taken. */
type Outcome = { next: Step } | { problem: string };

/** Russia's dates are what count for Russian deadlines, wherever the phone's clock is set. */
const LEGAL_TIME_ZONE = MOSCOW_TIME_ZONE;

/** How far ahead a patent can plausibly be paid: a later date is a typo. */
const PAID_UNTIL_MAX_DAYS_AHEAD = 731;

/** Problems whose text sends the person to the bot's staff: their screen carries the button. */
const PROBLEMS_FOR_STAFF = new Set(['deadlines.error.date-before-rules', 'deadlines.error.paid-until-before-entry']);

/** Typed words meaning "today" (0) or "yesterday" (-1), folded, in every language the bot speaks. */
type RelativeDays = ReadonlyMap<string, 0 | -1>;

/**
 * The words on the Today / Yesterday buttons, in all three languages whatever the person chose
 * (people switch keyboards), folded so «имруз» typed on a Russian keyboard counts as «имрӯз».
 */
function relativeDayWords(i18n: I18n): RelativeDays {
  const words = new Map<string, 0 | -1>();
  for (const language of LANGUAGES) {
    const t = i18n.translatorFor(language);
    words.set(foldText(t('deadlines.answer.today')), 0);
    words.set(foldText(t('deadlines.answer.yesterday')), -1);
  }
  return words;
}

/** The day a typed "today" / "yesterday" names, or undefined for any other text. */
function relativeDay(text: string, words: RelativeDays, today: LocalDate): LocalDate | undefined {
  const offset = words.get(foldText(text).replace(/[\s.!]+$/u, '').trim());
  return offset === undefined ? undefined : addDays(today, offset);
}

const choice = (value: string) => encodeCallback({ kind: 'dialogue-choice', choice: value });

/**
 * "My documents and deadlines": one question at a time, buttons where possible, typed dates in
 * common formats; impossible answers are asked again with an example. Ends with a dated list,
 * its working days counted by `calendar` (the services', following the decrees staff edit), and
 * the same deadlines as a timeline picture below it (with `pictures`).
 */
export function deadlinesCalculator(i18n: I18n, clock: () => number, calendar: WorkCalendar, pictures?: PictureSender) {
  const words = relativeDayWords(i18n);
  return async function deadlinesDialogue(conversation: Dialogue, firstCtx: DialogueContext): Promise<void> {
    const today = todayIn(LEGAL_TIME_ZONE, new Date(await conversation.external(() => clock())));
    const answers: Answers = {};
    const visited: Step[] = [];
    let step: Step = 'citizenship';
    let problem: string | undefined; // a locale key explaining why the last answer was not taken

    const render = async (ctx: DialogueContext) => {
      const offerPerson = problem !== undefined && PROBLEMS_FOR_STAFF.has(problem);
      const { text, keyboard } = screenFor(ctx, step, today, answers, visited.length > 0, offerPerson, calendar);
      const warning = problem ? `⚠️ ${ctx.t(problem, problemVariables(ctx, today, answers))}\n\n` : '';
      // Through the outside context, as the cards do: the replay log keeps "sent", not Telegram's echo of each screen.
      await conversation.external((outer) => showScreen(outer, warning + text, keyboard));
    };
    const goTo = (next: Step) => {
      visited.push(step);
      step = next;
      problem = undefined;
    };

    await render(firstCtx);
    for (;;) {
      const answer = await awaitAnswer(conversation, i18n, render, {
        acceptsText: step === 'entry-date' || step === 'paid-until' || step === 'days-spent',
      });
      const before = step;
      if (answer.kind === 'choice' && answer.choice === 'back') {
        step = visited.pop() ?? step;
        problem = undefined;
      } else if (answer.kind === 'choice' && answer.choice === 'restart') {
        visited.length = 0;
        step = 'citizenship';
        problem = undefined;
      } else {
        const value = answer.kind === 'choice' ? answer.choice : answer.text;
        const outcome = accept(step, value, answer.kind, today, answers, words);
        if ('next' in outcome) goTo(outcome.next);
        else problem = outcome.problem;
      }
      await render(answer.ctx);
      // The picture follows the text once, when the result is reached (not when it is shown again).
      if (pictures && step === 'result' && before !== 'result') {
        const items = resultItems(answers, today, calendar);
        const entryDate = answers.entryDate!;
        await conversation.external((outer) => pictures.sendDeadlines(outer, items, entryDate, today));
      }
    }
  };
}

/** What the calculator counts from: the answers, all given once the result is reached. */
function deadlineInput(answers: Answers): DeadlineInput {
  return {
    citizenship: answers.citizenship!,
    entryDate: answers.entryDate!,
    purpose: answers.purpose!,
    patent: answers.patent ?? { issued: false },
    daysSpentThisYearBeforeEntry: answers.daysSpent ?? 0,
  };
}

/** The deadlines of the answers (the result's text, its picture and its reminders all come from here). */
function resultItems(answers: Answers, today: LocalDate, calendar: WorkCalendar) {
  return computeDeadlines(deadlineInput(answers), today, calendar);
}

const USE_BUTTONS: Outcome = { problem: 'deadlines.error.use-buttons' };

/** The values a problem text may name: a typing example, the earliest entry counted, the entry date. */
function problemVariables(ctx: DialogueContext, today: LocalDate, answers: Answers): Record<string, string> {
  return {
    example: formatExample(today),
    earliest: formatDate(ctx.t, EARLIEST_ENTRY_DATE),
    entry: answers.entryDate ? formatDate(ctx.t, answers.entryDate) : '',
    no: ctx.t('deadlines.answer.no'),
    person: ctx.t('handoff.menu-label'),
  };
}

/** Takes an entry date the person gave, or says why the calculator cannot count from it. */
function acceptEntryDate(date: LocalDate, a: Answers): Outcome {
  if (entryDateProblem(date)) return { problem: 'deadlines.error.date-before-rules' };
  a.entryDate = date;
  return { next: 'purpose' };
}

/** After the patent questions: the days already spent matter only under the per-calendar-year rule (from 2025). */
function afterPatent(a: Answers): Outcome {
  if (a.entryDate && yearlyStayRuleApplies(a.entryDate)) return { next: 'days-spent' };
  a.daysSpent = 0;
  return { next: 'result' };
}

/** Takes an answer for `step` into `a`; says where to go next, or why the answer was not taken. */
function accept(step: Step, value: string, kind: 'choice' | 'text', today: LocalDate, a: Answers, words: RelativeDays): Outcome {
  switch (step) {
    case 'citizenship': {
      // 'tj' and 'other' are also what older dialogue state replays.
      const citizenship: Citizenship | undefined = ({ tj: 'TJ', uz: 'UZ', other: 'OTHER_VISA_FREE' } as const)[value as 'tj' | 'uz' | 'other'];
      if (!citizenship) return USE_BUTTONS;
      a.citizenship = citizenship;
      return { next: 'entry-date' };
    }
    case 'entry-date': {
      if (kind === 'choice') {
        if (value === 'today') return acceptEntryDate(today, a);
        if (value === 'yesterday') return acceptEntryDate(addDays(today, -1), a);
        return value === 'pick' ? { next: 'entry-month' } : USE_BUTTONS;
      }
      const typedDay = relativeDay(value, words, today);
      if (typedDay) return acceptEntryDate(typedDay, a);
      const parsed = parseUserDate(value, today);
      if (!parsed.ok) return { problem: `deadlines.error.date-${parsed.reason}` };
      return acceptEntryDate(parsed.date, a);
    }
    case 'entry-month': {
      const match = /^m-(\d{4})-(\d{1,2})$/.exec(value);
      if (!match) return USE_BUTTONS;
      a.pickedMonth = { year: Number(match[1]), month: Number(match[2]) };
      return { next: 'entry-day' };
    }
    case 'entry-day': {
      const match = /^d-(\d{1,2})$/.exec(value);
      if (!match || !a.pickedMonth) return USE_BUTTONS;
      const candidate = { ...a.pickedMonth, day: Number(match[1]) };
      const parsed = parseUserDate(`${candidate.day}.${candidate.month}.${candidate.year}`, today);
      if (!parsed.ok) return { problem: `deadlines.error.date-${parsed.reason}` };
      return acceptEntryDate(parsed.date, a);
    }
    case 'purpose':
      if (value !== 'work' && value !== 'study' && value !== 'private') return USE_BUTTONS;
      a.purpose = value;
      if (value === 'work') return { next: 'patent' };
      a.patent = { issued: false };
      return afterPatent(a);
    case 'patent':
      if (value === 'no') {
        a.patent = { issued: false };
        return afterPatent(a);
      }
      return value === 'yes' ? { next: 'paid-until' } : USE_BUTTONS;
    case 'paid-until': {
      // The paid-until day may lie ahead; within two years is plausible, later is a typo.
      const typedDay = relativeDay(value, words, today);
      const parsed = typedDay ? { ok: true as const, date: typedDay } : parseUserDate(value, addDays(today, PAID_UNTIL_MAX_DAYS_AHEAD));
      if (!parsed.ok) {
        return { problem: parsed.reason === 'future' ? 'deadlines.error.paid-until-too-far' : `deadlines.error.date-${parsed.reason}` };
      }
      if (a.entryDate && compareDates(parsed.date, a.entryDate) < 0) return { problem: 'deadlines.error.paid-until-before-entry' };
      a.patent = { issued: true, paidUntil: parsed.date };
      return afterPatent(a);
    }
    case 'days-spent': {
      const days = value === 'zero' ? 0 : /^\s*\d{1,3}\s*$/.test(value) ? Number(value) : NaN;
      if (Number.isNaN(days)) return { problem: 'deadlines.error.days-format' };
      if (!a.entryDate || days > maxDaysSpentBeforeEntry(a.entryDate)) return { problem: 'deadlines.error.days-too-many' };
      a.daysSpent = days;
      return { next: 'result' };
    }
    case 'result':
      return USE_BUTTONS;
  }
}

function screenFor(
  ctx: DialogueContext,
  step: Step,
  today: LocalDate,
  answers: Answers,
  canGoBack: boolean,
  offerPerson: boolean,
  calendar: WorkCalendar,
): { text: string; keyboard: InlineKeyboard } {
  const t = ctx.t;
  const keyboard = new InlineKeyboard();
  const question = (key: string, vars?: Record<string, unknown>) => `${t('deadlines.progress', { step: progressOf(step) })}\n<b>${t(key, vars)}</b>`;
  switch (step) {
    case 'citizenship': {
      keyboard.text(t('deadlines.answer.tj'), choice('tj')).text(t('deadlines.answer.uz'), choice('uz')).row();
      keyboard.text(t('deadlines.answer.other'), choice('other')).row();
      // The menu button's words are the calculator's one name.
      const intro = `<b>${t('menu.deadlines')}</b>\n${t('deadlines.intro')}`;
      return { text: `${intro}\n\n${question('deadlines.q.citizenship')}\n${t('deadlines.eaeu-note')}`, keyboard: withNavigation(keyboard, t, canGoBack) };
    }
    case 'entry-date':
      keyboard.text(t('deadlines.answer.today'), choice('today')).text(t('deadlines.answer.yesterday'), choice('yesterday')).row();
      keyboard.text(t('deadlines.answer.pick'), choice('pick')).row();
      if (offerPerson) withWriteToPerson(keyboard, t);
      return { text: `${question('deadlines.q.entry-date')}\n${t('deadlines.hint.date', { example: formatExample(today) })}`, keyboard: withNavigation(keyboard, t, canGoBack) };
    case 'entry-month': {
      for (let back = 0; back < 12; back++) {
        const month = ((today.month - 1 - back + 120) % 12) + 1;
        const year = today.year - (today.month - back <= 0 ? 1 : 0);
        keyboard.text(`${t(`dates.month.${month}`)} ${year}`, choice(`m-${year}-${month}`));
        if (back % 3 === 2) keyboard.row();
      }
      return { text: question('deadlines.q.entry-month'), keyboard: withNavigation(keyboard, t, canGoBack) };
    }
    case 'entry-day': {
      const picked = answers.pickedMonth!;
      const lastDay = picked.year === today.year && picked.month === today.month ? today.day : daysInMonth(picked.year, picked.month);
      for (let day = 1; day <= lastDay; day++) {
        keyboard.text(String(day), choice(`d-${day}`));
        if (day % 7 === 0) keyboard.row();
      }
      keyboard.row();
      return { text: question('deadlines.q.entry-day', { month: `${t(`dates.month.${picked.month}`)} ${picked.year}` }), keyboard: withNavigation(keyboard, t, canGoBack) };
    }
    case 'purpose':
      keyboard.text(t('deadlines.answer.work'), choice('work')).row();
      keyboard.text(t('deadlines.answer.study'), choice('study')).row();
      keyboard.text(t('deadlines.answer.private'), choice('private')).row();
      return { text: question('deadlines.q.purpose', { date: formatDate(t, answers.entryDate!) }), keyboard: withNavigation(keyboard, t, canGoBack) };
    case 'patent':
      keyboard.text(t('deadlines.answer.yes'), choice('yes')).text(t('deadlines.answer.no'), choice('no')).row();
      return { text: question('deadlines.q.patent'), keyboard: withNavigation(keyboard, t, canGoBack) };
    case 'paid-until':
      if (offerPerson) withWriteToPerson(keyboard, t);
      // No date buttons here: the hint asks only for typing.
      return { text: `${question('deadlines.q.paid-until')}\n${t('deadlines.hint.date-typed', { example: formatExample(today) })}`, keyboard: withNavigation(keyboard, t, canGoBack) };
    case 'days-spent':
      keyboard.text(t('deadlines.answer.zero'), choice('zero')).row();
      return { text: `${question('deadlines.q.days-spent', { year: answers.entryDate!.year })}\n${t('deadlines.hint.days')}`, keyboard: withNavigation(keyboard, t, canGoBack) };
    case 'result': {
      const input = deadlineInput(answers);
      const items = computeDeadlines(input, today, calendar);
      // Offered only when something is left to remind of; the button carries the answers, the bot keeps none.
      if (planDeadlines(items, today).length > 0) withRemindMe(keyboard, t, input);
      keyboard.text(t('deadlines.answer.restart'), choice('restart')).row();
      return { text: renderDeadlinesHtml(t, items), keyboard: withNavigation(withWriteToPerson(keyboard, t), t, canGoBack) };
    }
  }
}

const STEP_NUMBERS: Record<Step, number> = {
  citizenship: 1, 'entry-date': 2, 'entry-month': 2, 'entry-day': 2, purpose: 3, patent: 4, 'paid-until': 4, 'days-spent': 5, result: 5,
};
function progressOf(step: Step): string {
  return `${STEP_NUMBERS[step]}/5`;
}

/** A typing example in the format we recommend: five days ago, as DD.MM.YYYY. */
function formatExample(today: LocalDate): string {
  const d = addDays(today, -5);
  return `${String(d.day).padStart(2, '0')}.${String(d.month).padStart(2, '0')}.${d.year}`;
}

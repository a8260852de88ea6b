/**
 * Deadline reminders, on request: "🔔 Remind me" under the calculator's result shows what would be
 * kept and asks first; `/reminders` lists what is set, each cancellable; "I paid for N months" on a
 * payment reminder moves the next one; the deadlines also come as an `.ics` file for the phone's
 * calendar. The reminders themselves are sent by the delivery queue (see ./runtime.ts).
 */
import { Composer, InputFile } from 'grammy';
import { z } from 'zod';
import { hashUserId } from '../../../logger';
import { computeDeadlines, fromIso, todayIn, type DeadlineInput, type WorkCalendar } from '../../../services/deadlines';
import { MOSCOW_TIME_ZONE } from '../../../services/moscow-time';
import { planDeadlines, REMINDER_KINDS, writeCalendar, type PlannedDeadline, type ReminderService } from '../../../services/reminders';
import { withArgs, type ButtonContext } from '../../callback-args';
import type { BotContext } from '../../context';
import type { FeatureDeps } from '../../feature-deps';
import { featurePattern } from '../../keyboards/callback-data';
import { decodeDeadlineInput, reminderButtons, REMINDERS_FEATURE } from '../../keyboards/reminder-offer';
import { acknowledge, MESSAGE_OPTIONS, showScreen } from '../../respond';
import { showStaleButton } from '../../screens/stale-button';
import { formatDate } from '../../render/dates';
import { calendarEvents, PAID_MONTHS, renderList, renderOffer, titleOf } from './view';

/** The services the reminders feature works with. */
export interface RemindersServices {
  /** Absent offline (no Redis, no queue): the `.ics` file still works. */
  reminders?: ReminderService;
  /** The working-day calendar the calculator counts with. */
  calendar: WorkCalendar;
}

const answers = z.string().transform((token, ctx) => decodeDeadlineInput(token) ?? (ctx.addIssue({ code: 'custom', message: 'not the calculator\'s answers' }), z.NEVER));
const compactDate = z.string().regex(/^\d{8}$/).transform((text, ctx) => {
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  return fromIso(iso) ? iso : (ctx.addIssue({ code: 'custom', message: 'no such day' }), z.NEVER);
});

/** The arguments of the reminder buttons (`f:rem:...`). */
const reminderAction = z.union([
  z.tuple([z.enum(['o', 'y', 'i']), answers]),
  z.tuple([z.enum(['l', 'ip', 'x'])]),
  z.tuple([z.literal('c'), z.enum(REMINDER_KINDS)]),
  z.tuple([z.literal('p'), z.enum(PAID_MONTHS.map(String) as [string, ...string[]]).transform(Number), compactDate]),
]);

/** `/reminders` and the reminder buttons. */
export function remindersFeature(deps: FeatureDeps, services: RemindersServices): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const { reminders, calendar } = services;
  const today = () => todayIn(MOSCOW_TIME_ZONE, new Date(deps.clock()));
  const timeZoneOf = (userId: number) => reminders?.timeZoneOf(userId) ?? Promise.resolve(MOSCOW_TIME_ZONE);
  const plannedFrom = (input: DeadlineInput): PlannedDeadline[] => planDeadlines(computeDeadlines(input, today(), calendar), today());

  const showList = async (ctx: BotContext, note?: string) => {
    const userId = ctx.from!.id;
    const plan = await reminders?.plan(userId);
    const { html, keyboard } = renderList(ctx.t, plan?.deadlines, await timeZoneOf(userId), note);
    await showScreen(ctx, html, keyboard);
  };

  const sendCalendar = async (ctx: ButtonContext, deadlines: readonly PlannedDeadline[]) => {
    if (deadlines.length === 0) return acknowledge(ctx, ctx.t('reminders.offer.nothing'));
    await acknowledge(ctx);
    const ics = writeCalendar(calendarEvents(ctx.t, deadlines), new Date(deps.clock()), ctx.t('reminders.ics.calendar-name'));
    await ctx.replyWithDocument(new InputFile(Buffer.from(ics, 'utf8'), 'deadlines.ics'), { caption: ctx.t('reminders.ics.caption'), parse_mode: 'HTML' });
  };

  feature.command('reminders', (ctx) => showList(ctx));

  feature.callbackQuery(
    featurePattern(REMINDERS_FEATURE),
    withArgs(reminderAction, async (ctx, action) => {
      const userId = ctx.from.id;
      switch (action[0]) {
        case 'o': {
          await acknowledge(ctx);
          const { html, keyboard } = renderOffer(ctx.t, action[1], plannedFrom(action[1]), await timeZoneOf(userId));
          // A new message: the calculator's result stays in the chat above it.
          await ctx.reply(html, { ...MESSAGE_OPTIONS, reply_markup: keyboard });
          return;
        }
        case 'y': {
          if (!reminders) {
            await acknowledge(ctx);
            return showScreen(ctx, ctx.t('reminders.offer.unavailable'), undefined);
          }
          const queued = await reminders.set(userId, ctx.lang, plannedFrom(action[1]));
          deps.metrics?.remindersSet.inc(queued.length);
          deps.logger.info({ user: hashUserId(userId, deps.config.logSalt), reminders: queued.length }, 'reminders: set at the person\'s request');
          await acknowledge(ctx);
          return showList(ctx, ctx.t('reminders.offer.saved', { count: queued.length }));
        }
        case 'i':
          return sendCalendar(ctx, plannedFrom(action[1]));
        case 'ip':
          return sendCalendar(ctx, (await reminders?.plan(userId))?.deadlines ?? []);
        case 'l':
          await acknowledge(ctx);
          return showList(ctx);
        case 'c': {
          const plan = await reminders?.plan(userId);
          await reminders?.cancel(userId, action[1]);
          await acknowledge(ctx);
          const had = plan?.deadlines.some((deadline) => deadline.kind === action[1]);
          return showList(ctx, had ? ctx.t('reminders.list.cancelled', { title: titleOf(ctx.t, action[1]) }) : undefined);
        }
        case 'x':
          await reminders?.eraseUser(userId);
          await acknowledge(ctx);
          return showList(ctx, ctx.t('reminders.list.all-cancelled'));
        case 'p': {
          const [, months, paidUntil] = action;
          const moved = await reminders?.paid(userId, months, paidUntil);
          if (!moved) {
            // Pressed twice, or on an older reminder: the payment was noted already (or is gone).
            await acknowledge(ctx, ctx.t('reminders.paid.none'));
            return showList(ctx);
          }
          deps.metrics?.remindersSet.inc(moved.queued.length);
          await acknowledge(ctx);
          // The reminder keeps its text; its payment buttons go, so the same payment cannot be counted twice.
          await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [[{ text: ctx.t('reminders.button.list'), callback_data: reminderButtons.list() }]] } }).catch(() => undefined);
          await ctx.reply(ctx.t('reminders.paid.moved', { date: formatDate(ctx.t, fromIso(moved.due)!) }), MESSAGE_OPTIONS);
          return;
        }
      }
    }, showStaleButton),
  );
  return feature;
}

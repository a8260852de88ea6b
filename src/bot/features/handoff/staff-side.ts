import { Composer } from 'grammy';
import { z } from 'zod';
import type { Message } from 'grammy/types';
import type { I18n } from '../../i18n';
import { hashUserId } from '../../../logger';
import type { CaseRepository, HandoffCase } from '../../../services/handoff/case-store';
import type { BotContext } from '../../context';
import { withArgs } from '../../callback-args';
import { featurePattern } from '../../keyboards/callback-data';
import { afterCaseKeyboard, renderCaseList } from '../../render/handoff-view';
import { acknowledge, asGrammyError, MESSAGE_OPTIONS } from '../../respond';
import { deliverToPerson } from './relay';
import type { HandoffSideDeps, StaffRoom } from './staff-room';

/** The staff group's one button (render/handoff-view): close case <id>. */
const closeButtonArgs = z.tuple([z.literal('close'), z.string().regex(/^\d{1,9}$/).transform(Number)]);

/** What the staff group side needs. */
export interface StaffSideDeps extends HandoffSideDeps {
  cases: CaseRepository;
  room: StaffRoom;
  i18n: I18n;
}

/** A staff message starting with this stays in the group (a note between staff). */
const INTERNAL_NOTE_PREFIX = '//';
/** A quiet "delivered" mark on a staff message that reached the person. */
const DELIVERED_REACTION = '👌';

/**
 * The staff group's side of "Write to a person". Only staff are heard here: anyone else's messages
 * and button presses are ignored (and logged with a hashed id). A staff message in a case's topic,
 * or a reply to one of its messages, goes to the person; /close ends the case; /cases lists the open
 * ones. Nothing from this group reaches the rest of the bot.
 */
export function staffSide(deps: StaffSideDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const group = feature.filter((ctx) => ctx.chat?.id === deps.room.chatId);
  const t = deps.room.t;

  group.use(async (ctx, next) => {
    if (await ctx.roles.isStaff()) return next();
    if (ctx.from && !ctx.from.is_bot) deps.logger.info({ user: hashUserId(ctx.from.id, deps.logSalt) }, 'ignored a non-staff update in the staff group');
    if (ctx.callbackQuery) await acknowledge(ctx, t('handoff.group.staff-only'));
  });

  group.command('cases', async (ctx) => {
    const open = await deps.cases.openCases();
    await ctx.reply(renderCaseList(t, open, deps.room.chatId, deps.clock()), MESSAGE_OPTIONS);
  });

  group.command('close', async (ctx) => {
    const byNumber = /^\d{1,9}$/.test(ctx.match.trim()) ? await deps.cases.get(Number(ctx.match.trim())) : undefined;
    const c = byNumber ?? (await caseOfMessage(deps.cases, ctx.message!));
    if (!c) return void (await ctx.reply(t('handoff.group.close-where'), MESSAGE_OPTIONS));
    await closeByStaff(ctx, c);
  });

  const unknownCase = (ctx: BotContext) => acknowledge(ctx, t('handoff.group.unknown-case'));
  group.callbackQuery(featurePattern('handoff'), withArgs(closeButtonArgs, async (ctx, [, caseId]) => {
    const c = await deps.cases.get(caseId);
    if (!c) return unknownCase(ctx);
    // A closed case's topic is closed too: the answer is a toast, not a message in it.
    if (c.status !== 'open') return acknowledge(ctx, t('handoff.group.already-closed', { id: c.id }));
    await acknowledge(ctx);
    await closeByStaff(ctx, c);
  }, unknownCase));

  group.on('message', async (ctx) => {
    const message = ctx.message;
    const isCommand = message.entities?.[0]?.type === 'bot_command' && message.entities[0].offset === 0;
    if (isCommand || (message.text ?? message.caption)?.trimStart().startsWith(INTERNAL_NOTE_PREFIX)) return;
    const c = await caseOfMessage(deps.cases, message);
    if (!c) return; // staff talking among themselves
    if (c.status !== 'open') {
      // In a closed topic only group admins can write, and the bot's answer may be refused there.
      await ctx
        .reply(t('handoff.group.case-closed', { id: c.id }), { ...MESSAGE_OPTIONS, reply_parameters: { message_id: message.message_id } })
        .catch(() => undefined);
      return;
    }
    try {
      await deliverToPerson(ctx.api, c, message, deps.i18n.translatorFor(c.language));
    } catch (error) {
      deps.metrics?.handoffMessages.inc({ direction: 'to_person', result: 'failed' });
      await reportUndelivered(ctx, c, error, message.message_id);
      return;
    }
    deps.metrics?.handoffMessages.inc({ direction: 'to_person', result: 'delivered' });
    const now = deps.clock();
    // The staff group's updates come one at a time, so "no answer yet" cannot be seen twice.
    if (c.lastStaffReplyAt === undefined) {
      deps.insight?.firstStaffAnswer(now - c.openedAt, now);
      deps.metrics?.handoffFirstAnswerSeconds.observe(Math.max(0, now - c.openedAt) / 1000);
    }
    await deps.cases.noteStaffReply(c.id, now);
    await ctx.react(DELIVERED_REACTION).catch(() => undefined);
  });

  // Service messages, edits, anything else from the staff group: not for the rest of the bot.
  group.use(() => undefined);

  /** Closes the case, tells the person in their language, and marks the case closed in the group. */
  const closeByStaff = async (ctx: BotContext, c: HandoffCase) => {
    const closed = await deps.cases.close(c.id, 'staff', deps.clock());
    if (!closed) return void (await ctx.reply(t('handoff.group.already-closed', { id: c.id }), MESSAGE_OPTIONS).catch(() => undefined));
    deps.logger.info({ user: hashUserId(ctx.from?.id, deps.logSalt), caseId: c.id }, 'hand-off case closed by staff');
    const personT = deps.i18n.translatorFor(closed.language);
    try {
      await ctx.api.sendMessage(closed.userId, personT('handoff.person.closed-by-staff', { id: closed.id }), {
        ...MESSAGE_OPTIONS,
        reply_markup: afterCaseKeyboard(personT, deps.insight && closed.id),
      });
      await deps.room.note(closed, t('handoff.group.closed-by-staff', { id: closed.id }));
    } catch (error) {
      await reportUndelivered(ctx, closed, error);
    }
    await deps.room.markClosed(closed);
  };

  /** Tells staff that the person did not get a message, and why, in the case's place. */
  const reportUndelivered = async (ctx: BotContext, c: HandoffCase, error: unknown, replyTo?: number) => {
    const apiError = asGrammyError(error);
    if (!apiError) throw error;
    const blocked = apiError.error_code === 403 || /chat not found|user is deactivated/i.test(apiError.description);
    const html = blocked
      ? t('handoff.group.not-delivered-blocked', { id: c.id })
      : t('handoff.group.not-delivered', { id: c.id, code: apiError.error_code });
    deps.logger.warn({ caseId: c.id, code: apiError.error_code }, 'a staff message did not reach the person');
    await deps.room.note(c, html, replyTo).catch((noteError: unknown) =>
      deps.logger.error({ caseId: c.id, err: { message: String(noteError) } }, 'could not report an undelivered message to staff'),
    );
  };
  return feature;
}

/** The case a staff message belongs to: the forum topic it is in, else the case message it replies to. */
async function caseOfMessage(cases: CaseRepository, message: Message): Promise<HandoffCase | undefined> {
  if (message.is_topic_message && message.message_thread_id !== undefined) {
    const inTopic = await cases.byThread(message.message_thread_id);
    if (inTopic) return inTopic;
  }
  const repliedTo = message.reply_to_message?.message_id;
  return repliedTo !== undefined ? cases.byGroupMessage(repliedTo) : undefined;
}

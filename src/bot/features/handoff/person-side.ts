import { Composer, InlineKeyboard } from 'grammy';
import type { ContentLibrary } from '../../../content/loader';
import { hashUserId } from '../../../logger';
import { isCaseTopic, type CaseRepository, type HandoffCase } from '../../../services/handoff/case-store';
import type { BotContext } from '../../context';
import { z } from 'zod';
import { withArgs } from '../../callback-args';
import { encodeCallback, featurePattern } from '../../keyboards/callback-data';
import { afterCaseKeyboard, HANDOFF_HOURS_CARD_ID, openCaseKeyboard, renderHandoffIntro, topicName } from '../../render/handoff-view';
import { HOTLINES_CARD_ID } from '../../../content/schema';
import { acknowledge, asGrammyError, MESSAGE_OPTIONS, showScreen } from '../../respond';
import { showStaleButton } from '../../screens/stale-button';
import { relayableKind } from './relay';
import type { HandoffSideDeps, StaffRoom } from './staff-room';

/** What the person's side of the hand-off needs; `cases` and `room` are absent when it is not set up. */
export interface PersonSideDeps extends HandoffSideDeps {
  cases?: CaseRepository;
  room?: StaffRoom;
  content: ContentLibrary;
}

/** A quiet "passed on" mark on the person's later messages (the first one gets a full answer). */
const PASSED_ON_REACTION = '👌';

/**
 * The person's side of "Write to a person": the button and /person open a request (hours and
 * expectations, then a topic); once a case is open, every message the person writes (text,
 * photos, documents, voice) goes to the staff group, until staff close the case or the person
 * ends it. A dialogue in progress keeps its own answers (the deadline calculator reads typed dates).
 */
export function personSide(deps: PersonSideDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const privateChats = feature.chatType('private');
  const { cases, room } = deps;

  const showUnavailable = async (ctx: BotContext) => {
    const keyboard = new InlineKeyboard()
      .text(ctx.t('handoff.person.button.hotlines'), encodeCallback({ kind: 'open-card', cardId: HOTLINES_CARD_ID }))
      .row()
      .text(ctx.t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
    await showScreen(ctx, ctx.t('handoff.person.unavailable'), keyboard);
  };

  const showOpenCase = (ctx: BotContext, c: HandoffCase) =>
    showScreen(ctx, ctx.t('handoff.person.already-open', { id: c.id, topic: topicName(ctx.t, c) }), openCaseKeyboard(ctx.t));

  const openRequest = async (ctx: BotContext) => {
    await acknowledge(ctx);
    // Pressed on a card step: that dialogue is over, or it would keep the person's messages.
    await ctx.conversation.exitAll();
    if (!cases || !room || !ctx.from) return showUnavailable(ctx);
    const open = await cases.openCaseOf(ctx.from.id);
    if (open) {
      ctx.session.handoffCase = open.id; // the hint may have been lost (an expired session)
      return showOpenCase(ctx, open);
    }
    const intro = renderHandoffIntro(ctx.t, deps.content.card(ctx.lang, HANDOFF_HOURS_CARD_ID));
    await showScreen(ctx, intro.html, intro.keyboard);
  };

  const openCase = async (ctx: BotContext, topic: string | undefined) => {
    if (!isCaseTopic(topic)) return showStaleButton(ctx);
    await acknowledge(ctx);
    if (!cases || !room || !ctx.from) return showUnavailable(ctx);
    const now = deps.clock();
    const c = await cases.open(ctx.from.id, ctx.lang, topic, now);
    // A double tap returns the case already open: only a new one is counted.
    if (c.openedAt === now) {
      deps.insight?.caseOpened(now);
      deps.metrics?.handoffCasesOpened.inc();
    }
    ctx.session.handoffCase = c.id;
    deps.logger.info({ user: hashUserId(ctx.from.id, deps.logSalt), caseId: c.id }, 'hand-off case opened');
    await showScreen(ctx, ctx.t('handoff.person.write-now', { id: c.id, topic: topicName(ctx.t, c) }), openCaseKeyboard(ctx.t));
  };

  const endCase = async (ctx: BotContext) => {
    await acknowledge(ctx);
    const open = cases && ctx.from ? await cases.openCaseOf(ctx.from.id) : undefined;
    delete ctx.session.handoffCase;
    const closed = open ? await cases!.close(open.id, 'user', deps.clock()) : undefined;
    if (!closed) return showScreen(ctx, ctx.t('handoff.person.nothing-open'), afterCaseKeyboard(ctx.t));
    await showScreen(ctx, ctx.t('handoff.person.ended', { id: closed.id }), afterCaseKeyboard(ctx.t, deps.insight && closed.id));
    try {
      await room?.note(closed, room.t('handoff.group.closed-by-person', { id: closed.id }));
      await room?.markClosed(closed);
    } catch (error) {
      deps.logger.warn({ caseId: closed.id, err: { message: asGrammyError(error)?.description ?? String(error) } }, 'could not tell staff that a case ended');
    }
  };

  /**
   * 👍 / 👎 of a closed case, by the person whose case it was. Counted by language only: the rating
   * is not kept with the case, so it cannot be traced back to the person.
   */
  const rateCase = async (ctx: BotContext, caseId: number, up: boolean) => {
    const c = cases && deps.insight ? await cases.get(caseId) : undefined;
    if (!c || !deps.insight || c.userId !== ctx.from?.id || c.status !== 'closed') return acknowledge(ctx, ctx.t('errors.stale-button'));
    const counted = await deps.insight.vote('case', String(c.id), ctx.lang, up, ctx.from.id, deps.clock(), 'all');
    if (counted) deps.metrics?.helpfulVotes.inc({ kind: 'case', vote: up ? 'up' : 'down' });
    await acknowledge(ctx, ctx.t(counted ? 'insight.vote.thanks' : 'insight.vote.already'));
    await ctx.editMessageReplyMarkup({ reply_markup: afterCaseKeyboard(ctx.t) }).catch(() => undefined);
  };

  privateChats.command('person', openRequest);
  // The topic is checked against the current list by openCase: a topic removed since is stale too.
  const personStep = z.union([
    z.tuple([z.enum(['open', 'end'])]),
    z.tuple([z.literal('topic'), z.string()]),
    z.tuple([z.literal('rate'), z.string().regex(/^\d{1,9}$/).transform(Number), z.enum(['up', 'down'])]),
  ]);
  privateChats.callbackQuery(
    featurePattern('handoff'),
    withArgs(personStep, async (ctx, [step, topic, vote]) => {
      if (step === 'open') return openRequest(ctx);
      if (step === 'topic') return openCase(ctx, topic);
      if (step === 'rate') return rateCase(ctx, topic, vote === 'up');
      return endCase(ctx);
    }),
  );

  // Staff should not wait for an answer that cannot come: tell them when the person blocks the bot.
  privateChats.on('my_chat_member', async (ctx, next) => {
    const blocked = ctx.myChatMember.new_chat_member.status === 'kicked';
    const open = blocked && cases && room ? await cases.openCaseOf(ctx.from.id) : undefined;
    if (open && room) {
      await room.note(open, room.t('handoff.group.person-blocked', { id: open.id })).catch((error: unknown) =>
        deps.logger.warn({ caseId: open.id, err: { message: asGrammyError(error)?.description ?? String(error) } }, 'could not tell staff that a person blocked the bot'),
      );
    }
    await next();
  });

  // The person's messages while a case is open. The session only says "maybe a case"; Redis decides.
  privateChats.on('message', async (ctx, next) => {
    const caseId = ctx.session.handoffCase;
    const isCommand = ctx.message.entities?.[0]?.type === 'bot_command' && ctx.message.entities[0].offset === 0;
    if (caseId === undefined || !cases || !room || isCommand) return next();
    if (Object.keys(ctx.conversation.active()).length > 0) return next();
    const c = await cases.get(caseId);
    if (c?.status !== 'open' || c.userId !== ctx.from.id) {
      delete ctx.session.handoffCase;
      if (c?.status === 'closed' && c.closedBy === 'staff') {
        await ctx.reply(ctx.t('handoff.person.closed-not-passed-on', { id: c.id }), { ...MESSAGE_OPTIONS, reply_markup: afterCaseKeyboard(ctx.t) });
        return;
      }
      return next();
    }
    if (!relayableKind(ctx.message)) {
      await ctx.reply(ctx.t('handoff.person.cannot-pass-on'), { ...MESSAGE_OPTIONS, reply_markup: openCaseKeyboard(ctx.t) });
      return;
    }
    const firstMessage = c.threadId === undefined && c.rootMessageId === undefined;
    try {
      await room.copyFromPerson(c, ctx.chat.id, ctx.message.message_id);
    } catch (error) {
      deps.logger.error({ caseId: c.id, err: { message: asGrammyError(error)?.description ?? String(error) } }, 'could not pass a message on to staff');
      deps.metrics?.handoffMessages.inc({ direction: 'to_staff', result: 'failed' });
      await ctx.reply(ctx.t('handoff.person.not-passed-on'), { ...MESSAGE_OPTIONS, reply_markup: openCaseKeyboard(ctx.t) });
      return;
    }
    deps.metrics?.handoffMessages.inc({ direction: 'to_staff', result: 'delivered' });
    await cases.noteUserMessage(c.id, ctx.lang, deps.clock());
    if (firstMessage) {
      await ctx.reply(ctx.t('handoff.person.passed-on', { id: c.id }), { ...MESSAGE_OPTIONS, reply_markup: openCaseKeyboard(ctx.t) });
      return;
    }
    await ctx.react(PASSED_ON_REACTION).catch(() => undefined);
  });
  return feature;
}

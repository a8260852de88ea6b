import { Composer, InlineKeyboard } from 'grammy';
import { hashUserId, type Logger } from '../../logger';
import type { UserDataEraser } from '../../services/privacy';
import type { BotContext } from '../context';
import { z } from 'zod';
import { withArgs } from '../callback-args';
import { featureCallback, featurePattern } from '../keyboards/callback-data';
import { backToMenuKeyboard } from '../keyboards/main-menu';
import { acknowledge, showScreen } from '../respond';

/** Settings the privacy texts quote, so they state the real retention times. */
export interface PrivacyOptions {
  sessionTtlSeconds: number;
  conversationTtlSeconds: number;
  /** Days a closed "write to a person" case is kept. */
  handoffRetentionDays: number;
  /** Days the anonymised text of unanswered questions is kept (staff insight). */
  insightRetentionDays: number;
  erasers: () => readonly UserDataEraser[];
  logger: Logger;
  logSalt: string;
}

const DAY = 24 * 3600;

/** /privacy says what is kept and for how long; /forget deletes all of it after a confirmation. */
export function privacyFeature(options: PrivacyOptions): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  const showPrivacy = async (ctx: BotContext) => {
    await acknowledge(ctx);
    const text = ctx.t('privacy.text', {
      // Counts come with their noun from plural keys: "1 день", "5 дней", "1 рӯз".
      sessionDays: ctx.t('privacy.session-days', { count: Math.round(options.sessionTtlSeconds / DAY) }),
      dialogueHours: ctx.t('privacy.dialogue-hours', { count: Math.max(1, Math.round(options.conversationTtlSeconds / 3600)) }),
      handoff: ctx.t('privacy.handoff', { count: options.handoffRetentionDays }),
      insight: ctx.t('privacy.insight', { count: options.insightRetentionDays }),
      // The inserted paragraph is the bot's own HTML-safe text.
      interpolation: { escapeValue: false },
    });
    const keyboard = new InlineKeyboard().text(ctx.t('privacy.button.forget'), featureCallback('privacy', 'forget')).row();
    await showScreen(ctx, text, keyboard.append(backToMenuKeyboard(ctx.t)));
  };
  const askToForget = async (ctx: BotContext) => {
    await acknowledge(ctx);
    const keyboard = new InlineKeyboard()
      .text(ctx.t('privacy.button.confirm'), featureCallback('privacy', 'forget-confirmed'))
      .row()
      .text(ctx.t('privacy.button.keep'), featureCallback('privacy', 'keep'));
    await showScreen(ctx, ctx.t('privacy.confirm'), keyboard);
  };

  feature.command('privacy', showPrivacy);
  feature.command('forget', askToForget);
  // A stale or forged privacy button is only a toast: nothing here is worth a new message.
  const staleToast = (ctx: BotContext) => acknowledge(ctx, ctx.t('errors.stale-button'));
  const privacyStep = z.tuple([z.enum(['open', 'forget', 'keep', 'forget-confirmed'])]);
  feature.callbackQuery(featurePattern('privacy'), withArgs(privacyStep, async (ctx, [step]) => {
    if (step === 'open') return showPrivacy(ctx);
    if (step === 'forget') return askToForget(ctx);
    if (step === 'keep') {
      await acknowledge(ctx);
      return showScreen(ctx, ctx.t('privacy.kept'), backToMenuKeyboard(ctx.t));
    }
    const userId = ctx.from.id;
    await ctx.conversation.exitAll();
    for (const eraser of options.erasers()) await eraser.eraseUser(userId);
    // Deleting the session through grammY, so it is not written back when this update ends.
    ctx.session = null as never;
    options.logger.info({ user: hashUserId(userId, options.logSalt) }, 'user data erased on request');
    await acknowledge(ctx);
    // The answer is in the language of this update; nothing about the user remains afterwards.
    await showScreen(ctx, ctx.t('privacy.forgotten'));
  }, staleToast));
  return feature;
}

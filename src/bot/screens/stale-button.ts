import type { BotContext } from '../context';
import { sharedMainMenuKeyboard } from '../keyboards/main-menu';
import { acknowledge, MESSAGE_OPTIONS } from '../respond';

/** The answer to a button the bot no longer understands (old message, or forged data). */
export async function showStaleButton(ctx: BotContext): Promise<void> {
  await acknowledge(ctx, ctx.t('errors.stale-button'));
  await ctx.reply(`${ctx.t('errors.stale-button')}\n\n${ctx.t('menu.title')}`, {
    ...MESSAGE_OPTIONS,
    reply_markup: sharedMainMenuKeyboard(ctx.t),
  });
}

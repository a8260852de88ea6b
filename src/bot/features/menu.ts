import { Composer } from 'grammy';
import { PUBLIC_COMMANDS } from '../bot-profile';
import type { BotContext } from '../context';
import { escapeHtml } from '../i18n';
import { withArgs } from '../callback-args';
import { callbackPattern } from '../keyboards/callback-data';
import { backToMenuKeyboard } from '../keyboards/main-menu';
import { acknowledge, showScreen } from '../respond';
import { showMainMenu } from '../screens/main-menu';

/** /menu, /help and their buttons. */
export function menuFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('menu', showMainMenu);
  feature.callbackQuery(
    callbackPattern('open-menu'),
    withArgs([], async (ctx) => {
      await acknowledge(ctx);
      await showMainMenu(ctx);
    }),
  );

  const showHelp = async (ctx: BotContext) => {
    await acknowledge(ctx);
    // The command list comes from the same source as Telegram's "/" menu, so the two never disagree.
    const commands = PUBLIC_COMMANDS.map((command) => `/${command} — ${escapeHtml(ctx.t(`commands.${command}`))}`).join('\n');
    await showScreen(ctx, ctx.t('help.text', { commands, interpolation: { escapeValue: false } }), backToMenuKeyboard(ctx.t));
  };
  feature.command('help', showHelp);
  feature.callbackQuery(callbackPattern('open-help'), withArgs([], showHelp));

  return feature;
}

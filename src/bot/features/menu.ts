import { Composer } from 'grammy';
import type { BotContext } from '../context';
import { callbackPattern } from '../keyboards/callback-data';
import { backToMenuKeyboard, mainMenuKeyboard } from '../keyboards/main-menu';
import { acknowledge, showScreen } from '../respond';

/** Shows the main menu in the user's language. */
export async function showMainMenu(ctx: BotContext): Promise<void> {
  await showScreen(ctx, ctx.t('menu.title'), mainMenuKeyboard(ctx.t));
}

/** /menu, /help and their buttons. */
export function menuFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('menu', showMainMenu);
  feature.callbackQuery(callbackPattern('open-menu'), async (ctx) => {
    await acknowledge(ctx);
    await showMainMenu(ctx);
  });

  const showHelp = async (ctx: BotContext) => {
    await acknowledge(ctx);
    await showScreen(ctx, ctx.t('help.text'), backToMenuKeyboard(ctx.t));
  };
  feature.command('help', showHelp);
  feature.callbackQuery(callbackPattern('open-help'), showHelp);

  return feature;
}

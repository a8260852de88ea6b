import type { BotContext } from '../context';
import { sharedMainMenuKeyboard } from '../keyboards/main-menu';
import { showScreen } from '../respond';

/** Shows the main menu in the user's language (the menu feature's screen, and where dialogues end). */
export async function showMainMenu(ctx: BotContext): Promise<void> {
  await showScreen(ctx, ctx.t('menu.title'), sharedMainMenuKeyboard(ctx.t));
}

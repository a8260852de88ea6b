import { Composer } from 'grammy';
import type { BotContext } from '../context';
import { sharedMainMenuKeyboard } from '../keyboards/main-menu';
import { MESSAGE_OPTIONS } from '../respond';
import { showStaleButton } from '../screens/stale-button';

/**
 * The last stop for anything no feature handled: never silence, always a short answer in the user's
 * language with the menu, so nobody is left wondering whether the bot works.
 */
export function fallbackFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const private_ = feature.chatType('private');

  const answer = (key: string) => async (ctx: BotContext) => {
    await ctx.reply(`${ctx.t(key)}\n\n${ctx.t('menu.title')}`, { ...MESSAGE_OPTIONS, reply_markup: sharedMainMenuKeyboard(ctx.t) });
  };

  // Plain text and captions never get here: the FAQ feature answers them (matches, or hotlines and the menu).
  private_.on('message::bot_command', answer('fallback.unknown-command'));
  private_.on('message', answer('fallback.unsupported-message'));
  feature.on('callback_query:data', showStaleButton);
  // Buttons of games have no data the bot could act on (those on inline messages stop in privateChatsOnly).
  feature.on('callback_query', (ctx) => ctx.answerCallbackQuery().catch(() => undefined));

  return feature;
}

import { Composer } from 'grammy';
import { PUBLIC_COMMANDS } from '../bot-profile';
import type { BotContext } from '../context';
import { escapeHtml, type Translate } from '../i18n';
import { withArgs } from '../callback-args';
import { callbackPattern } from '../keyboards/callback-data';
import { sharedBackToMenuKeyboard } from '../keyboards/main-menu';
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
    await showScreen(ctx, helpText(ctx.t), sharedBackToMenuKeyboard(ctx.t));
  };
  feature.command('help', showHelp);
  feature.callbackQuery(callbackPattern('open-help'), withArgs([], showHelp));

  return feature;
}

/** The help text per language: it depends on nothing else, and interpolating it on every press showed in profiles. */
const helpTexts = new WeakMap<Translate, string>();

function helpText(t: Translate): string {
  let html = helpTexts.get(t);
  if (html === undefined) {
    // The command list comes from the same source as Telegram's "/" menu, so the two never disagree.
    const commands = PUBLIC_COMMANDS.map((command) => `/${command} — ${escapeHtml(t(`commands.${command}`))}`).join('\n');
    html = t('help.text', { commands, interpolation: { escapeValue: false } });
    helpTexts.set(t, html);
  }
  return html;
}

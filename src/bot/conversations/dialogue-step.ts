import type { Conversation } from '@grammyjs/conversations';
import { z } from 'zod';
import type { BotContext, DialogueContext } from '../context';
import type { I18n } from '../i18n';
import { LANGUAGES } from '../../services/languages';
import { readArgs } from '../callback-args';
import { callbackHead, splitCallback } from '../keyboards/callback-data';
import { languagePicker } from '../keyboards/language-picker';
import { bindLanguage } from '../middlewares/i18n';
import { acknowledge, MESSAGE_OPTIONS, showScreen } from '../respond';

/** A dialogue as the conversations plugin runs it. */
export type Dialogue = Conversation<BotContext, DialogueContext>;

/** Buttons a dialogue step answers itself; malformed ones get the hint and the step again. */
const OWN_HEADS = new Set([callbackHead('dialogue-choice'), callbackHead('set-language'), callbackHead('open-language-picker')]);

/** What the user answered to a dialogue step. */
export type StepAnswer = { kind: 'choice'; choice: string; ctx: DialogueContext } | { kind: 'text'; text: string; ctx: DialogueContext };

/**
 * Waits for the answer to the current step, handling everything that may happen meanwhile the
 * same way in every dialogue:
 * - a language change re-renders the step in the new language;
 * - a command (other than /language) or a menu button leaves the dialogue, and the rest of the
 *   bot handles that update as usual (/menu shows the menu, /sos the SOS card...);
 * - a stale or foreign button, a sticker, or text where a button is expected get a short
 *   hint and the step again. Nothing the user sends is ignored.
 */
export async function awaitAnswer(
  conversation: Dialogue,
  i18n: I18n,
  render: (ctx: DialogueContext) => Promise<void>,
  options: { acceptsText: boolean },
): Promise<StepAnswer> {
  for (;;) {
    const ctx = await conversation.wait();
    // Block/unblock notices are not answers: let the rest of the bot record them, and keep waiting.
    if (ctx.myChatMember) await conversation.skip({ next: true });
    const command = ctx.message?.entities?.[0]?.type === 'bot_command' && ctx.message.entities[0].offset === 0;
    if (command) {
      if (/^\/language(@\w+)?$/.test(ctx.message.text!.trim())) {
        await ctx.reply(ctx.t('language.choose'), { ...MESSAGE_OPTIONS, reply_markup: languagePicker(ctx.lang) });
        continue;
      }
      await conversation.halt({ next: true });
    }
    if (ctx.callbackQuery) {
      const pressed = splitCallback(ctx.callbackQuery.data);
      const choice = pressed?.head === callbackHead('dialogue-choice') ? readArgs([z.string()], pressed.args) : undefined;
      if (choice) {
        await acknowledge(ctx);
        return { kind: 'choice', choice: choice[0], ctx };
      }
      const language = pressed?.head === callbackHead('set-language') ? readArgs([z.enum(LANGUAGES)], pressed.args) : undefined;
      if (language) {
        await conversation.external((outer) => {
          outer.session.language = language[0];
        });
        bindLanguage(ctx, i18n, language[0]);
        await acknowledge(ctx, ctx.t('language.changed'));
        await render(ctx);
        continue;
      }
      if (pressed?.head === callbackHead('open-language-picker') && readArgs([], pressed.args)) {
        await acknowledge(ctx);
        await showScreen(ctx, ctx.t('language.choose'), languagePicker(ctx.lang));
        continue;
      }
      // Menu, help, another section: the user has moved on; let the rest of the bot answer (its
      // handler reads the arguments, and answers a forged one as stale).
      if (pressed && !OWN_HEADS.has(pressed.head)) await conversation.halt({ next: true });
      await acknowledge(ctx, ctx.t('errors.stale-button'));
      await render(ctx);
      continue;
    }
    const text = ctx.message?.text;
    if (text !== undefined && options.acceptsText) return { kind: 'text', text, ctx };
    await ctx.reply(ctx.t('dialogue.use-buttons'), MESSAGE_OPTIONS);
    await render(ctx);
  }
}

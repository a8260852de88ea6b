import type { Conversation } from '@grammyjs/conversations';
import { z } from 'zod';
import type { BotContext, DialogueContext } from '../context';
import type { I18n } from '../i18n';
import { LANGUAGES, type Language } from '../../services/languages';
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

/** What an update means to a step waiting for an answer; one reading shared by every kind of dialogue. */
export type StepInput =
  /** A block/unblock notice: not an answer; the rest of the bot records it. */
  | { kind: 'member-update' }
  /** /language: the picker, and the step goes on. */
  | { kind: 'language-command' }
  /** Another command, or a button of another part of the bot: the person has moved on. */
  | { kind: 'leave' }
  | { kind: 'choice'; choice: string }
  | { kind: 'set-language'; language: Language }
  | { kind: 'open-language-picker' }
  /** One of the step's own buttons, malformed or forged. */
  | { kind: 'stale-button' }
  | { kind: 'text'; text: string }
  /** A sticker, a photo, or anything else that is no answer. */
  | { kind: 'other' };

// Built once: readArgs keeps the tuple schema of each argument list, and a step is read on every update of a dialogue.
const CHOICE_ARGS = [z.string()] as const;
const LANGUAGE_ARGS = [z.enum(LANGUAGES)] as const;
const NO_ARGS = [] as const;

/** Reads what `ctx` means to a waiting step (see {@link StepInput}). */
export function readStepInput(ctx: DialogueContext): StepInput {
  if (ctx.myChatMember) return { kind: 'member-update' };
  const first = ctx.message?.entities?.[0];
  if (first?.type === 'bot_command' && first.offset === 0) {
    return /^\/language(@\w+)?$/.test(ctx.message!.text!.trim()) ? { kind: 'language-command' } : { kind: 'leave' };
  }
  if (ctx.callbackQuery) {
    const pressed = splitCallback(ctx.callbackQuery.data);
    const choice = pressed?.head === callbackHead('dialogue-choice') ? readArgs(CHOICE_ARGS, pressed.args) : undefined;
    if (choice) return { kind: 'choice', choice: choice[0] };
    const language = pressed?.head === callbackHead('set-language') ? readArgs(LANGUAGE_ARGS, pressed.args) : undefined;
    if (language) return { kind: 'set-language', language: language[0] };
    if (pressed?.head === callbackHead('open-language-picker') && readArgs(NO_ARGS, pressed.args)) return { kind: 'open-language-picker' };
    // Menu, help, another section: the rest of the bot answers it (its handler reads the
    // arguments, and answers a forged one as stale).
    if (pressed && !OWN_HEADS.has(pressed.head)) return { kind: 'leave' };
    return { kind: 'stale-button' };
  }
  const text = ctx.message?.text;
  return text !== undefined ? { kind: 'text', text } : { kind: 'other' };
}

/** Shows the language picker, as a reply to /language or in place of the step's message. */
export async function showLanguagePicker(ctx: DialogueContext, input: { kind: 'language-command' | 'open-language-picker' }): Promise<void> {
  if (input.kind === 'language-command') {
    await ctx.reply(ctx.t('language.choose'), { ...MESSAGE_OPTIONS, reply_markup: languagePicker(ctx.lang) });
    return;
  }
  await acknowledge(ctx);
  await showScreen(ctx, ctx.t('language.choose'), languagePicker(ctx.lang));
}

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
    const input = readStepInput(ctx);
    switch (input.kind) {
      case 'member-update':
        await conversation.skip({ next: true });
        break;
      case 'leave':
        await conversation.halt({ next: true });
        break;
      case 'language-command':
      case 'open-language-picker':
        await showLanguagePicker(ctx, input);
        continue;
      case 'choice':
        await acknowledge(ctx);
        return { kind: 'choice', choice: input.choice, ctx };
      case 'set-language':
        await conversation.external((outer) => {
          outer.session.language = input.language;
        });
        bindLanguage(ctx, i18n, input.language);
        await acknowledge(ctx, ctx.t('language.changed'));
        await render(ctx);
        continue;
      case 'stale-button':
        await acknowledge(ctx, ctx.t('errors.stale-button'));
        await render(ctx);
        continue;
      case 'text':
        if (options.acceptsText) return { kind: 'text', text: input.text, ctx };
        break;
      case 'other':
        break;
    }
    await ctx.reply(ctx.t('dialogue.use-buttons'), MESSAGE_OPTIONS);
    await render(ctx);
  }
}

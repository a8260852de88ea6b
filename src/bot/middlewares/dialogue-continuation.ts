import type { Middleware } from 'grammy';
import type { BotContext } from '../context';

/** How many steps one update may open in a row: a step that finishes at once opens the next; a loop stops here. */
const MAX_STEPS_PER_UPDATE = 16;

/**
 * Sets `ctx.continueDialogue` (see `DialogueContinuationFlavor` in context.ts) and, once the rest of the bot
 * has handled the update, opens the dialogue step a finished step asked for — again, while the
 * opened step finishes at once and asks for another. The one way every dialogue built from
 * one-step conversations (guided cards, staff forms, broadcast composing) goes on to its next step.
 * Installed once, right after the conversations plugin.
 */
export function dialogueContinuation(): Middleware<BotContext> {
  return async (ctx, next) => {
    let pending: { dialogue: string; arg: unknown } | undefined;
    ctx.continueDialogue = (dialogue, arg) => {
      pending = { dialogue, arg };
    };
    await next();
    for (let steps = 0; pending && steps < MAX_STEPS_PER_UPDATE; steps++) {
      const { dialogue, arg } = pending;
      pending = undefined;
      // A step that finished in this very update leaves an empty entry behind, which would refuse the enter.
      await ctx.conversation.exitAll();
      await ctx.conversation.enter(dialogue, arg);
    }
  };
}

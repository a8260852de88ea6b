import { createConversation, type ConversationBuilder, type ConversationConfig } from '@grammyjs/conversations';
import type { MiddlewareFn } from 'grammy';
import type { BotContext, DialogueContext } from '../context';
import { knownToHaveNoDialogue } from '../dialogue-state-storage';

/** Registrations held back in this update, in tree order, until something enters a dialogue. */
const heldBack = Symbol('dialogues.held-back-registrations');
type HoldingContext = BotContext & { [heldBack]?: Array<MiddlewareFn<BotContext>> };

const passOn = () => Promise.resolve();

/**
 * A dialogue for the bot's middleware tree: the conversations plugin's `createConversation`, whose
 * work is skipped for a person known to have no dialogue open (most updates) until something in
 * this update enters one.
 *
 * Why: the plugin's registration runs on every update that passes it, and builds a dozen closures
 * and objects each time (four dialogues: about 4 KB of garbage per update, measured with a heap
 * sampling profile) only so that `ctx.conversation.enter` can find the dialogue. With nothing
 * open, there is nothing for it to resume; what is left is that one lookup, which `enter` now
 * triggers itself (see {@link holdBackDialogueRegistration}).
 */
export function createDialogue(builder: ConversationBuilder<BotContext, DialogueContext>, config: ConversationConfig<BotContext, DialogueContext>): MiddlewareFn<BotContext> {
  const registration = createConversation<BotContext, DialogueContext>(builder, config);
  return (ctx: HoldingContext, next) => {
    const held = ctx[heldBack];
    if (held === undefined) return registration(ctx, next);
    held.push(registration);
    return next();
  };
}

/**
 * Installed right after the conversations plugin. For a person known to have no dialogue open it
 * lets {@link createDialogue} hold registrations back, and makes `ctx.conversation.enter` register
 * the held ones (in the order the tree met them) before it enters. A dialogue registered further
 * down the tree than the handler that enters it is unknown there, exactly as with the plugin alone.
 */
export function holdBackDialogueRegistration(): MiddlewareFn<BotContext> {
  return (ctx: HoldingContext, next) => {
    if (!knownToHaveNoDialogue(ctx)) return next();
    const held: Array<MiddlewareFn<BotContext>> = [];
    ctx[heldBack] = held;
    const controls = ctx.conversation;
    const enter = controls.enter.bind(controls);
    controls.enter = async (...args: Parameters<typeof enter>) => {
      for (const register of held.splice(0)) await register(ctx, passOn);
      return enter(...args);
    };
    return next();
  };
}

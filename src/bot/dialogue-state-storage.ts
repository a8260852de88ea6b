import type { ConversationData, VersionedState, VersionedStateStorage } from '@grammyjs/conversations';
import type { JsonStore } from '../storage/json-store';
import type { BotContext } from './context';

/** Dialogue state as the conversations plugin stores it (the dialogue store holds it as JSON). */
export type DialogueState = VersionedState<ConversationData>;

/** Only in a private chat is the session (keyed by user) the chat's own; elsewhere it says nothing of the chat. */
function chatSession(ctx: BotContext): BotContext['session'] | undefined {
  return ctx.chat?.type === 'private' ? ctx.session : undefined;
}

/**
 * True when the session says this private chat has no dialogue (the plugin's read was skipped, or
 * found nothing). A group's session is not the chat's, so there it is never known.
 */
export function knownToHaveNoDialogue(ctx: BotContext): boolean {
  return chatSession(ctx)?.dialogueOpen === false;
}

/**
 * Where the conversations plugin keeps dialogue state: the dialogue store, keyed by chat. The
 * session (read on every update anyway) carries one flag, "a dialogue may be open", kept in step
 * with every write and delete. Most updates come from people with no dialogue open, and for them
 * the plugin's read of the dialogue store is skipped: one Redis round trip fewer per update.
 * An unknown flag (a session from before it existed) means "look", and what is found sets it.
 */
export function dialogueStateStorage(
  dialogues: JsonStore<DialogueState>,
): VersionedStateStorage<BotContext, ConversationData> {
  const keyOf = (ctx: BotContext) => (ctx.chatId === undefined ? undefined : String(ctx.chatId));
  return {
    async read(ctx) {
      const key = keyOf(ctx);
      if (key === undefined || knownToHaveNoDialogue(ctx)) return undefined;
      const state = await dialogues.read(key);
      const known = chatSession(ctx);
      if (known) known.dialogueOpen = state !== undefined;
      return state;
    },
    async write(ctx, state) {
      const key = keyOf(ctx);
      if (key === undefined) return;
      await dialogues.write(key, state);
      const known = chatSession(ctx);
      if (known) known.dialogueOpen = true;
    },
    async delete(ctx) {
      const key = keyOf(ctx);
      if (key === undefined) return;
      await dialogues.delete(key);
      const known = chatSession(ctx);
      if (known) known.dialogueOpen = false;
    },
  };
}

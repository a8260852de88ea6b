import type { ConversationData, VersionedState, VersionedStateStorage } from '@grammyjs/conversations';
import type { JsonStore } from '../storage/json-store';
import type { BotContext } from './context';

/** Fields of users and chats that name a person; dialogues never need them. */
const NAME_FIELDS = new Set(['first_name', 'last_name', 'username']);
/** Parts of the bot's own sent messages that replay never reads (the card texts: most of the size). */
const SENT_MESSAGE_FIELDS = new Set(['text', 'entities', 'reply_markup', 'caption', 'caption_entities', 'link_preview_options']);

/**
 * The dialogue state as stored: the conversations plugin logs every update and API result of a
 * step so it can replay it, and those carry the person's name, username and (for a shared contact)
 * phone number. Replay never reads them (the dialogues do not use names), so they are blanked
 * before the state reaches Redis; so is the text of the bot's own messages, which only made the
 * state big (a card step: ~2.8 KB → under 1 KB).
 */
export function withoutPersonalFields<T>(state: T): T {
  return JSON.parse(
    JSON.stringify(state, function (this: Record<string, unknown>, key: string, value: unknown) {
      if (NAME_FIELDS.has(key) && typeof value === 'string') return key === 'first_name' ? '' : undefined;
      if (key === 'phone_number' && typeof value === 'string') return '';
      const from = this.from as { is_bot?: boolean } | undefined;
      if (SENT_MESSAGE_FIELDS.has(key) && typeof this.message_id === 'number' && from?.is_bot === true) return undefined;
      return value;
    }),
  ) as T;
}

/**
 * Where the conversations plugin keeps dialogue state: the dialogue store, keyed by chat. The
 * session (read on every update anyway) carries one flag, "a dialogue may be open", kept in step
 * with every write and delete. Most updates come from people with no dialogue open, and for them
 * the plugin's read of the dialogue store is skipped: one Redis round trip fewer per update.
 * An unknown flag (a session from before it existed) means "look", and what is found sets it.
 */
export function dialogueStateStorage(
  dialogues: JsonStore<VersionedState<ConversationData>>,
): VersionedStateStorage<BotContext, ConversationData> {
  const keyOf = (ctx: BotContext) => (ctx.chatId === undefined ? undefined : String(ctx.chatId));
  // Only in a private chat is the session (keyed by user) the chat's own.
  const session = (ctx: BotContext) => (ctx.chat?.type === 'private' ? ctx.session : undefined);
  return {
    async read(ctx) {
      const key = keyOf(ctx);
      if (key === undefined || session(ctx)?.dialogueOpen === false) return undefined;
      const state = await dialogues.read(key);
      const known = session(ctx);
      if (known) known.dialogueOpen = state !== undefined;
      return state;
    },
    async write(ctx, state) {
      const key = keyOf(ctx);
      if (key === undefined) return;
      await dialogues.write(key, withoutPersonalFields(state));
      const known = session(ctx);
      if (known) known.dialogueOpen = true;
    },
    async delete(ctx) {
      const key = keyOf(ctx);
      if (key === undefined) return;
      await dialogues.delete(key);
      const known = session(ctx);
      if (known) known.dialogueOpen = false;
    },
  };
}

/** Fields of Telegram users and chats that name a person. */
const NAME_FIELDS = new Set(['first_name', 'last_name', 'username']);
/** Parts of the bot's own sent messages that dialogue replay never reads (card texts: most of the size). */
const SENT_MESSAGE_FIELDS = new Set(['text', 'entities', 'reply_markup', 'caption', 'caption_entities', 'link_preview_options']);

/**
 * A `JSON.stringify` replacer for dialogue state. The conversations plugin logs every update and
 * API result of a step so it can replay it, and those carry the person's name, username and (for
 * a shared contact) phone number. Replay never reads them (the dialogues do not use names), so
 * they are blanked as the state is written; so is the text of the bot's own messages, which only
 * made the state big (a card step: ~2.8 KB → under 1 KB).
 */
export function withoutPersonalFields(this: unknown, key: string, value: unknown): unknown {
  if (NAME_FIELDS.has(key) && typeof value === 'string') return key === 'first_name' ? '' : undefined;
  if (key === 'phone_number' && typeof value === 'string') return '';
  const holder = this as { message_id?: unknown; from?: { is_bot?: boolean } };
  if (SENT_MESSAGE_FIELDS.has(key) && typeof holder.message_id === 'number' && holder.from?.is_bot === true) return undefined;
  return value;
}

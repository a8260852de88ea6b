import type { Update } from 'grammy/types';

let updateId = 0;

/** A private-chat text message from `userId` (a command when it starts with "/"). */
export function message(userId: number, text: string, languageCode = 'tg'): Update {
  const chat = { id: userId, type: 'private' as const, first_name: 'B' };
  const from = { id: userId, is_bot: false, first_name: 'B', language_code: languageCode };
  const entities = text.startsWith('/') ? [{ type: 'bot_command' as const, offset: 0, length: text.length }] : undefined;
  return { update_id: ++updateId, message: { message_id: updateId, date: 0, chat, from, text, entities } };
}

/** A press of an inline button with `data` under message `messageId` in the private chat of `userId`. */
export function press(userId: number, data: string, messageId = 1, languageCode = 'tg'): Update {
  const from = { id: userId, is_bot: false, first_name: 'B', language_code: languageCode };
  const chat = { id: userId, type: 'private' as const, first_name: 'B' };
  return {
    update_id: ++updateId,
    callback_query: { id: String(updateId), from, chat_instance: 'c', data, message: { message_id: messageId, date: 0, chat, text: 'x' } },
  };
}

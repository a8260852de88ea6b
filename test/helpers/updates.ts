/** A private-chat text update as Telegram sends it (a command gets its bot_command entity). */
export function textUpdate(updateId: number, userId: number, text: string, languageCode = 'tg') {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: 'Zarina' },
      from: { id: userId, is_bot: false, first_name: 'Zarina', language_code: languageCode },
      text,
      ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}),
    },
  };
}

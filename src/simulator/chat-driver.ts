import type { Bot, Context } from 'grammy';
import type { Message, Update } from 'grammy/types';
import type { ChatMessage, FakeTelegram } from './fake-telegram';

/** A Telegram user as the simulator and tests play them. */
export interface SimulatedUser {
  id: number;
  firstName?: string;
  languageCode?: string;
}

let lastUpdateId = 0;

/**
 * Plays one user in a private chat: turns typed text and button presses into real Telegram
 * updates, hands them to the bot, and returns what the bot showed in answer.
 */
export class ChatDriver {
  constructor(
    private readonly bot: Bot<Context>,
    private readonly telegram: FakeTelegram,
    readonly user: SimulatedUser,
  ) {}

  /** Sends a text message (a leading "/" makes it a command, as Telegram marks it). */
  async send(text: string): Promise<ChatMessage[]> {
    const command = /^\/[a-z0-9_]+(@\w+)?/i.exec(text);
    return this.deliver({
      message: {
        ...this.messageBase(),
        text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      } as Update["message"],
    });
  }

  /** Sends a sticker, which the bot cannot read. */
  async sendSticker(): Promise<ChatMessage[]> {
    return this.deliver({
      message: {
        ...this.messageBase(),
        sticker: { file_id: 'sticker', file_unique_id: 's', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false },
      } as Update["message"],
    });
  }

  /** Sends a photo, which the bot cannot read. */
  async sendPhoto(): Promise<ChatMessage[]> {
    return this.deliver({
      message: { ...this.messageBase(), photo: [{ file_id: 'photo', file_unique_id: 'p', width: 90, height: 90 }] } as Update["message"],
    });
  }

  /** Sends a file as a document message (Telegram then serves it through getFile and a download URL). */
  async sendDocument(fileName: string, content: string, mimeType = 'application/json'): Promise<ChatMessage[]> {
    const file = this.telegram.uploadFile(content);
    return this.deliver({
      message: { ...this.messageBase(), document: { ...file, file_name: fileName, mime_type: mimeType } } as Update["message"],
    });
  }

  /** Presses the button whose text contains `label`, on the newest message that has one. */
  async press(label: string | RegExp): Promise<ChatMessage[]> {
    const matches = (text: string) => (typeof label === 'string' ? text.includes(label) : label.test(text));
    for (const message of [...this.messages()].reverse()) {
      const button = message.keyboard?.inline_keyboard.flat().find((b) => matches(b.text));
      if (button && 'callback_data' in button && button.callback_data) return this.pressData(button.callback_data, message);
    }
    const visible = this.buttons().map((b) => b.text).join(' | ');
    throw new Error(`no button matching ${String(label)}; visible buttons: ${visible}`);
  }

  /** Presses a button carrying `data` (tests use this to replay old or forged buttons). */
  async pressData(data: string, on?: ChatMessage): Promise<ChatMessage[]> {
    const message = on ?? this.messages().at(-1);
    return this.deliver({
      callback_query: {
        id: `cb${++lastUpdateId}`,
        from: this.from(),
        chat_instance: `ci${this.user.id}`,
        data,
        ...(message
          ? {
              message: {
                message_id: message.messageId,
                date: Math.floor(Date.now() / 1000),
                chat: { id: this.user.id, type: 'private', first_name: this.user.firstName ?? 'User' },
                text: message.text,
              } as Update["message"],
            }
          : {}),
      },
    });
  }

  /** The buttons of the newest message that has any, in reading order. */
  buttons(): Array<{ text: string; data?: string }> {
    const message = [...this.messages()].reverse().find((m) => m.keyboard);
    return (message?.keyboard?.inline_keyboard.flat() ?? []).map((b) => ({
      text: b.text,
      data: 'callback_data' in b ? b.callback_data : undefined,
    }));
  }

  /** This chat's messages as they look now. */
  messages(): readonly ChatMessage[] {
    return this.telegram.chat(this.user.id);
  }

  /** The newest message in the chat. */
  lastMessage(): ChatMessage | undefined {
    return this.messages().at(-1);
  }

  private async deliver(partial: Omit<Update, 'update_id'>): Promise<ChatMessage[]> {
    const shown: ChatMessage[] = [];
    const listener = (event: { message: ChatMessage }) => {
      if (event.message.chatId === this.user.id) shown.push({ ...event.message });
    };
    this.telegram.onMessage(listener);
    try {
      await this.bot.handleUpdate({ update_id: ++lastUpdateId, ...partial } as Update);
    } finally {
      this.telegram.offMessage(listener);
    }
    return shown;
  }

  private from() {
    return {
      id: this.user.id,
      is_bot: false,
      first_name: this.user.firstName ?? 'User',
      ...(this.user.languageCode ? { language_code: this.user.languageCode } : {}),
    };
  }

  private messageBase() {
    return {
      message_id: ++lastUpdateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: this.user.id, type: 'private' as const, first_name: this.user.firstName ?? 'User' },
      from: this.from(),
    };
  }
}

import type { Bot, Context } from 'grammy';
import type { Update } from 'grammy/types';
import type { ChatMessage, FakeGroup, FakeTelegram } from './fake-telegram';

/** A Telegram user as the simulator and tests play them. */
export interface SimulatedUser {
  id: number;
  firstName?: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

let lastUpdateId = 0;

/** Where in a group a message is written: a forum topic, and/or as a reply to a message. */
export interface GroupPlace {
  threadId?: number;
  replyTo?: number;
}

/**
 * Plays one user in a private chat (or, given a group, one member writing in that group): turns
 * typed text and button presses into real Telegram updates, hands them to the bot, and returns
 * what the bot showed in answer.
 */
export class ChatDriver {
  constructor(
    private readonly bot: Bot<Context>,
    private readonly telegram: FakeTelegram,
    readonly user: SimulatedUser,
    /** The group this member writes in; a private chat with the bot when absent. */
    readonly group?: FakeGroup,
  ) {}

  /** The chat this driver writes in. */
  get chatId(): number {
    return this.group?.id ?? this.user.id;
  }

  /** Sends a text message (a leading "/" makes it a command, as Telegram marks it). */
  async send(text: string, place: GroupPlace = {}): Promise<ChatMessage[]> {
    const command = /^\/[a-z0-9_]+(@\w+)?/i.exec(text);
    return this.deliverMessage(
      { text, ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}) },
      place,
    );
  }

  /** Sends a sticker, which the bot cannot read. */
  async sendSticker(place: GroupPlace = {}): Promise<ChatMessage[]> {
    return this.deliverMessage(
      { sticker: { file_id: 'sticker', file_unique_id: 's', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } },
      place,
    );
  }

  /** Sends a photo (with an optional caption). */
  async sendPhoto(caption?: string, place: GroupPlace = {}): Promise<ChatMessage[]> {
    const n = ++lastUpdateId;
    return this.deliverMessage(
      { photo: [{ file_id: `photo${n}`, file_unique_id: `p${n}`, width: 90, height: 90 }], ...(caption ? { caption } : {}) },
      place,
    );
  }

  /** Sends a voice message. */
  async sendVoice(place: GroupPlace = {}): Promise<ChatMessage[]> {
    const n = ++lastUpdateId;
    return this.deliverMessage({ voice: { file_id: `voice${n}`, file_unique_id: `v${n}`, duration: 7 } }, place);
  }

  /** Sends a file as a document message (Telegram then serves it through getFile and a download URL). */
  async sendDocument(fileName: string, content: string, mimeType = 'application/json', place: GroupPlace = {}): Promise<ChatMessage[]> {
    const file = this.telegram.uploadFile(content);
    return this.deliverMessage({ document: { ...file, file_name: fileName, mime_type: mimeType } }, place);
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
                chat: this.chat(),
                // As Telegram sends it: the message with the button is the bot's own.
                from: { id: this.telegram.botInfo.id, is_bot: true, first_name: this.telegram.botInfo.first_name },
                text: message.text,
                ...(message.threadId !== undefined ? { message_thread_id: message.threadId, is_topic_message: true } : {}),
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

  /** This chat's messages from the bot as they look now. */
  messages(): readonly ChatMessage[] {
    return this.telegram.chat(this.chatId);
  }

  /** The newest message in the chat. */
  lastMessage(): ChatMessage | undefined {
    return this.messages().at(-1);
  }

  /** Sends a message with this content, recorded by the fake API so that the bot can copy it. */
  private async deliverMessage(content: Record<string, unknown>, place: GroupPlace): Promise<ChatMessage[]> {
    const message = { ...this.messageBase(), ...this.groupPlacement(place), ...content };
    this.telegram.recordIncoming(message);
    return this.deliver({ message });
  }

  /**
   * Topic and reply fields as Telegram fills them: in a forum topic a message that replies to
   * nothing still "replies" to the topic's creation message.
   */
  private groupPlacement(place: GroupPlace): Record<string, unknown> {
    if (!this.group) return {};
    const replied = place.replyTo !== undefined ? this.messages().find((m) => m.messageId === place.replyTo) : undefined;
    const replyTo =
      place.replyTo !== undefined
        ? {
            message_id: place.replyTo,
            date: Math.floor(Date.now() / 1000),
            chat: this.chat(),
            ...(replied ? { from: { id: this.telegram.botInfo.id, is_bot: true, first_name: this.telegram.botInfo.first_name }, text: replied.text } : {}),
          }
        : place.threadId !== undefined
          ? { message_id: place.threadId, date: Math.floor(Date.now() / 1000), chat: this.chat(), forum_topic_created: { name: 'topic', icon_color: 7322096 } }
          : undefined;
    return {
      ...(place.threadId !== undefined ? { message_thread_id: place.threadId, is_topic_message: true } : {}),
      ...(replyTo ? { reply_to_message: replyTo } : {}),
    };
  }

  private async deliver(partial: Omit<Update, 'update_id'>): Promise<ChatMessage[]> {
    const shown: ChatMessage[] = [];
    const listener = (event: { message: ChatMessage }) => {
      if (event.message.chatId === this.chatId) shown.push({ ...event.message });
    };
    this.telegram.onMessage(listener);
    try {
      await this.bot.handleUpdate({ update_id: ++lastUpdateId, ...partial });
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
      ...(this.user.lastName ? { last_name: this.user.lastName } : {}),
      ...(this.user.username ? { username: this.user.username } : {}),
      ...(this.user.languageCode ? { language_code: this.user.languageCode } : {}),
    };
  }

  private chat() {
    return this.group
      ? { id: this.group.id, type: 'supergroup' as const, title: this.group.title, ...(this.group.isForum ? { is_forum: true as const } : {}) }
      : { id: this.user.id, type: 'private' as const, first_name: this.user.firstName ?? 'User' };
  }

  private messageBase() {
    return {
      message_id: this.telegram.nextIncomingMessageId(),
      date: Math.floor(Date.now() / 1000),
      chat: this.chat(),
      from: this.from(),
    };
  }
}

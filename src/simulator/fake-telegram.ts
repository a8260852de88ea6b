import { Readable } from 'node:stream';
import type { InlineKeyboardMarkup, UserFromGetMe } from 'grammy/types';
import { findHtmlError, htmlToPlainText } from './telegram-html';

/** One Bot API call the bot made. */
export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
}

/** A message as the user's chat shows it now (after any edits). */
export interface ChatMessage {
  messageId: number;
  chatId: number;
  /** What the reader sees: HTML tags removed, entities decoded. */
  text: string;
  /** The text exactly as the bot sent it. */
  rawText: string;
  keyboard?: InlineKeyboardMarkup;
  document?: { fileName: string; content: string };
  /** A photo, file, voice... (copied messages keep it): its kind and Telegram file id. */
  media?: { kind: MediaKind; fileId: string };
  /** A photo the bot uploaded (sendPhoto with a file): the bytes as sent, and the PNG's size. */
  photo?: { bytes: Buffer; width: number; height: number };
  /** Pinned in its chat (pinChatMessage). */
  pinned?: boolean;
  /** Forum topic the message is in (groups with topics). */
  threadId?: number;
  /** The message this one replies to. */
  replyTo?: number;
  /** Emoji reactions the bot set on the message. */
  reactions?: string[];
  edited: boolean;
}

/** Kinds of media the fake keeps apart (enough for relaying messages between chats). */
export type MediaKind = 'photo' | 'document' | 'voice' | 'video' | 'video_note' | 'audio' | 'animation' | 'sticker';
const MEDIA_KINDS: readonly MediaKind[] = ['photo', 'document', 'voice', 'video', 'video_note', 'audio', 'animation', 'sticker'];

/** A group chat the fake knows (the staff group of the hand-off feature). */
export interface FakeGroup {
  id: number;
  title: string;
  /** Forum topics enabled. */
  isForum: boolean;
}

interface ForumTopic {
  name: string;
  closed: boolean;
  deleted: boolean;
}

/** An error the fake API answers with instead of a result. */
export interface InjectedFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

/** The bot identity the fake API reports. */
export const FAKE_BOT_INFO: UserFromGetMe = {
  id: 100_000_001,
  is_bot: true,
  first_name: 'Migrant Help',
  username: 'migrant_help_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

type Listener = (event: { kind: 'sent' | 'edited'; message: ChatMessage }) => void;

/**
 * An in-process stand-in for the Bot API, plugged in as the bot's `fetch`. Every real call the bot
 * makes passes here exactly once — also calls made inside dialogues, whose replays never reach the
 * transport — and is recorded. It keeps each chat's messages and rejects what Telegram would reject
 * (bad HTML, over-long text, over-long button data), so tests see Telegram's failures, not silence.
 */
export class FakeTelegram {
  /** Every call, in order. */
  readonly calls: RecordedCall[] = [];
  private readonly messages = new Map<number, ChatMessage[]>();
  /** Messages people sent to the bot (copyMessage and reactions can refer to them), by "chat:message". */
  private readonly incoming = new Map<string, ChatMessage>();
  private readonly groups = new Map<number, FakeGroup>();
  private readonly topics = new Map<string, ForumTopic>();
  private readonly failures: Array<{ method: string; failure: InjectedFailure; remaining: number; chatId?: number }> = [];
  private readonly listeners: Listener[] = [];
  private readonly files = new Map<string, { file_id: string; file_unique_id: string; file_size: number; file_path: string; content: string }>();
  private nextMessageId = 1;
  private pendingUpdates: Array<Record<string, unknown>> = [];
  private readonly pollers: Array<() => void> = [];
  private lastUpdateId = 0;

  constructor(readonly botInfo: UserFromGetMe = FAKE_BOT_INFO) {}

  /** The `fetch` to give the bot. */
  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // File downloads: `<apiRoot>/file/bot<token>/<file_path>`, as Telegram serves them.
    const download = /\/file\/bot[^/]+\/(.+)$/.exec(new URL(url).pathname);
    if (download) return this.serveFile(decodeURIComponent(download[1]!));
    const method = url.slice(url.lastIndexOf('/') + 1);
    const payload = await readPayload(init);
    if (method === 'getUpdates') return jsonResponse(await this.longPoll(payload, init?.signal ?? undefined));
    const answer = this.call(method, payload);
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;

  /** Queues an update for a bot that polls with getUpdates. */
  pushUpdate(update: Record<string, unknown>): void {
    this.pendingUpdates.push({ update_id: ++this.lastUpdateId, ...update });
    for (const wake of this.pollers.splice(0)) wake();
  }

  /** Long polling as Telegram does it: answers at once when updates wait, else after a short wait. */
  private async longPoll(payload: Record<string, unknown>, signal?: AbortSignal) {
    this.calls.push({ method: 'getUpdates', payload });
    const offset = Number(payload.offset ?? 0);
    this.pendingUpdates = this.pendingUpdates.filter((u) => Number(u.update_id) >= offset);
    if (this.pendingUpdates.length === 0) {
      // Short waits keep tests fast; the real server waits up to `timeout` seconds.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(Number(payload.timeout ?? 0) * 1000, 200));
        this.pollers.push(() => {
          clearTimeout(timer);
          resolve();
        });
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return { ok: true, result: this.pendingUpdates.slice(0, Number(payload.limit ?? 100)) };
  }

  /** Stores a file a user sends (see ChatDriver.sendDocument); the bot gets it with getFile and a download. */
  uploadFile(content: string): { file_id: string; file_unique_id: string; file_size: number } {
    const n = this.files.size + 1;
    const file = { file_id: `file${n}`, file_unique_id: `u${n}`, file_size: Buffer.byteLength(content), file_path: `documents/file_${n}.json` };
    this.files.set(file.file_id, { ...file, content });
    return { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.file_size };
  }

  /** Makes a group known (getChat answers for it; with `isForum`, forum topics can be created in it). */
  registerGroup(group: FakeGroup): void {
    this.groups.set(group.id, group);
  }

  /** A forum topic as it is now (tests check names and closing). */
  topic(chatId: number, threadId: number): Readonly<ForumTopic> | undefined {
    return this.topics.get(`${chatId}:${threadId}`);
  }

  /** A staff member deletes a topic in the Telegram app (the bot is not told). */
  deleteTopic(chatId: number, threadId: number): void {
    const topic = this.topics.get(`${chatId}:${threadId}`);
    if (topic) topic.deleted = true;
  }

  /** A message id for a message a person sends now (ids are unique across chats here). */
  nextIncomingMessageId(): number {
    return this.nextMessageId++;
  }

  /** Keeps a message a person sent, so that the bot can copy it or react to it. */
  recordIncoming(message: Record<string, unknown>): void {
    const chatId = Number((message.chat as { id: number }).id);
    const kind = MEDIA_KINDS.find((k) => k in message);
    const raw = message[kind ?? ''];
    const file: unknown = Array.isArray(raw) ? raw.at(-1) : raw;
    const text = [message.text, message.caption].find((value): value is string => typeof value === 'string') ?? '';
    this.incoming.set(`${chatId}:${Number(message.message_id)}`, {
      messageId: Number(message.message_id),
      chatId,
      text,
      rawText: text,
      media: kind ? { kind, fileId: String((file as { file_id?: string } | undefined)?.file_id ?? kind) } : undefined,
      threadId: typeof message.message_thread_id === 'number' ? message.message_thread_id : undefined,
      edited: false,
    });
  }

  /** A message a person sent, as the fake keeps it. */
  incomingMessage(chatId: number, messageId: number): ChatMessage | undefined {
    return this.incoming.get(`${chatId}:${messageId}`);
  }

  /** Makes the next `times` calls of `method` (optionally only to `chatId`) fail with `failure`. */
  failNext(method: string, failure: InjectedFailure, times = 1, chatId?: number): void {
    this.failures.push({ method, failure, remaining: times, chatId });
  }

  /** Called for every message sent or edited (the simulator prints them). */
  onMessage(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Stops calling a listener given to {@link onMessage}. */
  offMessage(listener: Listener): void {
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
  }

  /** The messages of a chat, oldest first, as they look now. */
  chat(chatId: number): readonly ChatMessage[] {
    return this.messages.get(chatId) ?? [];
  }

  /** Calls of one method. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Handles one Bot API call; returns Telegram's JSON envelope. */
  call(method: string, payload: Record<string, unknown>): { ok: true; result: unknown } | ({ ok: false } & InjectedFailure) {
    this.calls.push({ method, payload });
    const injected = this.takeFailure(method, Number(payload.chat_id));
    if (injected) return { ok: false, ...injected };
    try {
      return { ok: true, result: this.perform(method, payload) };
    } catch (error) {
      if (error instanceof BadRequest) return { ok: false, error_code: 400, description: error.message };
      throw error;
    }
  }

  private takeFailure(method: string, chatId: number): InjectedFailure | undefined {
    const index = this.failures.findIndex(
      (f) => (f.method === method || f.method === '*') && (f.chatId === undefined || f.chatId === chatId),
    );
    if (index < 0) return undefined;
    const entry = this.failures[index]!;
    if (--entry.remaining <= 0) this.failures.splice(index, 1);
    return entry.failure;
  }

  private perform(method: string, p: Record<string, unknown>): unknown {
    switch (method) {
      case 'getMe':
        return this.botInfo;
      case 'sendMessage':
        return this.store(Number(p.chat_id), checkText(p), checkKeyboard(p.reply_markup), undefined, this.placement(p));
      case 'copyMessage':
        return this.copy(p);
      case 'getChat':
        return this.chatInfo(Number(p.chat_id));
      case 'createForumTopic': {
        const group = this.groups.get(Number(p.chat_id));
        if (!group?.isForum) throw new BadRequest('Bad Request: the chat is not a forum');
        const name = typeof p.name === 'string' ? p.name : '';
        if (name.length < 1 || name.length > 128) throw new BadRequest('Bad Request: TOPIC_NAME_INVALID');
        const threadId = this.nextMessageId++;
        this.topics.set(`${group.id}:${threadId}`, { name, closed: false, deleted: false });
        return { message_thread_id: threadId, name, icon_color: 7322096 };
      }
      case 'editForumTopic':
        if (typeof p.name === 'string') this.liveTopic(p).name = p.name;
        return true;
      case 'closeForumTopic':
        this.liveTopic(p).closed = true;
        return true;
      case 'reopenForumTopic':
        this.liveTopic(p).closed = false;
        return true;
      case 'setMessageReaction': {
        const key = `${Number(p.chat_id)}:${Number(p.message_id)}`;
        const message = this.incoming.get(key) ?? this.chat(Number(p.chat_id)).find((m) => m.messageId === Number(p.message_id));
        if (!message) throw new BadRequest('Bad Request: message to react not found');
        message.reactions = ((p.reaction as Array<{ emoji?: string }> | undefined) ?? []).map((r) => r.emoji ?? '');
        return true;
      }
      case 'sendPhoto':
        return this.sendPhoto(p);
      case 'pinChatMessage': {
        const message = this.chat(Number(p.chat_id)).find((m) => m.messageId === Number(p.message_id));
        if (!message) throw new BadRequest('Bad Request: message to pin not found');
        message.pinned = true;
        return true;
      }
      case 'sendDocument': {
        const doc = p.document as { fileName: string; content: string } | undefined;
        const caption = typeof p.caption === 'string' ? p.caption : '';
        return this.store(Number(p.chat_id), { raw: caption, plain: htmlToPlainText(caption) }, checkKeyboard(p.reply_markup), doc);
      }
      case 'editMessageText':
        return this.edit(Number(p.chat_id), Number(p.message_id), checkText(p), checkKeyboard(p.reply_markup));
      case 'editMessageReplyMarkup': {
        const message = this.find(Number(p.chat_id), Number(p.message_id));
        message.keyboard = checkKeyboard(p.reply_markup);
        return this.toTelegram(message);
      }
      case 'deleteMessage': {
        const list = this.messages.get(Number(p.chat_id)) ?? [];
        this.messages.set(Number(p.chat_id), list.filter((m) => m.messageId !== Number(p.message_id)));
        return true;
      }
      case 'getFile': {
        const file = this.files.get(String(p.file_id));
        if (!file) throw new BadRequest('Bad Request: invalid file_id');
        return { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.file_size, file_path: file.file_path };
      }
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'setMyDescription':
      case 'setMyShortDescription':
      case 'setChatMenuButton':
      case 'sendChatAction':
      case 'setWebhook':
      case 'deleteWebhook':
      case 'leaveChat':
        return true;
      default:
        throw new BadRequest(`Not Found: method ${method} is not emulated`);
    }
  }

  /** Where a message goes inside its chat: a forum topic (which must be open) and the message it replies to. */
  private placement(p: Record<string, unknown>): { threadId?: number; replyTo?: number } {
    const threadId = typeof p.message_thread_id === 'number' ? p.message_thread_id : undefined;
    if (threadId !== undefined) {
      const topic = this.topics.get(`${Number(p.chat_id)}:${threadId}`);
      if (!topic || topic.deleted) throw new BadRequest('Bad Request: message thread not found');
      if (topic.closed) throw new BadRequest('Bad Request: TOPIC_CLOSED');
    }
    const reply = p.reply_parameters as { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
    return { threadId, replyTo: reply?.message_id };
  }

  private liveTopic(p: Record<string, unknown>): ForumTopic {
    const topic = this.topics.get(`${Number(p.chat_id)}:${Number(p.message_thread_id)}`);
    if (!topic || topic.deleted) throw new BadRequest('Bad Request: TOPIC_ID_INVALID');
    return topic;
  }

  private chatInfo(chatId: number) {
    const group = this.groups.get(chatId);
    if (group) return { id: group.id, type: 'supergroup', title: group.title, ...(group.isForum ? { is_forum: true } : {}), accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {} };
    if (chatId < 0) throw new BadRequest('Bad Request: chat not found');
    return { id: chatId, type: 'private', first_name: 'User', accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {} };
  }

  /** copyMessage: the same content in another chat, without a link to the original sender. */
  private copy(p: Record<string, unknown>) {
    const fromChat = Number(p.from_chat_id);
    const source = this.incoming.get(`${fromChat}:${Number(p.message_id)}`) ?? this.chat(fromChat).find((m) => m.messageId === Number(p.message_id));
    if (!source) throw new BadRequest('Bad Request: message to copy not found');
    let text = { raw: source.rawText, plain: source.text };
    if (typeof p.caption === 'string') {
      if (!source.media || source.media.kind === 'sticker' || source.media.kind === 'video_note') throw new BadRequest('Bad Request: this message can\'t have a caption');
      const htmlError = p.parse_mode === 'HTML' ? findHtmlError(p.caption) : undefined;
      if (htmlError) throw new BadRequest(htmlError);
      text = { raw: p.caption, plain: p.parse_mode === 'HTML' ? htmlToPlainText(p.caption) : p.caption };
    }
    if (source.media && text.plain.length > 1024) throw new BadRequest('Bad Request: message caption is too long');
    const copy = this.store(Number(p.chat_id), text, checkKeyboard(p.reply_markup), source.document, this.placement(p), source.media);
    return { message_id: copy.message_id };
  }

  /**
   * sendPhoto with an uploaded file, checked as Telegram checks photos: at most 10 MB, width and
   * height adding up to at most 10000 pixels, a ratio of at most 20. The fake reads PNG sizes only.
   */
  private sendPhoto(p: Record<string, unknown>) {
    const file = p.photo as { fileName: string; bytes?: Buffer } | undefined;
    if (!file?.bytes) throw new BadRequest('Bad Request: the fake takes uploaded photos only');
    const size = pngSize(file.bytes);
    if (!size) throw new BadRequest('Bad Request: IMAGE_PROCESS_FAILED');
    if (file.bytes.length > 10 * 1024 * 1024) throw new BadRequest('Bad Request: PHOTO_SAVE_FILE_INVALID');
    const ratio = Math.max(size.width, size.height) / Math.max(1, Math.min(size.width, size.height));
    if (size.width + size.height > 10000 || ratio > 20) throw new BadRequest('Bad Request: PHOTO_INVALID_DIMENSIONS');
    const caption = typeof p.caption === 'string' ? p.caption : '';
    const htmlError = p.parse_mode === 'HTML' ? findHtmlError(caption) : undefined;
    if (htmlError) throw new BadRequest(htmlError);
    const plain = p.parse_mode === 'HTML' ? htmlToPlainText(caption) : caption;
    if (plain.length > 1024) throw new BadRequest('Bad Request: message caption is too long');
    const fileId = `photo${this.nextMessageId}`;
    const photo = { bytes: file.bytes, ...size };
    const sent = this.store(Number(p.chat_id), { raw: caption, plain }, checkKeyboard(p.reply_markup), undefined, this.placement(p), { kind: 'photo', fileId }, photo);
    const sizes = [{ file_id: fileId, file_unique_id: `u${fileId}`, width: size.width, height: size.height }];
    return { ...sent, text: undefined, ...(caption ? { caption: plain } : {}), photo: sizes };
  }

  private serveFile(filePath: string): Response {
    const file = [...this.files.values()].find((f) => f.file_path === filePath);
    if (!file) return new Response('Not Found', { status: 404 });
    return new Response(file.content, { status: 200, headers: { 'content-type': 'application/octet-stream' } });
  }

  private store(
    chatId: number,
    text: { raw: string; plain: string },
    keyboard?: InlineKeyboardMarkup,
    document?: ChatMessage['document'],
    place: { threadId?: number; replyTo?: number } = {},
    media?: ChatMessage['media'],
    photo?: ChatMessage['photo'],
  ) {
    const message: ChatMessage = { messageId: this.nextMessageId++, chatId, text: text.plain, rawText: text.raw, keyboard, document, media, ...(photo ? { photo } : {}), ...place, edited: false };
    const list = this.messages.get(chatId) ?? [];
    list.push(message);
    this.messages.set(chatId, list);
    for (const listener of this.listeners) listener({ kind: 'sent', message });
    return this.toTelegram(message);
  }

  private edit(chatId: number, messageId: number, text: { raw: string; plain: string }, keyboard?: InlineKeyboardMarkup) {
    const message = this.find(chatId, messageId);
    if (message.rawText === text.raw && JSON.stringify(message.keyboard) === JSON.stringify(keyboard)) {
      throw new BadRequest('Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    }
    Object.assign(message, { text: text.plain, rawText: text.raw, keyboard, edited: true });
    for (const listener of this.listeners) listener({ kind: 'edited', message });
    return this.toTelegram(message);
  }

  private find(chatId: number, messageId: number): ChatMessage {
    const message = this.chat(chatId).find((m) => m.messageId === messageId);
    if (!message) throw new BadRequest('Bad Request: message to edit not found');
    return message;
  }

  private toTelegram(message: ChatMessage) {
    return {
      message_id: message.messageId,
      date: Math.floor(Date.now() / 1000),
      chat: this.groups.has(message.chatId)
        ? { id: message.chatId, type: 'supergroup', title: this.groups.get(message.chatId)!.title, ...(this.groups.get(message.chatId)!.isForum ? { is_forum: true } : {}) }
        : { id: message.chatId, type: 'private', first_name: 'User' },
      ...(message.threadId !== undefined ? { message_thread_id: message.threadId, is_topic_message: true } : {}),
      from: { id: this.botInfo.id, is_bot: true, first_name: this.botInfo.first_name },
      text: message.text,
      ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
    };
  }
}

class BadRequest extends Error {}

/** Width and height from a PNG's IHDR chunk; undefined when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function jsonResponse(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

function checkText(p: Record<string, unknown>): { raw: string; plain: string } {
  const raw = typeof p.text === 'string' ? p.text : '';
  if (raw.trim() === '') throw new BadRequest('Bad Request: message text is empty');
  const htmlError = p.parse_mode === 'HTML' ? findHtmlError(raw) : undefined;
  if (htmlError) throw new BadRequest(htmlError);
  const plain = p.parse_mode === 'HTML' ? htmlToPlainText(raw) : raw;
  if (plain.length > 4096) throw new BadRequest('Bad Request: message is too long');
  return { raw, plain };
}

function checkKeyboard(markup: unknown): InlineKeyboardMarkup | undefined {
  if (!markup || typeof markup !== 'object' || !('inline_keyboard' in markup)) return undefined;
  const keyboard = markup as InlineKeyboardMarkup;
  for (const button of keyboard.inline_keyboard.flat()) {
    if (!button.text) throw new BadRequest('Bad Request: text buttons are unallowed in the inline keyboard');
    if ('callback_data' in button && Buffer.byteLength(button.callback_data ?? '') > 64) {
      throw new BadRequest('Bad Request: BUTTON_DATA_INVALID');
    }
  }
  return keyboard;
}

/** Decodes grammY's request body: JSON, or multipart when a file is attached. */
async function readPayload(init?: RequestInit): Promise<Record<string, unknown>> {
  const body = init?.body;
  if (body === undefined || body === null) return {};
  if (typeof body === 'string') return JSON.parse(body) as Record<string, unknown>;
  const headers = new Headers(init?.headers);
  const chunks: Buffer[] = [];
  for await (const chunk of body as unknown as Readable) chunks.push(Buffer.from(chunk as Uint8Array));
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(headers.get('content-type') ?? '');
  const payload: Record<string, unknown> = {};
  const files = new Map<string, { fileName: string; content: string; bytes: Buffer }>();
  // grammY writes `filename=x.json` unquoted, which undici's FormData parser rejects: parse it here.
  for (const part of parseMultipart(Buffer.concat(chunks), boundary?.[1] ?? boundary?.[2] ?? '')) {
    if (part.fileName !== undefined) {
      files.set(part.name, { fileName: part.fileName, content: part.data.toString('utf8'), bytes: part.data });
      continue;
    }
    const value = part.data.toString('utf8');
    try {
      payload[part.name] = JSON.parse(value);
    } catch {
      payload[part.name] = value;
    }
  }
  // grammY sends a file as a field "document" = "attach://<id>" plus the file part under <id>.
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value === 'string' && value.startsWith('attach://')) {
      const file = files.get(value.slice('attach://'.length));
      if (file) payload[key] = file;
    }
  }
  return payload;
}

/** The parts of a multipart/form-data body: name, file name (for files) and raw content. */
function parseMultipart(raw: Buffer, boundary: string): Array<{ name: string; fileName?: string; data: Buffer }> {
  if (!boundary) return [];
  const parts: Array<{ name: string; fileName?: string; data: Buffer }> = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const section = raw.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after the delimiter and before the next
    const split = section.indexOf('\r\n\r\n');
    if (split >= 0) {
      const head = section.subarray(0, split).toString('utf8');
      const name = /(?:^|[;\s:])name="([^"]*)"/i.exec(head)?.[1];
      const fileName = /filename=(?:"([^"]*)"|([^;\r\n]+))/i.exec(head);
      if (name !== undefined) parts.push({ name, fileName: fileName ? (fileName[1] ?? fileName[2]) : undefined, data: section.subarray(split + 4) });
    }
    start = next;
  }
  return parts;
}

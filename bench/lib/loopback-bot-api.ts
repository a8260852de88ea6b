import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the loopback Bot API enforces and injects. */
export interface LoopbackBotApiOptions {
  /** sendMessage requests allowed in any sliding second (exempt chats aside), like Telegram's bulk limit. */
  perSecond: number;
  /** What a 429 tells the client to wait, in seconds. */
  retryAfterSeconds: number;
  /** Chats whose user blocked the bot: sendMessage answers 403. */
  blocked: ReadonlySet<number>;
  /** Chats outside the bulk limit (the admin's progress messages). */
  exemptChats: ReadonlySet<number>;
}

/** What happened to one chat's sendMessage requests. */
export interface ChatRecord {
  /** Accepted and delivered (200). */
  delivered: number;
  /** Accepted and refused for good: the user blocked the bot (403). */
  forbidden: number;
  /** Turned away as over the limit (429). */
  tooMany: number;
}

/**
 * A fake Bot API over loopback HTTP (node:http), so the delivery path runs as in production: the
 * broadcast runtime's own grammY Api, its HTTP client and sockets, pointed here with `botApiRoot`.
 * It enforces a global rate on sendMessage — more than `perSecond` accepted in the last second is
 * answered 429 with retry_after — answers 403 for blocked chats, and records every request per chat.
 */
export class LoopbackBotApi {
  /** Per chat (exempt chats aside): what its sendMessage requests got. */
  readonly chats = new Map<number, ChatRecord>();
  /** Arrival times (ms) of accepted bulk sends (200 or 403), in order. */
  readonly acceptedAt: number[] = [];
  /** Per chat: when its first send was accepted (how long a reminder waited behind a notice). */
  readonly firstAcceptedAt = new Map<number, number>();
  /** Requests to exempt chats (progress messages), any method. */
  exemptCalls = 0;
  private server?: Server;
  private nextMessageId = 1;
  /** Index into `acceptedAt` of the oldest send still inside the sliding second. */
  private windowStart = 0;

  constructor(private readonly options: LoopbackBotApiOptions) {}

  /** Starts listening on 127.0.0.1 and a free port; returns the API root to give the bot. */
  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    // Keep-alive sockets from the client must not hold the bench open at the end.
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops the server and drops open connections. */
  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Sum over chats of one field. */
  total(field: keyof ChatRecord): number {
    let sum = 0;
    for (const record of this.chats.values()) sum += record[field];
    return sum;
  }

  /** The most accepted bulk sends within any window of `windowMs`. */
  maxInAnyWindow(windowMs = 1000): number {
    let max = 0;
    for (let start = 0, end = 0; end < this.acceptedAt.length; end++) {
      while (this.acceptedAt[end]! - this.acceptedAt[start]! >= windowMs) start++;
      max = Math.max(max, end - start + 1);
    }
    return max;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const method = (request.url ?? '').slice((request.url ?? '').lastIndexOf('/') + 1);
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return this.answer(response, 400, { ok: false, error_code: 400, description: 'Bad Request: body is not JSON' });
    }
    const chatId = Number(payload.chat_id);
    if (this.options.exemptChats.has(chatId) || method !== 'sendMessage') {
      this.exemptCalls++;
      return this.answer(response, 200, { ok: true, result: method === 'sendMessage' || method === 'editMessageText' ? this.message(chatId) : true });
    }
    const record = this.chats.get(chatId) ?? { delivered: 0, forbidden: 0, tooMany: 0 };
    this.chats.set(chatId, record);
    const now = Date.now();
    while (this.windowStart < this.acceptedAt.length && this.acceptedAt[this.windowStart]! <= now - 1000) this.windowStart++;
    if (this.acceptedAt.length - this.windowStart >= this.options.perSecond) {
      record.tooMany++;
      const retryAfter = this.options.retryAfterSeconds;
      return this.answer(response, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } });
    }
    this.acceptedAt.push(now);
    if (!this.firstAcceptedAt.has(chatId)) this.firstAcceptedAt.set(chatId, now);
    if (this.options.blocked.has(chatId)) {
      record.forbidden++;
      return this.answer(response, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    record.delivered++;
    this.answer(response, 200, { ok: true, result: this.message(chatId) });
  }

  private message(chatId: number) {
    return { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: 'User' }, text: 'ok' };
  }

  private answer(response: ServerResponse, status: number, body: unknown): void {
    const json = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    response.end(json);
  }
}

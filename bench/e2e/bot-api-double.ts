import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';

/** Bot API methods that count as the bot answering a person. */
const REPLY_METHODS = new Set(['sendMessage', 'editMessageText', 'sendPhoto', 'copyMessage']);

/**
 * A Bot API double for whole-process benchmarks, over loopback HTTP: it hands queued updates to
 * long polls (getUpdates) as Telegram does, answers every other call with a plausible result,
 * and notes when each chat got a reply. It does as little as it can per request, so the
 * measurement is the bot's cost, not the double's.
 */
export class BotApiDouble {
  /** Reply calls per chat, with when they arrived (ms, `performance.now()`). */
  readonly replies = new Map<number, number[]>();
  /** All reply calls so far. */
  replyCount = 0;
  /** Every call but getUpdates, by method, since the last {@link resetReplies}. */
  readonly calls = new Map<string, number>();
  private readonly queue: Update[] = [];
  private readonly waiting = new Set<{ offset: number; limit: number; res: ServerResponse; timer: NodeJS.Timeout }>();
  private server?: Server;
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private replyListeners: Array<() => void> = [];

  /** Starts listening on 127.0.0.1; returns the API root to give the bot. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues updates (ids assigned here) and wakes a waiting poll. */
  push(updates: ReadonlyArray<Omit<Update, 'update_id'>>): void {
    for (const update of updates) this.queue.push({ ...update, update_id: this.nextUpdateId++ });
    for (const poll of [...this.waiting]) this.answerPoll(poll);
  }

  /** Resolves once `count` replies in all have arrived (or rejects after `timeoutMs`). */
  async untilReplies(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.replyCount < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.replyCount} of ${count} replies within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.replyListeners.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Forgets the replies noted so far (the queue and update ids go on). */
  resetReplies(): void {
    this.replies.clear();
    this.replyCount = 0;
    this.calls.clear();
  }

  /** Stops listening, ending held polls. */
  async close(): Promise<void> {
    for (const poll of this.waiting) {
      clearTimeout(poll.timer);
      poll.res.destroy();
    }
    this.waiting.clear();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = (req.url ?? '').slice((req.url ?? '').lastIndexOf('/') + 1);
      const body = chunks.length > 0 && (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      if (method === 'getUpdates') return this.poll(body, res);
      this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
      if (REPLY_METHODS.has(method)) this.noteReply(Number(body.chat_id));
      this.answer(res, this.resultOf(method, body));
    });
  }

  private resultOf(method: string, body: Record<string, unknown>): unknown {
    if (method === 'getMe') {
      return { id: 42, is_bot: true, first_name: 'Bench', username: 'bench_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };
    }
    if (method === 'sendMessage' || method === 'editMessageText' || method === 'sendPhoto' || method === 'copyMessage') {
      const chatId = Number(body.chat_id);
      return {
        message_id: method === 'editMessageText' ? Number(body.message_id) : this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: 'B' },
        text: typeof body.text === 'string' ? body.text : '',
      };
    }
    return true;
  }

  private noteReply(chatId: number): void {
    const at = performance.now();
    const list = this.replies.get(chatId);
    if (list) list.push(at);
    else this.replies.set(chatId, [at]);
    this.replyCount += 1;
    if (this.replyListeners.length > 0) for (const wake of this.replyListeners.splice(0)) wake();
  }

  private poll(body: Record<string, unknown>, res: ServerResponse): void {
    const offset = Number(body.offset ?? 0);
    const limit = Math.min(100, Number(body.limit ?? 100));
    const timeoutSeconds = Number(body.timeout ?? 0);
    const poll = { offset, limit, res, timer: setTimeout(() => this.answerPoll(poll, true), timeoutSeconds * 1000) };
    // Updates below the offset were confirmed: drop them, as Telegram does.
    while (this.queue.length > 0 && this.queue[0]!.update_id < offset) this.queue.shift();
    if (this.queue.length > 0 || timeoutSeconds === 0) return this.answerPoll(poll, true);
    this.waiting.add(poll);
    res.on('close', () => {
      clearTimeout(poll.timer);
      this.waiting.delete(poll);
    });
  }

  private answerPoll(poll: { offset: number; limit: number; res: ServerResponse; timer: NodeJS.Timeout }, evenIfEmpty = false): void {
    const updates = this.queue.filter((u) => u.update_id >= poll.offset).slice(0, poll.limit);
    if (updates.length === 0 && !evenIfEmpty) return;
    clearTimeout(poll.timer);
    this.waiting.delete(poll);
    if (!poll.res.destroyed) this.answer(poll.res, updates);
  }

  private answer(res: ServerResponse, result: unknown): void {
    const text = JSON.stringify({ ok: true, result });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
}

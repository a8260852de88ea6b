import type { UserFromGetMe } from 'grammy/types';
import { FAKE_BOT_INFO } from '../../src/simulator/fake-telegram';

/**
 * A Bot API transport that answers at once, in process, without a network and without the
 * simulator's bookkeeping (FakeTelegram keeps every chat's messages and checks HTML, which would
 * be timed as the bot's cost). Both the bot and the baseline get the same one, so what differs
 * between them is the bot's own work.
 */
export class LeanTelegram {
  /** Bot API calls answered, per method. */
  readonly calls = new Map<string, number>();
  private nextMessageId = 1;

  constructor(readonly botInfo: UserFromGetMe = FAKE_BOT_INFO) {}

  /** The `fetch` to give grammY. */
  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = url.slice(url.lastIndexOf('/') + 1);
    const payload = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    return new Response(JSON.stringify({ ok: true, result: this.result(method, payload) }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;

  /** Total calls answered. */
  get total(): number {
    let sum = 0;
    for (const n of this.calls.values()) sum += n;
    return sum;
  }

  private result(method: string, p: Record<string, unknown>): unknown {
    if (method === 'getMe') return this.botInfo;
    if (method !== 'sendMessage' && method !== 'editMessageText') return true;
    const chatId = Number(p.chat_id);
    return {
      message_id: method === 'editMessageText' ? Number(p.message_id) : this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'User' },
      from: { id: this.botInfo.id, is_bot: true, first_name: this.botInfo.first_name },
      text: typeof p.text === 'string' ? p.text : '',
    };
  }
}

import { Api, GrammyError, HttpError, InlineKeyboard, InputFile } from 'grammy';
import { botApiClientOptions, directJsonCalls, type BotApiFetch } from '../../src/bot/bot-api-transport';

/**
 * The bot's JSON-only Bot API calls bypass grammY's per-call machinery (see directJsonCalls): what
 * reaches the transport must be what grammY's own client would have sent, and what comes back
 * must reach callers as grammY's client hands it over.
 */

const TOKEN = '123456:unit-token';
const ROOT = 'http://bot-api.invalid';

interface Sent {
  url: string;
  init: RequestInit & { timeout?: number };
}

/** A transport that notes each request and answers with `answer`'s JSON (or throws what it throws). */
function recordingFetch(answer: (url: string) => unknown = () => ({ ok: true, result: true })) {
  const sent: Sent[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    const body = answer(url);
    return { ok: true, status: 200, statusText: 'OK', json: async () => body, text: async () => JSON.stringify(body) };
  }) as unknown as BotApiFetch;
  return { sent, fetch };
}

/** An Api on the recording transport, with the direct calls installed (as createBot does) or not. */
function apiOn(fetch: BotApiFetch, direct: boolean, timeoutSeconds?: number, more: Record<string, unknown> = {}): Api {
  const options = { ...botApiClientOptions(ROOT, { custom: fetch }), ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }), ...more };
  const api = new Api(TOKEN, options);
  if (direct) api.config.use(directJsonCalls(TOKEN, options));
  return api;
}

describe('the direct JSON calls', () => {
  it('send exactly the body and URL grammY sends, nulls dropped as grammY drops them, with no abort signal and grammY’s timeout', async () => {
    const payload = {
      text: 'Ҳуҷҷатҳо',
      parse_mode: 'HTML' as const,
      reply_markup: { inline_keyboard: [[{ text: 'Меню', callback_data: 'menu' }], [{ text: 'x', callback_data: 'y', url: null as unknown as string }]] },
      link_preview_options: { is_disabled: true, url: null as unknown as string },
      message_thread_id: undefined,
    };
    const viaGrammy = recordingFetch(() => ({ ok: true, result: { message_id: 1, date: 0, chat: { id: 7, type: 'private' }, text: 'x' } }));
    const viaDirect = recordingFetch(() => ({ ok: true, result: { message_id: 1, date: 0, chat: { id: 7, type: 'private' }, text: 'x' } }));

    await apiOn(viaGrammy.fetch, false).sendMessage(7, payload.text, payload);
    await apiOn(viaDirect.fetch, true).sendMessage(7, payload.text, payload);

    const [grammy] = viaGrammy.sent;
    const [direct] = viaDirect.sent;
    expect(direct!.url).toBe(`${ROOT}/bot${TOKEN}/sendMessage`);
    expect(direct!.url).toBe(grammy!.url);
    expect(direct!.init.body).toBe(grammy!.init.body);
    expect(direct!.init.body as string).not.toContain('null');
    expect(direct!.init.method).toBe('POST');
    expect(direct!.init.headers).toEqual(grammy!.init.headers);
    // grammY's own path carries its abort signal; the direct one a timeout instead (500 s, grammY's default).
    expect(grammy!.init.signal).toBeDefined();
    expect(direct!.init.signal).toBeUndefined();
    expect(direct!.init.timeout).toBe(500_000);
    // The payload the caller passed is not changed.
    expect(payload.link_preview_options.url).toBeNull();
  });

  it('keep a null inside an array as grammY does (JSON null there)', async () => {
    const payload = { commands: [{ command: 'start', description: 'Start' }], scope: { type: 'default' as const }, extra: [1, null, { a: null, b: 2 }] };
    const viaGrammy = recordingFetch();
    const viaDirect = recordingFetch();

    await apiOn(viaGrammy.fetch, false).raw.sendMessage(payload as never);
    await apiOn(viaDirect.fetch, true).raw.sendMessage(payload as never);

    expect(viaDirect.sent[0]!.init.signal).toBeUndefined();
    expect(viaDirect.sent[0]!.init.body).toBe(viaGrammy.sent[0]!.init.body);
  });

  it.each<[string, Record<string, unknown>]>([
    ["grammY's InlineKeyboard (a class instance, no toJSON) with a null button field", { reply_markup: new InlineKeyboard([[{ text: 'a', callback_data: 'b', url: null as unknown as string }]]) }],
    ['inherited enumerable members (JSON.stringify reads own ones only)', Object.assign(Object.create({ inherited: 'x', gone: null }) as object, { parse_mode: 'HTML', entities: null })],
  ])('send the same body as grammY for %s, directly', async (_name, extra) => {
    const viaGrammy = recordingFetch();
    const viaDirect = recordingFetch();

    await apiOn(viaGrammy.fetch, false).raw.sendMessage({ chat_id: 7, text: 'x', ...extra });
    await apiOn(viaDirect.fetch, true).raw.sendMessage(Object.assign(Object.create(Object.getPrototypeOf(extra) as object) as object, { chat_id: 7, text: 'x' }, extra));

    expect(viaDirect.sent[0]!.init.signal).toBeUndefined();
    expect(viaDirect.sent[0]!.init.body).toBe(viaGrammy.sent[0]!.init.body);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a file in an edited message (rich_message media)', { rich_message: { media: [{ type: 'photo', media: new InputFile(Buffer.from('png'), 'card.png') }] } }],
    ['an object with toJSON (whose result the replacer sees)', { reply_markup: { toJSON: () => ({ inline_keyboard: [], extra: null }) } }],
    ['a Date', { when: new Date(0) }],
  ])('leave a payload with %s to grammY’s client', async (_name, extra) => {
    const { sent, fetch } = recordingFetch();
    await apiOn(fetch, true).raw.editMessageText({ chat_id: 7, message_id: 1, text: 'x', ...extra });
    expect(sent[0]!.init.signal).toBeDefined();
  });

  it.each<[string, Record<string, unknown>]>([
    ['webhook replies', { canUseWebhookReply: () => true }],
    ['sensitive logs', { sensitiveLogs: true }],
    ['its own URLs', { buildUrl: (root: string, token: string, method: string) => `${root}/x${token}/${method}` }],
  ])('leave every call to grammY’s client when the client is set for %s', async (_name, more) => {
    const { sent, fetch } = recordingFetch();
    await apiOn(fetch, true, undefined, more).answerCallbackQuery('q1');
    expect(sent[0]!.init.signal).toBeDefined();
  });

  it('use the client’s own timeout when it names one', async () => {
    const { sent, fetch } = recordingFetch();
    await apiOn(fetch, true, 7).answerCallbackQuery('q1');
    expect(sent[0]!.init.timeout).toBe(7_000);
  });

  it('leave uploads, unlisted methods and calls with an abort signal to grammY’s client', async () => {
    const { sent, fetch } = recordingFetch((url) => ({ ok: true, result: url.endsWith('getUpdates') ? [] : { message_id: 1, date: 0, chat: { id: 7, type: 'private' } } }));
    const api = apiOn(fetch, true);

    await api.sendPhoto(7, new InputFile(Buffer.from('png'), 'card.png'));
    await api.getUpdates({ timeout: 0 });
    await api.sendMessage(7, 'with a signal', undefined, new AbortController().signal as never);
    await api.sendMessage(7, 'plain');

    expect(sent.map((s) => [s.url.slice(s.url.lastIndexOf('/') + 1), s.init.signal !== undefined])).toEqual([
      ['sendPhoto', true],
      ['getUpdates', true],
      ['sendMessage', true],
      ['sendMessage', false],
    ]);
    expect(typeof sent[0]!.init.body).not.toBe('string');
  });

  it("hand Telegram's refusal to callers as grammY's GrammyError, with its code, description and parameters", async () => {
    const { fetch } = recordingFetch(() => ({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }));

    const error = await apiOn(fetch, true).sendMessage(7, 'hi').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ method: 'sendMessage', error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 }, payload: { chat_id: 7, text: 'hi' } });
  });

  it("report a failure on the way as grammY's HttpError, naming the method and carrying the cause", async () => {
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const fetch = (async () => {
      throw cause;
    }) as unknown as BotApiFetch;
    const viaGrammy = await apiOn(fetch, false).sendMessage(7, 'hi').catch((e: unknown) => e);
    const viaDirect = await apiOn(fetch, true).sendMessage(7, 'hi').catch((e: unknown) => e);

    expect(viaDirect).toBeInstanceOf(HttpError);
    expect((viaDirect as HttpError).message).toBe((viaGrammy as HttpError).message);
    expect((viaDirect as HttpError).error).toBe(cause);
  });
});

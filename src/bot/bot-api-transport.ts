import nodeFetch from 'node-fetch';
import { HttpError, type ApiClientOptions, type Transformer } from 'grammy';
import { seriesByLabel, type BotMetrics } from '../observability/metrics';
import { botApiAgent, botApiMethodOf, fetchBotApi } from './bot-api-http';

/**
 * The HTTP transport every Api of this process uses to reach the Bot API.
 *
 * Production sends JSON calls (nearly all) straight over `node:http(s)` on a keep-alive agent
 * (bot-api-http.ts) and everything else — multipart uploads above all — through grammY's own Node
 * transport: node-fetch 2 over the keep-alive `http(s).Agent` grammY passes in its
 * `baseFetchConfig`. Not Node's global fetch: grammY 1.x hands every request a signal from its
 * `abort-controller` polyfill, which the global fetch of Node ≥ 24 rejects ("Expected signal to be
 * an instance of AbortSignal") — the bot then never reached Telegram.
 *
 * Tests and the simulator pass their own fetch (a Bot API double); that one is used instead.
 */
export type BotApiFetch = typeof fetch;

/** grammY's default Node transport (node-fetch), typed as grammY's `client.fetch` option wants it. */
export const grammyNodeFetch: BotApiFetch = nodeFetch;

/**
 * The production transport: JSON calls direct, the rest through node-fetch. Its responses are
 * `BotApiResponse`s, not whole Responses — grammY's client reads `json()` and nothing else —
 * hence the one cast to the option's type.
 */
export const botApiFetch: BotApiFetch = fetchBotApi as unknown as BotApiFetch;

/**
 * The transport for a bot's Api: `custom` (a double) or {@link botApiFetch}, counting every
 * call and failure per method when `metrics` is given.
 *
 * Counting sits at the transport because every real call passes here exactly once: dialogue
 * replays never reach it, unlike an API transformer installed inside a dialogue. It reads no body
 * of its own: a failure Telegram reports in the JSON (`ok: false`) is seen when grammY parses the
 * response, through a wrapped `json()`, so a call is parsed once.
 */
export function botApiTransport(options: { custom?: BotApiFetch; metrics?: BotMetrics } = {}): BotApiFetch {
  const base = options.custom ?? botApiFetch;
  const metrics = options.metrics;
  if (!metrics) return base;
  const callsOf = seriesByLabel((method) => metrics.apiCalls.labels({ method }));
  // Failures are rare: counted with their labels as given.
  const failed = (method: string, code: string) => metrics.apiFailures.inc({ method, code });
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const method = botApiMethodOf(input);
    callsOf(method).inc();
    let response: Response;
    try {
      response = await base(input, init);
    } catch (error) {
      failed(method, 'network');
      throw error;
    }
    if (!response.ok) failed(method, String(response.status));
    return new CountedResponse(response, method, failed) as unknown as Response;
  });
}

/**
 * A response whose `json()` also counts a failure Telegram reports in the body only (`ok: false`
 * with a 2xx status). A small object of one shape, rather than a `json` patched onto the response
 * itself: that made every response an object of its own kind and cost ~5 KB of garbage per call
 * (heap sampling of the FAQ answer's path).
 */
class CountedResponse {
  constructor(
    private readonly response: Response,
    private readonly method: string,
    private readonly failed: (method: string, code: string) => void,
  ) {}

  get ok(): boolean {
    return this.response.ok;
  }

  get status(): number {
    return this.response.status;
  }

  get statusText(): string {
    return this.response.statusText;
  }

  async json(): Promise<unknown> {
    const body = (await this.response.json()) as { ok?: boolean; error_code?: number } | null;
    if (this.response.ok && body?.ok === false) this.failed(this.method, String(body.error_code ?? 'unknown'));
    return body;
  }

  text(): Promise<string> {
    return this.response.text();
  }
}

/**
 * The client options of every Api this process makes (the bot's, the notice and reminder
 * workers'): `apiRoot`, the transport ({@link botApiTransport}) and the process's connection pool
 * for that root ({@link botApiAgent}), in place of the unbounded one grammY would make.
 */
export function botApiClientOptions(apiRoot: string, options: { custom?: BotApiFetch; metrics?: BotMetrics } = {}): ApiClientOptions {
  // grammY types this as the web fetch's init; on Node its own config is node-fetch's, with `agent`.
  const baseFetchConfig = { agent: botApiAgent(apiRoot) } as ApiClientOptions['baseFetchConfig'];
  return { apiRoot, fetch: botApiTransport(options), baseFetchConfig };
}

/**
 * Bot API methods the bot answers people with, and the few it makes at start-up. A payload that
 * holds anything JSON.stringify would not copy member by member (an `InputFile`, which
 * editMessageText's `rich_message` may carry, or any other object with `toJSON`) still goes
 * through grammY's own client (see {@link plainJson}); so does every other method.
 */
const DIRECT_METHODS: ReadonlySet<string> = new Set([
  'sendMessage',
  'editMessageText',
  'editMessageReplyMarkup',
  'answerCallbackQuery',
  'deleteMessage',
  'sendChatAction',
  'copyMessage',
  'forwardMessage',
  'getMe',
]);

/** grammY's request timeout when the client options name none (grammy/out/core/client.js). */
const GRAMMY_DEFAULT_TIMEOUT_SECONDS = 500;

/** {@link plainJson}'s answer for a value it leaves to grammY. */
const NOT_PLAIN = Symbol('not plain JSON');

/**
 * `value` as grammY's client serialises it: JSON.stringify with a replacer that drops `null`
 * members of objects (in arrays they stay `null`), but without the replacer, which keeps
 * JSON.stringify off its fast path. Copied only where a `null` member is found: a payload without
 * one (every one this bot makes) is returned as it is. Only own enumerable keys are read, as
 * JSON.stringify reads them (class instances such as grammY's InlineKeyboard included); anything
 * with a `toJSON` (an `InputFile`, a Date) makes the whole payload {@link NOT_PLAIN}, since the
 * replacer would then see what `toJSON` returns.
 */
function plainJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const item = value[i] as unknown;
      const kept = plainJson(item);
      if (kept === NOT_PLAIN) return NOT_PLAIN;
      if (kept !== item) copy ??= value.slice(0, i);
      if (copy) copy.push(kept);
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  const members = value as Record<string, unknown>;
  for (const key in members) {
    if (!Object.prototype.hasOwnProperty.call(members, key)) continue;
    const member = members[key];
    const kept = plainJson(member);
    if (kept === NOT_PLAIN) return NOT_PLAIN;
    if (kept === member && member !== null) continue;
    // A plain copy of the own enumerable members: all JSON.stringify would have read.
    copy ??= Object.fromEntries(Object.keys(members).map((k) => [k, members[k]]));
    if (member === null) delete copy[key];
    else copy[key] = kept;
  }
  return copy ?? value;
}

/**
 * The Bot API's JSON-only calls made without grammY's per-call machinery, installed innermost (first)
 * on an Api whose client has these options. grammY's client, for each call, checks the whole payload
 * for files, makes an abort controller (its event-target polyfill), a timer and two promises to race,
 * and serialises with a replacer function, which keeps JSON.stringify off its fast path: ~7 % of the
 * bot's CPU under load (profile of the whole process answering FAQ questions). Here a call is one
 * `JSON.stringify` and one request on the same transport, keep-alive pool and URL; the answer is
 * handed back as grammY's client hands it (`{ ok, result }` or Telegram's error), a failure on the
 * way as grammY's HttpError, so auto-retry and every caller see what they saw before.
 *
 * Left to grammY: other methods (files), calls with an abort signal (the runner's getUpdates) and
 * every call inside a dialogue: the conversations plugin makes its own Api there and installs its
 * replay transformer first, so this one could only sit outside it, where it must not.
 */
export function directJsonCalls(token: string, client: ApiClientOptions): Transformer {
  // What only grammY's client does: its own URLs, webhook replies, the error text it adds to logs.
  if (client.buildUrl !== undefined || client.environment === 'test' || client.canUseWebhookReply !== undefined || client.sensitiveLogs === true) {
    return (prev, method, payload, signal) => prev(method, payload, signal);
  }
  const apiRoot = client.apiRoot ?? 'https://api.telegram.org';
  const send = client.fetch ?? botApiFetch;
  // node-fetch's own `timeout` (ms without an answer on the socket), which the direct transport keeps
  // too: in place of grammY's timer and abort signal per call. (A test double's fetch may ignore it.)
  const baseInit = {
    ...client.baseFetchConfig,
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'keep-alive' },
    timeout: (client.timeoutSeconds ?? GRAMMY_DEFAULT_TIMEOUT_SECONDS) * 1000,
  };
  const urls = new Map<string, string>();
  const urlOf = (method: string) => {
    let url = urls.get(method);
    if (url === undefined) urls.set(method, (url = `${apiRoot}/bot${token}/${method}`));
    return url;
  };
  return (prev, method, payload, signal) => {
    if (signal !== undefined || !DIRECT_METHODS.has(method)) return prev(method, payload, signal);
    const json = plainJson(payload ?? {});
    if (json === NOT_PLAIN) return prev(method, payload, signal);
    // The answer as grammY's client resolves it (`{ ok, result }` or Telegram's error), untyped here as there.
    return callJson(send, urlOf(method), { ...baseInit, body: JSON.stringify(json) }, method) as Promise<never>;
  };
}

/** One JSON call: its parsed answer, or grammY's HttpError when none came. */
async function callJson(send: BotApiFetch, url: string, init: RequestInit, method: string): Promise<unknown> {
  try {
    const response = await send(url, init);
    return await response.json();
  } catch (error) {
    throw new HttpError(`Network request for '${method}' failed!`, error);
  }
}

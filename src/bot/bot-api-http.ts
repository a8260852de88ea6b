import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import nodeFetch from 'node-fetch';

/**
 * The Bot API's JSON calls straight over `node:http(s)`, without node-fetch's Request, Headers,
 * Body and stream piping (a profile of the bot under load put those at ~6% of CPU and ~12 KB of
 * garbage per call). Nearly every call is JSON: grammY sends a `JSON.stringify` string body unless
 * a file is uploaded. Anything else (multipart streams, a Request object, headers or options
 * grammY does not send, a redirect) goes to node-fetch unchanged.
 *
 * What grammY's client (grammy/out/core/client.js) uses, and so all this provides: of `init`,
 * `method`, `headers` (a plain object), `body`, `signal` (its abort-controller polyfill, aborted on
 * its timeout) and the `agent` of its `baseFetchConfig`; of the response, `json()` only — plus
 * `ok` and `status`, read by our metrics wrapper. Rejections look like node-fetch's: a FetchError
 * (type `system`, with the socket error's `code`) or an AbortError, which grammY wraps in HttpError.
 */

/** The part of a fetch Response that grammY's client and our metrics wrapper read. */
export interface BotApiResponse {
  /** Status 200–299. */
  readonly ok: boolean;
  /** HTTP status; Telegram's errors (400, 403, 429 …) carry a JSON body all the same. */
  readonly status: number;
  readonly statusText: string;
  /** The body parsed as JSON; rejects if it is not JSON (a proxy's HTML error page). */
  json(): Promise<unknown>;
  /** The body as text. */
  text(): Promise<string>;
}

/** A request failed on the way (refused, reset, premature close), shaped like node-fetch's FetchError. */
export class BotApiFetchError extends Error {
  override readonly name = 'FetchError';
  /** The socket error's code (`ECONNREFUSED`, `ECONNRESET` …), as node-fetch copies it. */
  readonly code?: string;
  readonly errno?: string;

  constructor(
    message: string,
    /** node-fetch's error type: `system` for socket errors, `invalid-json` for a body that is not JSON. */
    readonly type: string,
    cause?: NodeJS.ErrnoException,
  ) {
    super(message, cause ? { cause } : undefined);
    this.code = cause?.code;
    this.errno = cause?.code;
  }
}

/** The request was aborted through its signal (grammY's timeout), shaped like node-fetch's AbortError. */
export class BotApiAbortError extends Error {
  override readonly name = 'AbortError';
  readonly type = 'aborted';

  constructor() {
    super('The user aborted a request.');
  }
}

/** grammY's signal: the abort-controller polyfill's, which Node's own fetch refuses; only these members are used. */
interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** node-fetch's `init`, as grammY fills it (`agent`, `compress` come from its `baseFetchConfig`). */
interface NodeFetchInit extends Omit<RequestInit, 'signal'> {
  agent?: unknown;
  compress?: boolean;
  /** Milliseconds without an answer before the request fails (node-fetch's option); 0 or none: no limit. */
  timeout?: number;
  signal?: AbortSignalLike | null;
}

/** Keys of `init` the direct path understands; any other (redirect, timeout, size …) means node-fetch. */
const DIRECT_INIT_KEYS = new Set(['method', 'headers', 'body', 'signal', 'agent', 'compress', 'duplex', 'timeout']);

/**
 * How many connections to one Bot API root a process keeps open at most; more requests at once wait
 * for a free one.
 *
 * Why a bound: grammY's own agent opens a connection for every request beyond those idle and keeps
 * at most 256 idle, so a burst with more requests in flight than that (200 people pressing a button,
 * each press answered and its screen edited at once) closed and opened connections at every burst —
 * measured at the loopback Bot API double: 145 new connections in one burst of 200 presses, and
 * `connect`/`close` among the heaviest functions of its CPU profile; against Telegram each would be
 * a TLS handshake. Waiting a moment for a connection costs less than opening one; 128 connections
 * still carry well over a thousand calls a second at Telegram's round-trip times.
 */
export const BOT_API_MAX_CONNECTIONS = 128;

const agents = new Map<string, HttpAgent>();

/** The keep-alive connection pool of one Bot API root (`https://api.telegram.org`, a local server …), shared by every Api of the process. */
export function botApiAgent(apiRoot: string): HttpAgent {
  const origin = new URL(apiRoot).origin;
  let agent = agents.get(origin);
  if (agent === undefined) {
    const options = { keepAlive: true, maxSockets: BOT_API_MAX_CONNECTIONS, maxFreeSockets: BOT_API_MAX_CONNECTIONS };
    agent = origin.startsWith('https:') ? new HttpsAgent(options) : new HttpAgent(options);
    agents.set(origin, agent);
  }
  return agent;
}

/** A request the direct path can send, or undefined when node-fetch must. */
interface DirectRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | undefined;
  agent: HttpAgent;
  signal: AbortSignalLike | undefined;
  timeoutMs: number;
}

/**
 * The Bot API transport: JSON (string-body) calls over `node:http(s)` directly, everything else
 * through node-fetch. Resolves once the whole body has arrived.
 */
export function fetchBotApi(input: string | URL | Request, init?: RequestInit): Promise<BotApiResponse | Response> {
  const direct = directRequestOf(input, init);
  return direct ? sendDirect(direct, init) : nodeFetch(input, init);
}

/** Whether the request is one the direct path sends exactly as node-fetch would, and its parts. */
function directRequestOf(input: string | URL | Request, init: NodeFetchInit | undefined): DirectRequest | undefined {
  if (typeof input !== 'string' && !(input instanceof URL)) return undefined;
  if (init) {
    for (const key in init) if (!DIRECT_INIT_KEYS.has(key)) return undefined;
  }
  const body = init?.body ?? undefined;
  if (body !== undefined && typeof body !== 'string') return undefined;
  const method = (init?.method ?? 'GET').toUpperCase();
  if (method !== 'POST' && !(method === 'GET' && body === undefined)) return undefined;
  const headers = init?.headers ?? {};
  if (typeof headers !== 'object' || Object.getPrototypeOf(headers) !== Object.prototype) return undefined;
  const url = typeof input === 'string' ? new URL(input) : input;
  const https = url.protocol === 'https:';
  if (!https && url.protocol !== 'http:') return undefined;
  let agent = init?.agent;
  if (typeof agent === 'function') agent = (agent as (url: URL) => unknown)(url);
  if (agent === undefined) agent = botApiAgent(url.origin);
  if (!(agent instanceof HttpAgent)) return undefined;
  const timeoutMs = init?.timeout ?? 0;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) return undefined;
  return { url, method, headers: headers as Record<string, string>, body, agent, signal: init?.signal ?? undefined, timeoutMs };
}

/** Sends one request and collects its answer: Buffer chunks, one concat, one UTF-8 decode. */
function sendDirect(request: DirectRequest, init: RequestInit | undefined): Promise<BotApiResponse | Response> {
  const { url, signal } = request;
  return new Promise<BotApiResponse | Response>((resolve, reject) => {
    if (signal?.aborted) return reject(new BotApiAbortError());
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: Error) => settle(() => reject(error));
    const onAbort = () => {
      fail(new BotApiAbortError());
      req.destroy();
    };
    // No Accept-Encoding is sent, so the server answers uncompressed and nothing needs gunzip (a
    // sendMessage answer is a few hundred bytes); `compress` from grammY's config is thus moot.
    const headers: OutgoingHttpHeaders = { ...request.headers, 'content-length': request.body === undefined ? 0 : Buffer.byteLength(request.body) };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let req: ReturnType<typeof httpRequest>;
    try {
      // `timeout: undefined` is no timeout to node:http, as 0 is to node-fetch.
      req = send(url, { method: request.method, headers, agent: request.agent, timeout: request.timeoutMs > 0 ? request.timeoutMs : undefined });
    } catch (error) {
      // An agent of the other protocol, say: node-fetch rejects the same way.
      return reject(error);
    }
    signal?.addEventListener('abort', onAbort);
    // The socket was silent for `timeoutMs` (a server that takes the request and never answers):
    // failed as node-fetch fails it, and the connection closed rather than handed to the next call.
    if (request.timeoutMs > 0) {
      req.once('timeout', () => {
        fail(new BotApiFetchError(`network timeout at: ${url.origin} (${botApiMethodOf(url)})`, 'request-timeout'));
        req.destroy();
      });
    }
    req.once('error', (error: NodeJS.ErrnoException) => fail(networkError(url, error)));
    req.once('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location !== undefined) {
        // Telegram never redirects; a proxy in front of a local Bot API server might. node-fetch
        // follows redirects with its rules, so the request is sent again through it.
        res.resume();
        return settle(() => resolve(nodeFetch(url.href, init)));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let ended = false;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
      });
      res.once('end', () => {
        ended = true;
        try {
          const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
          const text = decoded(raw, res.headers['content-encoding']).toString('utf8');
          settle(() => resolve(new DirectResponse(status, res.statusMessage ?? '', text, url)));
        } catch (error) {
          fail(networkError(url, error as NodeJS.ErrnoException));
        }
      });
      res.once('error', (error: NodeJS.ErrnoException) => fail(networkError(url, error)));
      res.once('close', () => {
        if (!ended) fail(networkError(url, Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })));
      });
    });
    req.end(request.body);
  });
}

/** The body as sent: identity normally (no Accept-Encoding asked); decoded if a server compresses anyway. */
function decoded(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === undefined || encoding === 'identity' || body.length === 0) return body;
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  return body;
}

/**
 * A socket error as node-fetch reports it, but naming the host and method rather than the whole
 * URL: the URL holds the bot token, and the message of a network error reaches the log.
 */
function networkError(url: URL, cause: NodeJS.ErrnoException): BotApiFetchError {
  return new BotApiFetchError(`request to ${url.origin} (${botApiMethodOf(url)}) failed, reason: ${cause.message}`, 'system', cause);
}

/** The Bot API method of a request URL: `.../bot<token>/sendMessage` → `sendMessage`. */
export function botApiMethodOf(input: string | URL | Request): string {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return url.slice(url.lastIndexOf('/') + 1).split('?')[0] || 'unknown';
}

/** A complete answer: status and the decoded body text, parsed when grammY asks. */
class DirectResponse implements BotApiResponse {
  constructor(
    readonly status: number,
    readonly statusText: string,
    private readonly body: string,
    private readonly url: URL,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async json(): Promise<unknown> {
    try {
      return JSON.parse(this.body);
    } catch (error) {
      throw new BotApiFetchError(`invalid json response body from ${this.url.origin} (${botApiMethodOf(this.url)}), status ${this.status}, reason: ${(error as Error).message}`, 'invalid-json');
    }
  }

  async text(): Promise<string> {
    return this.body;
  }
}

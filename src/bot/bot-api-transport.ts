import nodeFetch from 'node-fetch';
import { seriesByLabel, type BotMetrics } from '../observability/metrics';
import type { ApiClientOptions } from 'grammy';
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

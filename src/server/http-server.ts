import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';
import type { BotMetrics } from '../observability/metrics';

/** What readiness depends on, each check named so an operator sees which one failed. */
export type ReadinessCheck = () => Promise<boolean> | boolean;

/** A request handler for Telegram's webhook posts (grammY's webhookCallback for node:http). */
export type WebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Options of the operations server. */
export interface HttpServerOptions {
  host: string;
  port: number;
  metrics: BotMetrics;
  readiness: Record<string, ReadinessCheck>;
  logger: Logger;
  /** Webhook mode only: where Telegram posts, and who handles it (or attach it later). */
  webhook?: { path: string; handler: WebhookHandler };
}

/** The running server; `close` stops accepting and waits for requests in flight. */
export interface RunningHttpServer {
  server: Server;
  port: number;
  /**
   * Starts serving Telegram's webhook posts at `path`. The server starts before the bot is built,
   * so health checks answer from the first second of start-up; the webhook joins once it can be served.
   */
  attachWebhook(path: string, handler: WebhookHandler): void;
  close(): Promise<void>;
}

/**
 * One small HTTP server for operations: `/healthz` (the process is alive), `/readyz` (Redis reachable
 * and the bot ready to take updates), `/metrics` (Prometheus), and in webhook mode the webhook path.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  let webhook = options.webhook;
  const server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      options.logger.error({ err: { message: error instanceof Error ? error.message : String(error) }, path: req.url }, 'http request failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (webhook && path === webhook.path) {
      if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
      return webhook.handler(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET' }).end();
    if (path === '/healthz') return void json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const results = Object.fromEntries(
        await Promise.all(
          Object.entries(options.readiness).map(async ([name, check]) => [name, await Promise.resolve(check()).catch(() => false)] as const),
        ),
      );
      const ready = Object.values(results).every(Boolean);
      return void json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: results });
    }
    if (path === '/metrics') {
      const body = await options.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
      return void res.end(body);
    }
    json(res, 404, { status: 'not found' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port, webhook: Boolean(options.webhook) }, 'http server listening');
  return {
    server,
    port,
    attachWebhook: (path, handler) => {
      webhook = { path, handler };
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Stop accepting; requests in flight finish first, and each keep-alive socket is closed
        // as soon as it falls idle (rather than after the keep-alive timeout).
        const sweeper = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearInterval(sweeper);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

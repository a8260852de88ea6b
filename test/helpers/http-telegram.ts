import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeTelegram } from '../../src/simulator/fake-telegram';

/** A fake Bot API served over loopback HTTP, for bot processes started as children. */
export interface HttpTelegram {
  /** What to give the child as BOT_API_ROOT. */
  apiRoot: string;
  /** Stops listening and drops the open connections. */
  close(): Promise<void>;
}

/** How the served API behaves on top of the fake's own rules. */
export interface HttpTelegramOptions {
  /**
   * Each sendMessage takes this long: half before the fake records the message, half after (so a
   * process killed mid-request may or may not have had its message delivered, as with Telegram).
   */
  sendLatencyMs?: number;
}

/**
 * Serves `telegram` (any {@link FakeTelegram}) on 127.0.0.1 at a free port: every request goes
 * through the fake's `fetch`, so it records and answers exactly as it does in-process.
 */
export async function serveTelegramOverHttp(telegram: FakeTelegram, options: HttpTelegramOptions = {}): Promise<HttpTelegram> {
  const half = (options.sendLatencyMs ?? 0) / 2;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const isSend = req.url?.endsWith('/sendMessage') ?? false;
    if (isSend && half > 0) await sleep(half);
    // A poller that hangs up ends its long poll, as at Telegram.
    const hangUp = new AbortController();
    res.once('close', () => hangUp.abort());
    const contentType = req.headers['content-type'] ?? '';
    const answer = await telegram.fetch(`http://127.0.0.1${req.url ?? '/'}`, {
      method: req.method,
      headers: { 'content-type': contentType },
      // The fake parses JSON from a string and multipart from a stream.
      body: body.length === 0 ? undefined : contentType.includes('json') ? body.toString('utf8') : Readable.from([body]),
      signal: hangUp.signal,
    });
    if (isSend && half > 0) await sleep(half);
    const text = await answer.text();
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.destroyed || res.headersSent) return;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 500, description: `fake API: ${(error as Error).message}` }));
    });
  });
  // A client killed mid-request resets its sockets: nothing to report.
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

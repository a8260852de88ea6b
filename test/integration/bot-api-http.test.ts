import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, GrammyError, HttpError, InputFile } from 'grammy';
import { botApiClientOptions, directJsonCalls } from '../../src/bot/bot-api-transport';
import { BOT_API_MAX_CONNECTIONS } from '../../src/bot/bot-api-http';
import { createMetrics } from '../../src/observability/metrics';

/**
 * The production Bot API transport against a real HTTP server on loopback: JSON calls go straight
 * over node:http on a keep-alive socket, uploads still through node-fetch, and grammY sees answers,
 * Telegram's errors, timeouts and network failures exactly as it did with node-fetch alone.
 */

const TOKEN = '123456:test-token';

/** One request as the server received it. */
interface Received {
  method: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  remotePort: number;
}

/** What the server does with a request once its body is read; `res` is left open if it returns without ending. */
type Answer = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

let server: Server;
let apiRoot: string;
let received: Received[];
let answer: Answer;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const sentMessage = (text: string) => ({ ok: true, result: { message_id: 42, date: 1_700_000_000, chat: { id: 7, type: 'private' }, text } });

beforeEach(async () => {
  received = [];
  answer = (_req, res, body) => json(res, 200, sentMessage((JSON.parse(body.toString('utf8')) as { text: string }).text));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.url!.slice(req.url!.lastIndexOf('/') + 1), headers: req.headers, body, remotePort: req.socket.remotePort! });
      void answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A bot on `root`; with `direct`, its JSON-only calls made by {@link directJsonCalls}, as the production bot makes them. */
const botOnWith = (direct: boolean) => (root: string, client: { timeoutSeconds?: number } = {}, metrics?: ReturnType<typeof createMetrics>) => {
  const options = { ...botApiClientOptions(root, { metrics }), ...client };
  const bot = new Bot(TOKEN, { client: options });
  if (direct) bot.api.config.use(directJsonCalls(TOKEN, options));
  return bot;
};

/** node-fetch announces itself; the direct path sends no User-Agent and asks for no compression. */
const viaNodeFetch = (r: Received) => String(r.headers['user-agent']).startsWith('node-fetch');

// Every case twice: through grammY's own client (uploads, getUpdates, calls in dialogues) and
// through the direct JSON calls (everything else the production bot sends).
describe.each([
  ["grammY's client", false],
  ['the direct JSON calls', true],
])('the Bot API transport over real HTTP, through %s', (_name, direct) => {
  const botOn = botOnWith(direct);

  it('a sendMessage goes out as JSON on the direct path, and grammY gets the sent message back', async () => {
    const bot = botOn(apiRoot);

    const message = await bot.api.sendMessage(7, 'Салом, дӯстам!', { reply_markup: { inline_keyboard: [[{ text: 'Меню', callback_data: 'menu' }]] } });

    expect(message).toMatchObject({ message_id: 42, chat: { id: 7 }, text: 'Салом, дӯстам!' });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('sendMessage');
    expect(viaNodeFetch(request!)).toBe(false);
    expect(request!.headers['accept-encoding']).toBeUndefined();
    expect(request!.headers['content-type']).toBe('application/json');
    expect(Number(request!.headers['content-length'])).toBe(request!.body.length);
    expect(JSON.parse(request!.body.toString('utf8'))).toEqual({
      chat_id: 7,
      text: 'Салом, дӯстам!',
      reply_markup: { inline_keyboard: [[{ text: 'Меню', callback_data: 'menu' }]] },
    });
  });

  it("a 429 reaches grammY as a GrammyError with Telegram's retry_after, and auto-retry waits it out and succeeds", async () => {
    let calls = 0;
    answer = (_req, res) => {
      calls += 1;
      if (calls === 1 || calls === 2) {
        json(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
      } else json(res, 200, sentMessage('after the wait'));
    };
    const bot = botOn(apiRoot);

    const error = await bot.api.sendMessage(7, 'hello').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });

    bot.api.config.use(autoRetry({ maxRetryAttempts: 1 }));
    const startedAt = Date.now();
    await expect(bot.api.sendMessage(7, 'after the wait')).resolves.toMatchObject({ text: 'after the wait' });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect(calls).toBe(3);
  });

  it("grammY's timeout aborts a call the server never answers: the call fails in time and the connection is closed", async () => {
    let socketClosedAt: number | undefined;
    answer = (req) => {
      req.socket.once('close', () => (socketClosedAt = Date.now()));
    };
    const bot = botOn(apiRoot, { timeoutSeconds: 0.3 });

    const startedAt = Date.now();
    const error = await bot.api.sendMessage(7, 'nobody answers').catch((e: unknown) => e);
    const failedAt = Date.now();

    expect(error).toBeInstanceOf(HttpError);
    // Bounds generous for a loaded machine: without the timeout the call would wait 500 s.
    expect(failedAt - startedAt).toBeLessThan(5_000);
    // The request itself is aborted, not only left behind by grammY's race: the socket goes away.
    for (let i = 0; i < 300 && socketClosedAt === undefined; i++) await sleep(10);
    expect(socketClosedAt).toBeDefined();
    expect(socketClosedAt! - startedAt).toBeLessThan(5_000);
  });

  it('a refused connection rejects, and grammY reports it as an HttpError carrying ECONNREFUSED', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await botOn(`http://127.0.0.1:${port}`).api.getMe().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(((error as HttpError).error as Error).message).toMatch(/ECONNREFUSED/);
    // The network error's message reaches the log: it must not carry the token of the URL.
    expect(((error as HttpError).error as Error).message).not.toContain(TOKEN);
  });

  it('a connection reset halfway through the answer rejects as an HttpError', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"ok":true,"result":');
      setTimeout(() => res.socket?.destroy(), 20);
    };

    await expect(botOn(apiRoot).api.sendMessage(7, 'cut off')).rejects.toBeInstanceOf(HttpError);
  });

  it('two calls in a row share one keep-alive connection', async () => {
    const bot = botOn(apiRoot);

    await bot.api.sendMessage(7, 'first');
    await bot.api.sendMessage(7, 'second');

    expect(received.map((r) => r.method)).toEqual(['sendMessage', 'sendMessage']);
    expect(received[1]!.remotePort).toBe(received[0]!.remotePort);
    expect(received.some(viaNodeFetch)).toBe(false);
  });

  it('more calls at once than the pool holds wait for a connection: no more are opened, and none again for the next burst', async () => {
    let connections = 0;
    server.on('connection', () => (connections += 1));
    const bot = botOn(apiRoot);
    const burst = () => Promise.all(Array.from({ length: BOT_API_MAX_CONNECTIONS * 2 }, (_, i) => bot.api.sendMessage(7, `m${i}`)));

    await burst();
    expect(connections).toBe(BOT_API_MAX_CONNECTIONS);
    await burst();
    expect(connections).toBe(BOT_API_MAX_CONNECTIONS);
    expect(received).toHaveLength(BOT_API_MAX_CONNECTIONS * 4);
  });

  it('a photo uploaded from a Buffer still goes through node-fetch as multipart and arrives byte for byte', async () => {
    const photo = randomBytes(256 * 1024);
    answer = (_req, res) => json(res, 200, { ok: true, result: { message_id: 43, date: 1_700_000_000, chat: { id: 7, type: 'private' }, photo: [] } });

    const message = await botOn(apiRoot).api.sendPhoto(7, new InputFile(photo, 'card.png'), { caption: 'Патент' });

    expect(message.message_id).toBe(43);
    const [request] = received;
    expect(viaNodeFetch(request!)).toBe(true);
    expect(request!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request!.body.includes(photo)).toBe(true);
    expect(request!.body.toString('utf8')).toContain('Патент');
  });

  it('a large getUpdates answer, split mid-character across packets, reaches grammY intact', async () => {
    const updates = Array.from({ length: 100 }, (_, i) => ({
      update_id: 1_000 + i,
      message: { message_id: i + 1, date: 1_700_000_000, chat: { id: 7, type: 'private' }, text: `Ассалому алейкум, ҳуҷҷатҳо № ${i} — ${'ӯқҳҷғӣ'.repeat(40)}` },
    }));
    const body = Buffer.from(JSON.stringify({ ok: true, result: updates }), 'utf8');
    answer = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      // Cuts at odd offsets inside the Cyrillic text: each two-byte character may be split.
      const cuts = [0, 1_001, 7_777, 20_003, body.length];
      for (let i = 0; i + 1 < cuts.length; i++) {
        res.write(body.subarray(cuts[i], cuts[i + 1]));
        await sleep(15);
      }
      res.end();
    };

    const got = await botOn(apiRoot).api.getUpdates({ limit: 100 });

    expect(got).toEqual(updates);
    expect(viaNodeFetch(received[0]!)).toBe(false);
  });

  it("an answer that is not JSON (a proxy's error page) fails the call as an HttpError", async () => {
    answer = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>502 Bad Gateway</body></html>');
    };

    await expect(botOn(apiRoot).api.sendMessage(7, 'hello')).rejects.toBeInstanceOf(HttpError);
  });

  it('with metrics, calls and failures are counted per method, Telegram errors by their code', async () => {
    answer = (_req, res, body) => {
      const { chat_id } = JSON.parse(body.toString('utf8')) as { chat_id: number };
      if (chat_id === 8) json(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      else json(res, 200, sentMessage('hi'));
    };
    const metrics = createMetrics();
    const bot = botOn(apiRoot, {}, metrics);

    await bot.api.sendMessage(7, 'hi');
    await expect(bot.api.sendMessage(8, 'hi')).rejects.toMatchObject({ error_code: 403 });

    expect((await metrics.apiCalls.get()).values).toEqual([{ labels: { method: 'sendMessage' }, value: 2 }]);
    expect((await metrics.apiFailures.get()).values).toEqual([{ labels: { method: 'sendMessage', code: '403' }, value: 1 }]);
    expect(received.some(viaNodeFetch)).toBe(false);
  });
});

import { createInterface } from 'node:readline';
import type { Config } from '../config';
import { createBot } from '../bot';
import { startBroadcastRuntime } from '../bot/broadcast-runtime';
import { loadContent } from '../content/loader';
import { createLiveContent, isLiveContent } from '../services/content-store/live-content';
import { createI18n } from '../bot/i18n';
import { createLogger } from '../logger';
import { createRedis } from '../storage/redis';
import { createStores } from '../storage/stores';
import { ChatDriver } from './chat-driver';
import { FakeTelegram, type ChatMessage } from './fake-telegram';

/** How the person at the terminal is played. */
export interface SimulatorOptions {
  role: 'user' | 'staff' | 'admin';
  /** Telegram app language of the simulated user (pre-selects the picker). */
  languageCode: string;
  userId: number;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Parses `--as admin --lang tg --user-id 42` style arguments. */
export function parseSimulatorArgs(argv: readonly string[]): Pick<SimulatorOptions, 'role' | 'languageCode' | 'userId'> {
  const value = (name: string) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const role = value('--as') ?? 'user';
  if (role !== 'user' && role !== 'staff' && role !== 'admin') throw new Error(`--as must be user, staff or admin, not "${role}"`);
  const userId = Number(value('--user-id') ?? 7_000_001);
  if (!Number.isSafeInteger(userId) || userId <= 0) throw new Error('--user-id must be a positive whole number');
  return { role, languageCode: value('--lang') ?? 'tg', userId };
}

/**
 * Runs the real bot (same createBot, locales and middleware) against an in-process Bot API and
 * lets a person chat with it in the terminal: text is sent as a message, a number presses that
 * button of the latest keyboard. Reads a script from stdin just as well, for tests and demos.
 */
export async function runSimulator(config: Config, options: SimulatorOptions): Promise<void> {
  const out = (line = '') => options.output.write(`${line}\n`);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr as never);
  const redis = config.redisUrl ? createRedis(config.redisUrl, logger) : undefined;
  const telegram = new FakeTelegram();
  const simulatedConfig: Config = {
    ...config,
    // Everything the simulator writes to a shared Redis stays under its own prefix.
    redisKeyPrefix: `${config.redisKeyPrefix}sim:`,
    adminIds: options.role === 'admin' ? new Set([...config.adminIds, options.userId]) : config.adminIds,
    staffIds: options.role === 'staff' ? new Set([...config.staffIds, options.userId]) : config.staffIds,
  };
  // With Redis, staff can edit cards and contacts here as in production; offline they are read-only.
  const content = redis ? await createLiveContent(redis, loadContent(), { keyPrefix: simulatedConfig.redisKeyPrefix }) : loadContent();
  const bot = createBot(simulatedConfig, {
    logger,
    i18n: await createI18n(),
    content,
    stores: createStores(
      { keyPrefix: simulatedConfig.redisKeyPrefix, sessionTtlSeconds: config.sessionTtlSeconds, dialogueTtlSeconds: config.conversationTtlSeconds },
      redis,
    ),
    botInfo: telegram.botInfo,
    fetch: telegram.fetch,
    redis,
  });
  // With Redis, notices go through the real queue and are delivered to the simulated chats.
  const i18n = await createI18n();
  const broadcasts = redis ? await startBroadcastRuntime({ config: simulatedConfig, redis, logger, i18n, fetch: telegram.fetch }) : undefined;
  const user = new ChatDriver(bot as never, telegram, { id: options.userId, firstName: 'Simulated', languageCode: options.languageCode });

  telegram.onMessage(({ kind, message }) => printMessage(out, kind, message));
  out(`Migrant help bot — terminal simulator (${redis ? 'Redis' : 'in-memory store'}; you are ${options.role === 'admin' ? 'an' : 'a'} ${options.role}, Telegram language "${options.languageCode}").`);
  out('Type a message, or the number of a button. Ctrl+D to quit.');
  await user.send('/start');

  const lines = createInterface({ input: options.input, terminal: false });
  for await (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    out(`\nyou> ${line}`);
    const buttons = user.buttons();
    const number = /^\d{1,2}$/.test(line) ? Number(line) : undefined;
    if (number !== undefined && number >= 1 && number <= buttons.length && buttons[number - 1]?.data) {
      await user.pressData(buttons[number - 1]!.data!);
    } else {
      await user.send(line);
    }
  }
  await broadcasts?.close();
  if (isLiveContent(content)) await content.close();
  await redis?.quit();
}

function printMessage(out: (line?: string) => void, kind: 'sent' | 'edited', message: ChatMessage): void {
  out(`\n🤖 ${kind === 'edited' ? 'bot (updated)' : 'bot'}:`);
  if (message.document) out(`[file: ${message.document.fileName}]`);
  for (const line of message.text.split('\n')) out(`   ${line}`);
  const buttons = message.keyboard?.inline_keyboard.flat() ?? [];
  buttons.forEach((button, index) => {
    const target = 'url' in button && button.url ? ` → ${button.url}` : '';
    out(`   [${index + 1}] ${button.text}${target}`);
  });
}

import { createInterface } from 'node:readline';
import type { Config } from '../config';
import { createBot } from '../bot';
import { startBroadcastRuntime } from '../bot/features/broadcast/runtime';
import { reminderQueueJobs } from '../bot/features/reminders/runtime';
import { createServices } from '../services/composition';
import { createI18n } from '../bot/i18n';
import { createLogger } from '../logger';
import { createRedis } from '../storage/redis';
import { redisKeys } from '../storage/redis-keys';
import { LANGUAGES } from '../services/languages';
import { REGIONS } from '../services/subscribers';
import { ChatDriver } from './chat-driver';
import { FakeTelegram, type ChatMessage } from './fake-telegram';

/** Ids of the simulated subscribers (far from any id a person types). */
const SIMULATED_SUBSCRIBER_BASE = 9_100_000;
/** The simulated staff group of "write to a person", and the staff member who answers there. */
const SIMULATED_STAFF_GROUP_ID = -1_009_000_000_001;
const SIMULATED_STAFF_MEMBER = { id: 7_000_900, firstName: 'Staff' };

/** How the person at the terminal is played. */
export interface SimulatorOptions {
  role: 'user' | 'staff' | 'admin';
  /** Simulated subscribers of safety notices to seed (needs Redis), so an admin can try a broadcast. */
  subscribers?: number;
  /** The simulated staff group: with forum topics (one per case), with replies only, or none. */
  staffGroup?: 'topics' | 'replies' | 'none';
  /** Telegram app language of the simulated user (pre-selects the picker). */
  languageCode: string;
  userId: number;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Parses `--as admin --lang tg --user-id 42` style arguments. */
export function parseSimulatorArgs(argv: readonly string[]): Pick<SimulatorOptions, 'role' | 'languageCode' | 'userId' | 'subscribers' | 'staffGroup'> {
  const value = (name: string) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const role = value('--as') ?? 'user';
  if (role !== 'user' && role !== 'staff' && role !== 'admin') throw new Error(`--as must be user, staff or admin, not "${role}"`);
  const userId = Number(value('--user-id') ?? 7_000_001);
  if (!Number.isSafeInteger(userId) || userId <= 0) throw new Error('--user-id must be a positive whole number');
  const subscribers = Number(value('--subscribers') ?? 0);
  if (!Number.isSafeInteger(subscribers) || subscribers < 0 || subscribers > 10_000) throw new Error('--subscribers must be a whole number from 0 to 10000');
  const staffGroup = value('--staff-group') ?? 'topics';
  if (staffGroup !== 'topics' && staffGroup !== 'replies' && staffGroup !== 'none') throw new Error(`--staff-group must be topics, replies or none, not "${staffGroup}"`);
  return { role, languageCode: value('--lang') ?? 'tg', userId, subscribers, staffGroup };
}

/**
 * Runs the real bot (same createBot, locales and middleware) against an in-process Bot API and
 * lets a person chat with it in the terminal: text is sent as a message, a number presses that
 * button of the latest keyboard. Reads a script from stdin just as well, for tests and demos.
 */
export async function runSimulator(config: Config, options: SimulatorOptions): Promise<void> {
  const out = (line = '') => options.output.write(`${line}\n`);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr);
  const redis = config.redisUrl ? createRedis(config.redisUrl, logger) : undefined;
  const telegram = new FakeTelegram();
  const staffGroup = options.staffGroup === 'none' ? undefined : { id: SIMULATED_STAFF_GROUP_ID, title: 'Staff', isForum: options.staffGroup !== 'replies' };
  if (staffGroup) telegram.registerGroup(staffGroup);
  const simulatedConfig: Config = {
    ...config,
    // Everything the simulator writes to a shared Redis stays under its own prefix.
    redisKeyPrefix: redisKeys(config.redisKeyPrefix).simulator,
    // A pasted script arrives faster than any person types; keep the flood limit out of its way.
    rateLimit: { ...config.rateLimit, max: Math.max(config.rateLimit.max, 100) },
    adminIds: options.role === 'admin' ? new Set([...config.adminIds, options.userId]) : config.adminIds,
    staffIds: new Set([...config.staffIds, ...(options.role === 'staff' ? [options.userId] : []), ...(staffGroup ? [SIMULATED_STAFF_MEMBER.id] : [])]),
    handoff: { ...config.handoff, staffChatId: staffGroup?.id },
  };
  // With Redis, staff can edit cards and contacts here as in production; offline the services are
  // the memory twins, and cards and contacts are read-only.
  const i18n = await createI18n();
  const services = await createServices(simulatedConfig, redis, { logger });
  const bot = createBot(simulatedConfig, {
    logger,
    i18n,
    services,
    botInfo: telegram.botInfo,
    fetch: telegram.fetch,
  });
  // With Redis, notices go through the real queue and are delivered to the simulated chats.
  const broadcasts = redis
    ? await startBroadcastRuntime({
        config: simulatedConfig,
        redis,
        logger,
        i18n,
        fetch: telegram.fetch,
        stores: services.subscribers && services.broadcasts ? { subscribers: services.subscribers, audience: services.broadcasts.audience } : undefined,
        jobs: [reminderQueueJobs({ config: simulatedConfig, redis, logger, i18n, fetch: telegram.fetch, subscribers: services.subscribers })],
      })
    : undefined;
  const user = new ChatDriver(bot as never, telegram, { id: options.userId, firstName: 'Simulated', languageCode: options.languageCode });
  // The second participant: a staff member in the staff group, played with ":staff <message>".
  const staff = staffGroup ? new ChatDriver(bot as never, telegram, SIMULATED_STAFF_MEMBER, staffGroup) : undefined;
  let lastCasePlace: { threadId?: number; replyTo?: number } = {};
  let personIsWriting = false;

  // The person at the terminal sees their own chat; simulated subscribers' notices are only counted.
  let noticesToOthers = 0;
  telegram.onMessage(({ kind, message }) => {
    if (message.chatId === options.userId) printMessage(out, kind, message);
    else if (message.chatId === staffGroup?.id) {
      printMessage(out, kind, message, `👥 staff group${message.threadId !== undefined ? `, topic ${message.threadId}` : ''}`);
      // Staff answer where the person's latest message landed: its topic, or a reply to it.
      if (kind === 'sent' && personIsWriting) lastCasePlace = message.threadId !== undefined ? { threadId: message.threadId } : { replyTo: message.messageId };
    } else if (kind === 'sent') noticesToOthers++;
  });
  if (options.subscribers) {
    const store = services.subscribers;
    if (!store) throw new Error('--subscribers needs REDIS_URL (broadcasts are queued in Redis)');
    for (let i = 0; i < options.subscribers; i++) {
      const id = SIMULATED_SUBSCRIBER_BASE + i;
      await store.subscribe(id, LANGUAGES[i % LANGUAGES.length]!, Date.now());
      await store.setRegion(id, REGIONS[i % REGIONS.length]);
    }
    out(`Seeded ${options.subscribers} simulated subscribers (ru/tg/en, all regions).`);
  }
  out(`Migrant help bot — terminal simulator (${redis ? 'Redis' : 'in-memory store'}; you are ${options.role === 'admin' ? 'an' : 'a'} ${options.role}, Telegram language "${options.languageCode}").`);
  out('Type a message, or the number of a button. Ctrl+D to quit.');
  if (staff) out('":staff <message>" is a staff member writing in the staff group, in the latest case (try ":staff /cases", ":staff /close").');
  await user.send('/start');

  const lines = createInterface({ input: options.input, terminal: false });
  for await (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const asStaff = /^:staff\s+(.+)$/.exec(line);
    out(asStaff ? `\nstaff> ${asStaff[1]}` : `\nyou> ${line}`);
    // ":wait 10" lets background work (a broadcast being delivered) go on, for scripted demos.
    const wait = /^:wait\s+(\d{1,3})$/.exec(line);
    if (wait) {
      await new Promise((resolve) => setTimeout(resolve, Number(wait[1]) * 1000));
      out(`(waited ${wait[1]} s; notices delivered to simulated subscribers so far: ${noticesToOthers})`);
      continue;
    }
    if (asStaff) {
      if (!staff) out('(no staff group in this run: start without --staff-group none)');
      else await staff.send(asStaff[1]!, lastCasePlace);
      continue;
    }
    personIsWriting = true;
    const buttons = user.buttons();
    const number = /^\d{1,2}$/.test(line) ? Number(line) : undefined;
    if (number !== undefined && number >= 1 && number <= buttons.length && buttons[number - 1]?.data) {
      await user.pressData(buttons[number - 1]!.data!);
    } else {
      await user.send(line);
    }
    personIsWriting = false;
  }
  await broadcasts?.close();
  await services.close();
  await redis?.quit();
}

function printMessage(out: (line?: string) => void, kind: 'sent' | 'edited', message: ChatMessage, where?: string): void {
  out(`\n🤖 ${kind === 'edited' ? 'bot (updated)' : 'bot'}${where ? ` → ${where}` : ''}:`);
  if (message.document) out(`[file: ${message.document.fileName}]`);
  else if (message.photo) out(`[picture ${message.photo.width}×${message.photo.height}, ${Math.ceil(message.photo.bytes.length / 1024)} KB]`);
  else if (message.media) out(`[${message.media.kind}]`);
  for (const line of message.text.split('\n')) out(`   ${line}`);
  const buttons = message.keyboard?.inline_keyboard.flat() ?? [];
  buttons.forEach((button, index) => {
    const target = 'url' in button && button.url ? ` → ${button.url}` : 'copy_text' in button && button.copy_text ? ` (copies ${button.copy_text.text})` : '';
    out(`   [${index + 1}] ${button.text}${target}`);
  });
}

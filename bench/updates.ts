/**
 * Update handling: N updates from M chats through `createBot` (Redis sessions, the production
 * middleware, an in-process Bot API that answers at once), against a baseline measured in the same
 * run — a bare grammY bot with the same Redis session storage and one reply per update.
 *
 * Chats are split into `concurrency` lanes; each lane handles its chats' updates one after another,
 * so one chat's updates are never in flight together (as the runner serves them) while up to
 * `concurrency` chats are. Scenarios run in interleaved rounds (A B C, A B C, ...) so that noise on
 * a shared machine hits all alike; the rate is the median of the rounds, latencies are pooled.
 */
import { Bot, session, type Context, type SessionFlavor } from 'grammy';
import type { Update } from 'grammy/types';
import type Redis from 'ioredis';
import { RedisJsonStore } from '../src/storage/json-store';
import { createI18n } from '../src/bot/i18n';
import { mainMenuKeyboard } from '../src/bot/keyboards/main-menu';
import { MESSAGE_OPTIONS } from '../src/bot/respond';
import { createBenchBot } from './lib/bench-bot';
import { LeanTelegram } from './lib/lean-telegram';
import { median, msSince, percentile } from './lib/stats';
import { fixed, markdownTable } from './lib/table';
import { message, press } from './lib/updates-factory';

/** Sizes of the update-handling bench. */
export interface UpdateBenchOptions {
  /** Updates per scenario and concurrency (the dialogue step may use fewer, see `dialogueUpdates`). */
  updates: number;
  /** A guided dialogue step costs several times a plain update: its own, smaller count. */
  dialogueUpdates: number;
  chats: number;
  concurrencies: readonly number[];
  rounds: number;
}

/** One measured row: a scenario at one concurrency. */
export interface UpdateResult {
  scenario: string;
  concurrency: number;
  updates: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Rate over the baseline's at the same concurrency. */
  ratio: number;
  baseline: boolean;
}

interface Scenario {
  name: string;
  baseline?: boolean;
  updates: number;
  /** First chat id of this scenario (each scenario has its own users, so its own sessions). */
  firstChat: number;
  /** The `seq`-th update of chat `chatId` in this scenario. */
  update: (chatId: number, seq: number) => Update;
  handle: (update: Update) => Promise<void>;
}

/** Handles `rounds × perChat` updates per chat of `chatIds`, `concurrency` chats at a time; returns latencies. */
async function drive(scenario: Scenario, chatIds: readonly number[], concurrency: number, perChat: number, seqFrom: number, latencies: number[]) {
  const lanes = Array.from({ length: Math.min(concurrency, chatIds.length) }, (_, lane) => chatIds.filter((_, i) => i % concurrency === lane));
  await Promise.all(
    lanes.map(async (chats) => {
      for (let s = 0; s < perChat; s++) {
        for (const chatId of chats) {
          const update = scenario.update(chatId, seqFrom + s);
          const started = process.hrtime.bigint();
          await scenario.handle(update);
          latencies.push(msSince(started));
        }
      }
    }),
  );
}

/** Runs the scenarios interleaved at one concurrency; returns a row per scenario. */
async function measure(scenarios: readonly Scenario[], options: UpdateBenchOptions, concurrency: number): Promise<Omit<UpdateResult, 'ratio'>[]> {
  const rates = scenarios.map(() => [] as number[]);
  const latencies = scenarios.map(() => [] as number[]);
  const chatsOf = (s: Scenario) => Array.from({ length: options.chats }, (_, i) => s.firstChat + i);
  const perChat = (s: Scenario) => Math.max(1, Math.round(s.updates / options.chats / options.rounds));
  // Warm-up: JIT, Redis connections, first-use caches (FAQ index), not timed.
  for (const s of scenarios) await drive(s, chatsOf(s).slice(0, 200), concurrency, 1, 0, []);
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, s] of scenarios.entries()) {
      const chats = chatsOf(s);
      const started = process.hrtime.bigint();
      await drive(s, chats, concurrency, perChat(s), 1 + round * perChat(s), latencies[index]!);
      rates[index]!.push((chats.length * perChat(s)) / (msSince(started) / 1000));
    }
  }
  return scenarios.map((s, i) => ({
    scenario: s.name,
    concurrency,
    updates: latencies[i]!.length,
    perSecond: median(rates[i]!),
    p50Ms: percentile(latencies[i]!, 50),
    p99Ms: percentile(latencies[i]!, 99),
    baseline: s.baseline === true,
  }));
}

type BareSession = { language?: string };
type BareContext = Context & SessionFlavor<BareSession>;

/** What a bare bot answers: one button, or the bot's own main menu (same text and 15 buttons). */
type BareReply = { text: string; other: Parameters<Context['reply']>[1] };

/** A bare grammY bot: Redis session storage and one reply per message. */
function bareBot(redis: Redis, prefix: string, telegram: LeanTelegram, readsSession: boolean, reply?: BareReply): Bot<BareContext> {
  const bare = new Bot<BareContext>('1:bench', { botInfo: telegram.botInfo, client: { fetch: telegram.fetch } });
  bare.use(
    session<BareSession, BareContext>({
      initial: () => ({}),
      storage: new RedisJsonStore<BareSession>(redis, prefix, 3600),
      getSessionKey: (ctx) => ctx.from?.id.toString(),
    }),
  );
  const keyboard = { reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'a' }]] } };
  // Reading the session is what a bot keeps one for (here: the reply's language); grammY then
  // writes it back. The reference bot never touches it, so grammY only reads it.
  bare.on('message', (ctx) =>
    reply ? ctx.reply(reply.text, reply.other) : ctx.reply(readsSession && ctx.session.language === 'ru' ? 'меню' : 'menu', keyboard),
  );
  return bare;
}

/** Builds the baseline and the bot on `redis` under `prefix`, and the scenarios that drive them. */
async function scenarios(redis: Redis, prefix: string, options: UpdateBenchOptions): Promise<{ list: Scenario[]; enterDialogues: () => Promise<void> }> {
  const telegram = new LeanTelegram();
  const baseline = bareBot(redis, `${prefix}bare:`, telegram, true);
  const reference = bareBot(redis, `${prefix}ref:`, telegram, false);
  // The bot's menu is a bigger message than the baseline's reply: this row sends exactly that
  // message from a bare bot, to tell the cost of the answer from the cost of the bot's machinery.
  const t = (await createI18n()).translatorFor('tg');
  const sameMenu = bareBot(redis, `${prefix}menu:`, telegram, true, { text: t('menu.title'), other: { ...MESSAGE_OPTIONS, reply_markup: mainMenuKeyboard(t) } });

  const bot = await createBenchBot(redis, prefix, telegram);

  const step = (chatId: number, seq: number) => press(chatId, seq % 2 === 1 ? 'ch:rights.detained' : 'ch:back');
  const list: Scenario[] = [
    { name: 'baseline: bare grammY, Redis session read, one reply', baseline: true, updates: options.updates, firstChat: 1_000_000, update: (c) => message(c, 'hi'), handle: (u) => baseline.handleUpdate(u) },
    { name: 'reference: bare grammY, session never read', updates: options.updates, firstChat: 5_000_000, update: (c) => message(c, 'hi'), handle: (u) => reference.handleUpdate(u) },
    { name: 'reference: bare grammY, session read, the bot’s menu as reply', updates: options.updates, firstChat: 6_000_000, update: (c) => message(c, 'hi'), handle: (u) => sameMenu.handleUpdate(u) },
    { name: 'bot: /menu', updates: options.updates, firstChat: 2_000_000, update: (c) => message(c, '/menu'), handle: (u) => bot.handleUpdate(u) },
    { name: 'bot: free text → FAQ search', updates: options.updates, firstChat: 3_000_000, update: (c) => message(c, 'салом'), handle: (u) => bot.handleUpdate(u) },
    { name: 'bot: dialogue step (card walk)', updates: options.dialogueUpdates, firstChat: 4_000_000, update: step, handle: (u) => bot.handleUpdate(u) },
  ];
  // Each dialogue user opens the police-stop dialogue once; steps then go forward and back inside it.
  const enterDialogues = async () => {
    const dialogue = list.find((s) => s.name.includes('dialogue'))!;
    const chats = Array.from({ length: options.chats }, (_, i) => dialogue.firstChat + i);
    await Promise.all(Array.from({ length: 50 }, async (_, lane) => {
      for (let i = lane; i < chats.length; i += 50) await bot.handleUpdate(press(chats[i]!, 'dlg:police'));
    }));
  };
  return { list, enterDialogues };
}

/** Runs the update-handling bench; returns one row per scenario and concurrency. */
export async function runUpdateBench(redis: Redis, prefix: string, options: UpdateBenchOptions): Promise<UpdateResult[]> {
  const { list, enterDialogues } = await scenarios(redis, prefix, options);
  await enterDialogues();
  const results: UpdateResult[] = [];
  for (const concurrency of options.concurrencies) {
    const rows = await measure(list, options, concurrency);
    const base = rows.find((r) => r.baseline)!.perSecond;
    results.push(...rows.map((r) => ({ ...r, ratio: r.perSecond / base })));
  }
  return results;
}

/** The results as a table. */
export function updateTable(results: readonly UpdateResult[]): string {
  return markdownTable(
    [{ header: 'scenario' }, { header: 'concurrency', right: true }, { header: 'updates', right: true }, { header: 'updates/s', right: true }, { header: 'p50 ms', right: true }, { header: 'p99 ms', right: true }, { header: '× baseline', right: true }],
    results.map((r) => [r.scenario, String(r.concurrency), String(r.updates), fixed(r.perSecond), fixed(r.p50Ms, 2), fixed(r.p99Ms, 2), fixed(r.ratio, 2)]),
  );
}

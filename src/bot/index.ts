import { conversations, type Conversation } from '@grammyjs/conversations';
import { sequentialize } from '@grammyjs/runner';
import { Bot, session, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { OFFLINE_TOKEN, type Config } from '../config';
import type { Logger } from '../logger';
import { DIALOGUE_STATE_VERSION } from '../storage/redis-keys';
import type { SessionData } from '../storage/session-data';
import type { JsonStore } from '../storage/json-store';
import type { Services } from '../services/composition';
import type { BotContext, DialogueContext } from './context';
import { dialoguesFeature } from './features/dialogues';
import { broadcastFeature } from './features/broadcast';
import { fallbackFeature } from './features/fallback';
import { faqFeature } from './features/faq';
import { staffFeature } from './features/staff';
import { subscriptionsFeature } from './features/subscriptions';
import type { FeatureDeps } from './feature-deps';
import { languageFeature } from './features/language';
import { menuFeature } from './features/menu';
import type { I18n } from './i18n';
import { errorBoundary } from './middlewares/error-boundary';
import { trackActivePeople, trackRedisUp } from '../observability/metrics';
import { metricsMiddleware } from './middlewares/metrics';
import { chatLock } from './middlewares/chat-lock';
import { acknowledgeWithoutWaiting } from './middlewares/acknowledgements';
import { rateLimit } from './middlewares/rate-limit';
import { privacyFeature } from './features/privacy';
import { remindersFeature } from './features/reminders';
import { dialogueStateStorage, type DialogueState } from './dialogue-state-storage';
import { handoffFeature } from './features/handoff';
import { pictureSender } from './screens/pictures';
import { privateChatsOnly } from './middlewares/private-chats-only';
import { countActivePeople } from './middlewares/active-people';
import { statsFeature } from './features/stats';
import type { UserDataEraser } from '../services/privacy';
import type { BotMetrics } from '../observability/metrics';
import { botApiClientOptions, directJsonCalls } from './bot-api-transport';
import type { UpdatesInFlight } from './middlewares/updates-in-flight';
import { bindLanguage, i18nMiddleware } from './middlewares/i18n';
import { rolesMiddleware } from './middlewares/roles';
import { dialogueContinuation } from './middlewares/dialogue-continuation';
import { holdBackDialogueRegistration } from './conversations/registration';
import { expectCardWalkOnCardButtons } from './conversations/card-walk';
import type { RoleDirectory } from '../services/staff/staff-directory';
import { useLeanMiddleware } from './branching';

/** What the bot is built from, besides configuration. Tests and the simulator pass their own. */
export interface BotDeps {
  logger: Logger;
  i18n: I18n;
  /** Every store and service, built once by the composition root (`createServices`). */
  services: Services;
  /** Known bot identity; when absent, `bot.init()` asks Telegram. */
  botInfo?: UserFromGetMe;
  /** Replaces the HTTP transport to the Bot API (the simulator and tests record calls here). */
  fetch?: typeof fetch;
  /** API transformers (auto-retry, metrics) installed on the bot's API and inside every dialogue. */
  apiTransformers?: readonly Transformer[];
  /** Who is admin or staff, when not the services' directory (tests change roles mid-dialogue). */
  roles?: RoleDirectory;
  /** Prometheus metrics; none are collected when absent. */
  metrics?: BotMetrics;
  /**
   * Serialise each chat's updates across instances through Redis (webhook mode, where several
   * instances may get updates of one chat at the same moment).
   */
  lockChatsAcrossInstances?: boolean;
  /** Counts updates being handled, for a stop that waits for them (the service passes one). */
  updatesInFlight?: UpdatesInFlight;
  /** Erasers besides the services' and the hand-off's; /forget runs them all. */
  erasers?: readonly UserDataEraser[];
}

/** Builds the bot: wires middleware and features, nothing else. Starting it is the caller's job. */
export function createBot(config: Config, deps: BotDeps): Bot<BotContext> {
  // Before any handler is registered (see branching.ts: what each step through the handlers costs).
  useLeanMiddleware();
  const { services } = deps;
  const redis = services.redis;
  const client = botApiClientOptions(config.botApiRoot, { custom: deps.fetch, metrics: deps.metrics });
  const bot = new Bot<BotContext>(config.botToken ?? OFFLINE_TOKEN, { botInfo: deps.botInfo, client });
  // Innermost, so auto-retry and the rest wrap it as they wrap grammY's own client; every update's
  // Api inherits the bot's transformers. Not in dialogues (see directJsonCalls).
  bot.api.config.use(directJsonCalls(bot.token, client));
  const transformers = deps.apiTransformers ?? [];
  for (const transformer of transformers) bot.api.config.use(transformer);

  if (deps.updatesInFlight) bot.use(deps.updatesInFlight.middleware);
  // Button presses are answered alongside the reply, not before it.
  bot.use(acknowledgeWithoutWaiting());
  // One chat's updates in order (sessions and dialogues depend on it); different chats in parallel.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  if (deps.metrics) bot.use(metricsMiddleware(deps.metrics));
  if (deps.metrics && redis) trackRedisUp(redis, deps.metrics);
  const insight = services.insight;
  if (deps.metrics && insight) trackActivePeople(deps.metrics, () => insight.activePeople(services.clock()));
  bot.use(errorBoundary({ logger: deps.logger, i18n: deps.i18n, logSalt: config.logSalt, metrics: deps.metrics, languages: services.stores.languages }));
  // Inside the boundary: with Redis away, the user still hears "temporarily unavailable".
  if (deps.lockChatsAcrossInstances && redis) bot.use(chatLock(redis, { keyPrefix: config.redisKeyPrefix }));
  // Staff answering in the staff group are not a flood: a dropped answer would never reach the person.
  const notStaffChat = (ctx: BotContext) => ctx.chat === undefined || ctx.chat.id !== config.handoff.staffChatId;
  const dialoguesExpireFirst = config.conversationTtlSeconds <= config.sessionTtlSeconds;
  const floodLimit = rateLimit({ ...config.rateLimit, keyPrefix: config.redisKeyPrefix, redis, metrics: deps.metrics });
  // Counted just before the session is read: the two Redis commands share one round trip.
  bot.filter(notStaffChat, floodLimit.count);
  // Keyed by user, not chat: a person's language follows them.
  const sessionKeyOf = (ctx: Pick<BotContext, 'from'>) => ctx.from?.id.toString();
  bot.use(expectCardWalkOnCardButtons(services.stores.sessions, sessionKeyOf));
  bot.use(
    session<SessionData, BotContext>({
      // A person with no session has no dialogue either (a dialogue expires first), so the dialogue
      // store need not be asked: one Redis round trip fewer for every new person.
      initial: () => (dialoguesExpireFirst ? { dialogueOpen: false } : {}),
      storage: services.stores.sessions,
      getSessionKey: sessionKeyOf,
    }),
  );
  bot.use(i18nMiddleware(deps.i18n));
  bot.filter(notStaffChat, floodLimit.enforce);
  const roles = deps.roles ?? services.roles;
  bot.use(rolesMiddleware(roles));
  const featureDeps: FeatureDeps = {
    config,
    i18n: deps.i18n,
    logger: deps.logger,
    content: services.content,
    roles,
    clock: services.clock,
    metrics: deps.metrics,
    downloadFile: (filePath) => (deps.fetch ?? fetch)(`${config.botApiRoot}/file/bot${bot.token}/${filePath}`),
  };
  const dialogues = dialoguesFeature({
    content: services.content,
    i18n: deps.i18n,
    dialogueTimeoutMs: config.conversationTtlSeconds * 1000,
    clock: featureDeps.clock,
    calendar: services.calendar,
    pictures: pictureSender({ pictures: services.pictures, content: services.content, logger: deps.logger }),
    cardInsight: insight && {
      opened: (cardId) => {
        insight.cardOpened(cardId, services.clock());
        deps.metrics?.cardOpens.inc({ card: cardId });
      },
      vote: async (cardId, lang, up, userId) => {
        const counted = await insight.vote('card', cardId, lang, up, userId, services.clock());
        if (counted) deps.metrics?.helpfulVotes.inc({ kind: 'card', vote: up ? 'up' : 'down' });
        return counted;
      },
    },
  });
  const handoff = handoffFeature(featureDeps, bot.api, services.handoffCases, insight);
  // The staff group talks to the hand-off only; every other feature serves private chats.
  bot.use(handoff.staffGroup);
  bot.use(privateChatsOnly());
  // People a day by language, for staff insight: a tally that keeps no id, written without waiting.
  if (insight) bot.use(countActivePeople(insight, services.clock));

  bot.use(
    conversations<BotContext, DialogueContext>({
      // The store holds JSON; its shape is the conversations plugin's, which storage does not know.
      storage: { type: 'context', version: DIALOGUE_STATE_VERSION, adapter: dialogueStateStorage(services.stores.dialogues as JsonStore<DialogueState>) },
      // Dialogue contexts are fresh objects: give them the same API plugins and the user's language.
      plugins: (conversation: Conversation<BotContext, DialogueContext>) => [
        async (ctx, next) => {
          for (const transformer of transformers) ctx.api.config.use(transformer);
          bindLanguage(ctx, deps.i18n, await conversation.external((outer) => outer.lang));
          await next();
        },
      ],
    }),
  );
  // With no dialogue open, dialogues register only when one is entered (see registration.ts).
  bot.use(holdBackDialogueRegistration());
  // A finished dialogue step opens the next one once the update is handled (see context.ts).
  bot.use(dialogueContinuation());
  // A person walking through the cards: their answer (or whatever comes instead) is taken here, as a dialogue's would be.
  bot.use(dialogues.cardWalk);

  // A person with an open case writes to staff; a dialogue they started meanwhile keeps its answers.
  bot.use(handoff.person);
  // Dialogues come first: while one is active, it sees every update (a language change re-renders its step).
  bot.use(dialogues.entries);
  bot.use(staffFeature(featureDeps, { faq: services.faq, directory: services.roles, edits: services.staffEdits, insight }));
  bot.use(statsFeature(featureDeps, { insight, subscribers: services.subscribers, broadcasts: services.broadcasts }));
  bot.use(broadcastFeature(featureDeps, services.broadcasts));
  bot.use(languageFeature(deps.i18n, { offerSubscription: services.subscribers !== undefined }));
  bot.use(menuFeature());
  bot.use(remindersFeature(featureDeps, { reminders: services.reminders, calendar: services.calendar }));
  const erasers = [...services.erasers, handoff.eraser, ...(deps.erasers ?? [])];
  bot.use(
    privacyFeature({
      sessionTtlSeconds: config.sessionTtlSeconds,
      conversationTtlSeconds: config.conversationTtlSeconds,
      handoffRetentionDays: config.handoff.retentionDays,
      insightRetentionDays: config.insight.retentionDays,
      erasers: () => erasers,
      logger: deps.logger,
      logSalt: config.logSalt,
    }),
  );
  bot.use(subscriptionsFeature(featureDeps, services.subscribers));
  // Plain text that no dialogue took is a question: the FAQ search answers it before the fallback.
  bot.use(faqFeature(featureDeps, services.faq, insight));
  bot.use(fallbackFeature());

  bot.catch((error) => {
    // Reached only if the error boundary itself failed; keep the bot alive and leave a trace.
    deps.logger.error({ updateId: error.ctx.update.update_id, err: { message: error.message } }, 'unhandled bot error');
  });
  return bot;
}

import type Redis from 'ioredis';
import type { Config } from '../config';
import { loadContent, type ContentLibrary } from '../content/loader';
import { verifiedPhoneSet } from '../content/phone-numbers';
import type { Logger } from '../logger';
import { coreUserDataEraser } from '../storage/core-eraser';
import { MemoryJsonStore, RedisJsonStore, type JsonStore } from '../storage/json-store';
import { redisKeys } from '../storage/redis-keys';
import { createStores, type BotStores } from '../storage/stores';
import { VersionedStore } from '../storage/versioned-store';
import { DraftStore, NoticeStore, type Audience } from './broadcast';
import { createAudience } from './broadcast/session-audience';
import { liveDeflatorLookup, liveWorkCalendar } from './content-store/live-calendar';
import { createLiveContent, isLiveContent } from './content-store/live-content';
import {
  createWorkCalendar,
  decreeList,
  deflatorList,
  shippedDecrees,
  SHIPPED_DEFLATORS,
  type DeflatorLookup,
  type WorkCalendar,
} from './deadlines';
import { FaqLibrary } from './faq/faq-library';
import type { FaqEntry } from './faq/faq-schema';
import { loadShippedFaq } from './faq/shipped-faq';
import { caseStoreFor, type CaseRepository } from './handoff/case-store';
import { MemoryCaseStore } from './handoff/memory-case-store';
import { faqKnownWords, InsightStore } from './insight';
import type { UserDataEraser } from './privacy';
import { createStaffDataEraser } from './staff/staff-data-eraser';
import { createRoleDirectory, type StaffDirectory } from './staff/staff-directory';
import type { PendingImport, StaffDraft } from './staff/staff-drafts';
import { SubscriberStore } from './subscribers';
import { createPictureCache, type PictureCache } from './pictures';
import { ReminderService, timeZoneOfRegion } from './reminders';

/** What the callers of {@link createServices} choose; everything else follows from the config and Redis. */
export interface ServicesOptions {
  logger: Logger;
  /** Milliseconds since the epoch; tests fix it to make "today" known. */
  clock?: () => number;
  /**
   * Content served as given (tests). By default the shipped content, made live (editable by staff,
   * with the working-day calendar following the decrees they edit) when Redis is given.
   */
  content?: ContentLibrary;
}

/** The drafts and imports of staff edits, by user id. */
export interface StaffEditStores {
  drafts: JsonStore<StaffDraft>;
  imports: JsonStore<PendingImport>;
}

/** The stores of admin broadcasts: notices are queued in Redis, so these exist only with it. */
export interface BroadcastStores {
  drafts: DraftStore;
  notices: NoticeStore;
  audience: Audience;
}

/**
 * Every store and service of one bot, built once. Offline (no Redis: the terminal simulator) the
 * memory twins stand in where one exists, and what needs Redis (subscriptions, broadcasts) is absent.
 */
export interface Services {
  /** The Redis behind the stores, for the bot's cross-instance middleware (absent offline). */
  readonly redis?: Redis;
  readonly clock: () => number;
  /** Sessions, dialogue state (JSON; its shape is the bot's) and the languages recently seen. */
  readonly stores: BotStores;
  /** The validated, sourced content cards and contacts (live, staff-editable, with Redis). */
  readonly content: ContentLibrary;
  /**
   * Russia's working-day calendar: the decrees staff edit when the content is live (with Redis),
   * the shipped decrees otherwise. The deadline calculator counts with it.
   */
  readonly calendar: WorkCalendar;
  /** The patent deflator of a year, from the same source as {@link Services.calendar}. */
  readonly deflatorFor: DeflatorLookup;
  /** Who is admin or staff, and the staff admins add at run time. */
  readonly roles: StaffDirectory;
  readonly faq: FaqLibrary;
  /** "Write to a person" cases (in memory offline). */
  readonly handoffCases: CaseRepository;
  readonly staffEdits: StaffEditStores;
  /** Safety-notice subscribers; absent offline. */
  readonly subscribers?: SubscriberStore;
  /** Rendered pictures (deadline timelines, SOS cards), kept by what they show, in this process's memory. */
  readonly pictures: PictureCache;
  /** Absent offline. */
  readonly broadcasts?: BroadcastStores;
  /** Deadline reminders (a plan per person, delayed jobs in the delivery queue); absent offline. */
  readonly reminders?: ReminderService;
  /** Staff insight: anonymous counters, unanswered questions, 👍 / 👎 (absent offline). */
  readonly insight?: InsightStore;
  /**
   * Everything kept about a user, for /forget. The hand-off's eraser is the bot's (it tells the
   * staff group), so it is not here.
   */
  readonly erasers: readonly UserDataEraser[];
  /**
   * Closes what these services opened: the change feeds and live content it made (its calendar
   * keeps its last snapshot). Not the Redis given, nor content given.
   */
  close(): Promise<void>;
}

/**
 * The composition root: builds every store and service once, choosing Redis or the memory twins
 * here and nowhere else. The service, the simulator and the tests call it; `createBot` receives
 * what it returns. Resolves once live content is seeded and loaded.
 */
export async function createServices(config: Config, redis: Redis | undefined, options: ServicesOptions): Promise<Services> {
  const { logger } = options;
  const clock = options.clock ?? Date.now;
  const keys = redisKeys(config.redisKeyPrefix);
  const content =
    options.content ??
    (redis
      ? await createLiveContent(redis, loadContent(), {
          keyPrefix: config.redisKeyPrefix,
          onError: (error) => logger.error({ err: { message: error.message } }, 'live content refresh failed'),
        })
      : loadContent());
  // Only what this root made live is its to close; given content belongs to the caller.
  const ownedContent = options.content === undefined && isLiveContent(content) ? content : undefined;
  // The working-day calendar and deflators follow what staff edit when the content is live; the shipped data otherwise.
  const calendar = isLiveContent(content) ? liveWorkCalendar(content.calendar) : createWorkCalendar(decreeList(shippedDecrees));
  const deflatorFor = isLiveContent(content) ? liveDeflatorLookup(content.calendar) : deflatorList(SHIPPED_DEFLATORS);
  const stores = createStores(
    { keyPrefix: config.redisKeyPrefix, sessionTtlSeconds: config.sessionTtlSeconds, dialogueTtlSeconds: config.conversationTtlSeconds },
    redis,
  );
  // The shipped FAQ is validated here, i.e. at start-up.
  const faq = new FaqLibrary(
    redis ? new VersionedStore<FaqEntry>(redis, keys.faq, { clock }) : undefined,
    loadShippedFaq(verifiedPhoneSet(content.allContacts())),
    (error) => logger.warn({ err: { message: error.message } }, 'faq: change feed failed'),
  );
  const editTtl = config.conversationTtlSeconds;
  // The eraser of /forget (services/staff/staff-data-eraser) deletes these same keys.
  const staffEdits: StaffEditStores = redis
    ? { drafts: new RedisJsonStore(redis, keys.staffDrafts, editTtl), imports: new RedisJsonStore(redis, keys.staffImports, 3600) }
    : { drafts: new MemoryJsonStore(editTtl), imports: new MemoryJsonStore(3600) };
  const subscribers = redis ? new SubscriberStore(redis, config.redisKeyPrefix) : undefined;
  const broadcasts: BroadcastStores | undefined = redis && subscribers && {
    drafts: new DraftStore(redis, config.redisKeyPrefix),
    notices: new NoticeStore(redis, config.redisKeyPrefix),
    audience: createAudience(redis, config.redisKeyPrefix, subscribers),
  };
  const roles = createRoleDirectory(config, redis);
  // Reminders follow the person's region (chosen for safety notices) when there is one; Moscow time otherwise.
  const reminders = redis && subscribers && new ReminderService({
    redis,
    keyPrefix: config.redisKeyPrefix,
    logSalt: config.logSalt,
    clock,
    timeZoneOf: async (userId) => timeZoneOfRegion((await subscribers.get(userId))?.region),
  });
  const insight =
    redis &&
    new InsightStore(redis, {
      keyPrefix: config.redisKeyPrefix,
      retentionDays: config.insight.retentionDays,
      salt: config.logSalt,
      knownWord: faqKnownWords(faq),
      clock,
      onError: (error) => logger.warn({ err: { message: error.message } }, 'insight: a counter was not written'),
    });
  const erasers: UserDataEraser[] = [coreUserDataEraser(stores, redis, config.redisKeyPrefix)];
  // Only the day's "already voted" marks are about a person; the rest of insight holds no id.
  if (insight) erasers.push(insight);
  if (redis && subscribers && broadcasts) {
    const notices = broadcasts.notices;
    erasers.push(
      createStaffDataEraser(config, redis, roles),
      subscribers,
      broadcasts.drafts,
      // Their id and name leave the history of notices they sent.
      { eraseUser: (userId) => notices.eraseAuthor(userId) },
    );
  }
  if (reminders) erasers.push(reminders);
  return {
    redis,
    clock,
    stores,
    content,
    calendar,
    deflatorFor,
    roles,
    faq,
    // Offline, cases live in memory, so the hand-off can be tried in the simulator too.
    handoffCases: redis ? caseStoreFor(config, redis) : new MemoryCaseStore(),
    staffEdits,
    subscribers,
    pictures: createPictureCache(),
    broadcasts,
    insight,
    reminders,
    erasers,
    close: async () => {
      // The last second's tally of people seen is written, not lost.
      await insight?.flush();
      await reminders?.close();
      await faq.close();
      await ownedContent?.close();
    },
  };
}

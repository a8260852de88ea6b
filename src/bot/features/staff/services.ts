import type { Config } from '../../../config';
import type { Logger } from '../../../logger';
import { verifiedPhoneSet } from '../../../content/phone-numbers';
import { isLiveContent, type LiveContent } from '../../../services/content-store/live-content';
import { isoString, todayIn } from '../../../services/deadlines';
import { MOSCOW_TIME_ZONE } from '../../../services/moscow-time';
import type { FaqLibrary } from '../../../services/faq/faq-library';
import type { FaqEntry } from '../../../services/faq/faq-schema';
import type { ImportPlan, TransferCollection, TransferSources } from '../../../services/staff/content-transfer';
import type { LiveCollection } from '../../../services/content-store/live-collection';
import { createRoleDirectory, isStaffDirectory, type StaffDirectory } from '../../../services/staff/staff-directory';
import { MemoryJsonStore, RedisJsonStore, type JsonStore } from '../../../storage/json-store';
import { redisKeys } from '../../../storage/redis-keys';
import type { FeatureDeps } from '../../feature-deps';
import type { I18n } from '../../i18n';
import { faqLibraryFor } from '../../faq-library';

/** The dialogue flows staff can be in. */
export type FlowId = 'faq-add' | 'faq-edit' | 'card-edit' | 'contact-edit' | 'decree-edit' | 'deflator-edit';

/**
 * An unfinished edit, kept in Redis (not in the dialogue state, which the conversations plugin
 * replays on every update): field values typed so far and what the edit is based on.
 */
export interface StaffDraft {
  flow: FlowId;
  /** Field values: text, or null for "skipped / removed". */
  values: Record<string, string | null>;
  /** What is being edited: ids, language, the version the edit started from. */
  target: { id?: string; lang?: 'ru' | 'tg' | 'en'; baseVersion?: number; base?: unknown };
}

/** An import shown to staff and waiting for their confirmation. */
export interface PendingImport {
  token: string;
  plan: ImportPlan;
}

/** Everything the staff tools work with. */
export interface StaffServices {
  faq: FaqLibrary;
  /** Cards and contacts, editable only when the bot runs on live content. */
  content?: LiveContent;
  directory: StaffDirectory;
  /** Drafts by user id. */
  drafts: JsonStore<StaffDraft>;
  /** Pending imports by user id. */
  imports: JsonStore<PendingImport>;
  i18n: I18n;
  config: Config;
  logger: Logger;
  clock: () => number;
  /** Normalized verified phone numbers of the current registry. */
  verifiedPhones(): Set<string>;
}

const services = new WeakMap<FeatureDeps, StaffServices>();

/** The staff services of one bot (one per createBot). */
export function staffServicesFor(deps: FeatureDeps): StaffServices {
  let found = services.get(deps);
  if (!found) {
    // The eraser of /forget (services/staff/staff-data-eraser) deletes these same keys.
    const keys = redisKeys(deps.config.redisKeyPrefix);
    const ttl = deps.config.conversationTtlSeconds;
    found = {
      faq: faqLibraryFor(deps),
      content: isLiveContent(deps.content) ? deps.content : undefined,
      // Role checks use deps.roles (what createBot uses); adding and removing needs the Redis set.
      directory: isStaffDirectory(deps.roles) ? deps.roles : createRoleDirectory(deps.config, deps.redis),
      drafts: deps.redis ? new RedisJsonStore(deps.redis, keys.staffDrafts, ttl) : new MemoryJsonStore(ttl),
      imports: deps.redis ? new RedisJsonStore(deps.redis, keys.staffImports, 3600) : new MemoryJsonStore(3600),
      i18n: deps.i18n,
      config: deps.config,
      logger: deps.logger,
      clock: deps.clock,
      verifiedPhones: () => verifiedPhoneSet(deps.content.allContacts()),
    };
    services.set(deps, found);
  }
  return found;
}

/** Today in Moscow, YYYY-MM-DD: the "checked on" date of an edit. */
export function todayIso(clock: () => number): string {
  return isoString(todayIn(MOSCOW_TIME_ZONE, new Date(clock())));
}

function withoutCreate<T>(collection: LiveCollection<T>): TransferCollection<T> {
  return {
    all: () => collection.all(),
    get: (id) => collection.get(id),
    replace: (id, version, data, deleted, by) => collection.replace(id, version, data, deleted, by),
  };
}

/** The collections export and import move content between. */
export function transferSources(s: StaffServices): TransferSources {
  return {
    faq: {
      all: () => s.faq.all(),
      get: (id) => s.faq.get(id),
      create: (id, data: FaqEntry, by) => s.faq.create(id, data, by, 'import'),
      replace: (id, version, data, deleted, by) => s.faq.replace(id, version, data, deleted, by),
    },
    verifiedPhones: () => s.verifiedPhones(),
    // Cards and contacts can be changed by import, not created: the dialogues know only the shipped ones.
    ...(s.content ? { cards: withoutCreate(s.content.cardDocs), contacts: withoutCreate(s.content.contactDocs) } : {}),
  };
}

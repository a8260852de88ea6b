import type { Config } from '../../../config';
import type { Logger } from '../../../logger';
import { verifiedPhoneSet } from '../../../content/phone-numbers';
import { isLiveContent, type LiveContent } from '../../../services/content-store/live-content';
import { isoString, todayIn } from '../../../services/deadlines';
import { MOSCOW_TIME_ZONE } from '../../../services/moscow-time';
import type { FaqLibrary } from '../../../services/faq/faq-library';
import type { FaqEntry } from '../../../services/faq/faq-schema';
import type { InsightStore } from '../../../services/insight';
import type { TransferCollection, TransferSources } from '../../../services/staff/content-transfer';
import type { LiveCollection } from '../../../services/content-store/live-collection';
import type { StaffDirectory } from '../../../services/staff/staff-directory';
import type { PendingImport, StaffDraft } from '../../../services/staff/staff-drafts';
import type { StaffEditStores } from '../../../services/composition';
import type { JsonStore } from '../../../storage/json-store';
import type { FeatureDeps } from '../../feature-deps';
import type { I18n } from '../../i18n';

export type { FlowId, PendingImport, StaffDraft } from '../../../services/staff/staff-drafts';

/** What the staff tools get from the composition root. */
export interface StaffTools {
  faq: FaqLibrary;
  /** Roles, and the staff admins add and remove at run time. */
  directory: StaffDirectory;
  edits: StaffEditStores;
  /** Unanswered questions and 👍 / 👎 (absent offline). */
  insight?: InsightStore;
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
  /** Unanswered questions and 👍 / 👎 (absent offline). */
  insight?: InsightStore;
}

/** The staff services of one bot: its shared services, and the parts of `deps` staff tools use. */
export function staffServices(deps: FeatureDeps, tools: StaffTools): StaffServices {
  return {
    faq: tools.faq,
    content: isLiveContent(deps.content) ? deps.content : undefined,
    directory: tools.directory,
    drafts: tools.edits.drafts,
    imports: tools.edits.imports,
    i18n: deps.i18n,
    config: deps.config,
    logger: deps.logger,
    clock: deps.clock,
    verifiedPhones: () => verifiedPhoneSet(deps.content.allContacts()),
    insight: tools.insight,
  };
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

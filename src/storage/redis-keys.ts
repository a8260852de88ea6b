/**
 * Every Redis key and key prefix the bot writes, built from REDIS_KEY_PREFIX in this one place.
 * One prefix per kind of data, with a version where the stored shape can change. The strings are
 * pinned by test/unit/redis-keys.test.ts: changing one strands the data already stored under it
 * (and, for a key /forget erases, silently stops erasing it).
 *
 * Redis Cluster: a Lua script, MULTI or multi-key command must keep all its keys in one hash slot.
 * A kind of data whose keys are used together carries a hash tag (`{…}`, e.g. `mhb:{subs:v1}:u:42`
 * and `mhb:{subs:v1}:ids`): Redis hashes only the tag, so they share a slot. Kinds used one key at a
 * time (sessions, dialogues, counters, locks, drafts, reminders) stay untagged and spread over the
 * cluster. Data written before the tags is moved once at start-up (storage/key-migration.ts).
 */

/**
 * Version of the stored dialogue state. Bump it when a dialogue's steps change incompatibly:
 * old state is then dropped instead of being replayed against new code.
 */
export const DIALOGUE_STATE_VERSION = 1;

/** The keys and key prefixes under one REDIS_KEY_PREFIX (`base`, empty or ending with ":"). */
export interface RedisKeys {
  /** Sessions by chat id. */
  sessions: string;
  /** The walk through the cards of a person, beside their session (expires with the dialogues). */
  cardWalks: string;
  /** Dialogue (conversation) state by chat id, versioned by {@link DIALOGUE_STATE_VERSION}. */
  dialogues: string;
  /** Per-user flood-protection counters by user id (erased by /forget). */
  rateLimit: string;
  /** The cross-instance lock of one chat. */
  chatLock(chatId: number): string;
  /** The set of all subscriber ids. */
  subscriberIds: string;
  /** Subscriber records by user id. */
  subscribers: string;
  /** Sets of active subscriber ids by language and by region, for counts (erased by /forget). */
  subscriberSegments: string;
  /** Namespaces of the live (staff-editable) content collections. */
  content: { cards: string; contacts: string; decrees: string; deflators: string };
  /** Namespace of the FAQ library. */
  faq: string;
  /** The set of staff members added at run time. */
  staffMembers: string;
  /** Staff members' unsaved drafts by user id (erased by /forget). */
  staffDrafts: string;
  /** Staff members' pending imports by user id (erased by /forget). */
  staffImports: string;
  /** Namespace of the hand-off cases. */
  handoff: string;
  /** Namespace of the broadcast notices, their recipients and send gates. */
  notices: string;
  /** Admins' broadcast drafts by user id. */
  broadcastDrafts: string;
  /**
   * BullMQ's prefix for the broadcast delivery queue (deadline reminders go through it too). Its
   * hash tag keeps all of BullMQ's keys of the queue in one slot, as BullMQ requires on a cluster.
   */
  deliveryQueue: string;
  /** Deadline reminder plans by user id: dates, what each is for, language (erased by /forget). */
  reminders: string;
  /** Namespace of staff insight: anonymous counters, unanswered questions without ids, votes. */
  insight: string;
  /** The REDIS_KEY_PREFIX the simulator runs under, apart from the real bot's data. */
  simulator: string;
}

/** The keys and key prefixes under `base` (REDIS_KEY_PREFIX, empty or ending with ":"). */
export function redisKeys(base: string): RedisKeys {
  return {
    sessions: `${base}sess:v1:`,
    cardWalks: `${base}walk:v1:`,
    dialogues: `${base}conv:v${DIALOGUE_STATE_VERSION}:`,
    rateLimit: `${base}rl:`,
    chatLock: (chatId) => `${base}lock:chat:${chatId}`,
    subscriberIds: `${base}{subs:v1}:ids`,
    subscribers: `${base}{subs:v1}:u:`,
    subscriberSegments: `${base}{subs:v1}:seg:`,
    content: {
      cards: `${base}{content:v1:cards}:`,
      contacts: `${base}{content:v1:contacts}:`,
      decrees: `${base}{content:v1:decrees}:`,
      deflators: `${base}{content:v1:deflators}:`,
    },
    faq: `${base}{faq:v1}:`,
    staffMembers: `${base}staff:v1:members`,
    staffDrafts: `${base}staff:v1:draft:`,
    staffImports: `${base}staff:v1:import:`,
    handoff: `${base}{handoff:v1}:`,
    notices: `${base}{bcast:v1}:`,
    broadcastDrafts: `${base}bcast:v1:draft:`,
    deliveryQueue: `${base}{bcast:q}`,
    reminders: `${base}remind:v1:u:`,
    insight: `${base}{insight:v1}:`,
    simulator: `${base}sim:`,
  };
}

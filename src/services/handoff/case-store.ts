import type Redis from 'ioredis';
import type { Config } from '../../config';
import { RedisScript } from '../../storage/redis-script';
import { redisKeys } from '../../storage/redis-keys';
import { isLanguage, type Language } from '../languages';
import type { UserDataEraser } from '../privacy';

/** What a person can ask staff about; the staff topic is named after it. */
export const CASE_TOPICS = ['detention', 'documents', 'work', 'other'] as const;

/** The subject of a case. */
export type CaseTopic = (typeof CASE_TOPICS)[number];

/** True for a known case topic (button data is outside input). */
export function isCaseTopic(value: string | undefined): value is CaseTopic {
  return (CASE_TOPICS as readonly string[]).includes(value ?? '');
}

/** Who closed a case. */
export type ClosedBy = 'staff' | 'user' | 'erased';

/**
 * One conversation between a person and staff. It holds no name, phone or message text: only the
 * number staff see, the language and topic, where the case lives in the staff group, and times.
 */
export interface HandoffCase {
  /** Short case number, shown to the person and to staff. */
  id: number;
  userId: number;
  /** The language the person reads; answers are introduced in it. */
  language: Language;
  topic: CaseTopic;
  status: 'open' | 'closed';
  openedAt: number;
  /** Forum topic of the case in the staff group (groups with topics). */
  threadId?: number;
  /** The case's first message in the staff group (staff reply to it in groups without topics). */
  rootMessageId?: number;
  /** Since when the person's oldest unanswered message waits; unset when staff answered last. */
  waitingSince?: number;
  lastStaffReplyAt?: number;
  closedAt?: number;
  closedBy?: ClosedBy;
}

/** Settings of the case store. */
export interface CaseStoreOptions {
  /** How long a closed case (and its link to the staff group) is kept, so late replies get a clear answer. */
  closedRetentionSeconds: number;
}

/** Where cases live: Redis in production, memory in the offline simulator. Same behaviour, one contract test. */
export interface CaseRepository extends UserDataEraser {
  /** Opens a case for `userId`, or returns the one already open (a double tap opens one case). */
  open(userId: number, language: Language, topic: CaseTopic, now: number): Promise<HandoffCase>;
  /** The case, open or closed; undefined once it expired or was erased. */
  get(id: number): Promise<HandoffCase | undefined>;
  /** The person's open case, if any. */
  openCaseOf(userId: number): Promise<HandoffCase | undefined>;
  /** The case a forum topic of the staff group belongs to. */
  byThread(threadId: number): Promise<HandoffCase | undefined>;
  /** The case a message of the staff group belongs to (staff reply to it). */
  byGroupMessage(messageId: number): Promise<HandoffCase | undefined>;
  /** Links the case to its forum topic. */
  attachThread(caseId: number, threadId: number): Promise<void>;
  /** Records the case's first message in the staff group. */
  attachRoot(caseId: number, messageId: number): Promise<void>;
  /** Remembers that a staff group message belongs to the case, so a reply to it reaches the person. */
  linkGroupMessage(caseId: number, messageId: number): Promise<void>;
  /** The person wrote: the case waits for staff from now on (unless it already did), in this language. */
  noteUserMessage(caseId: number, language: Language, now: number): Promise<void>;
  /** Staff answered: nothing waits any more. */
  noteStaffReply(caseId: number, now: number): Promise<void>;
  /** Closes the case; undefined when it was not open (already closed, or gone). */
  close(caseId: number, by: ClosedBy, now: number): Promise<HandoffCase | undefined>;
  /** Open cases, the longest-waiting first, then those staff answered last. */
  openCases(): Promise<HandoffCase[]>;
}

/** The order of /cases: the longest-waiting first, then those answered, oldest first. */
export function byWaitingTime(a: HandoffCase, b: HandoffCase): number {
  const waiting = (c: HandoffCase) => c.waitingSince ?? Number.POSITIVE_INFINITY;
  return waiting(a) - waiting(b) || a.openedAt - b.openedAt;
}

// Closing is one atomic step: a staff /close and the person's "End" may arrive at the same moment.
const CLOSE_SCRIPT = new RedisScript(`
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'open' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'closed', 'closedAt', ARGV[1], 'closedBy', ARGV[2])
redis.call('HDEL', KEYS[1], 'waitingSince')
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
redis.call('ZREM', KEYS[3], ARGV[3])
return 1
`);

/**
 * Cases and their links to the staff group, in Redis, so every instance and every restart agrees.
 * Keys (`handoff:v1:`): `seq` (case numbers), `case:<id>` (hash), `user:<id>` (the open case),
 * `user-cases:<id>` (all cases, for /forget), `thread:<id>` and `gmsg:<id>` (staff group → case),
 * `case-gmsgs:<id>` (the group messages of a case, for /forget), `open` (open cases by opening time).
 */
export class CaseStore implements CaseRepository {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly options: CaseStoreOptions,
  ) {
    this.prefix = redisKeys(keyPrefix).handoff;
  }

  /** Opens a case for `userId`, or returns the one already open (a double tap opens one case). */
  async open(userId: number, language: Language, topic: CaseTopic, now: number): Promise<HandoffCase> {
    const existing = await this.openCaseOf(userId);
    if (existing) return existing;
    const id = await this.redis.incr(this.key('seq'));
    const record: HandoffCase = { id, userId, language, topic, status: 'open', openedAt: now };
    await this.redis
      .multi()
      .hset(this.key(`case:${id}`), toHash(record))
      .set(this.key(`user:${userId}`), String(id))
      .sadd(this.key(`user-cases:${userId}`), String(id))
      .persist(this.key(`user-cases:${userId}`))
      .zadd(this.key('open'), now, String(id))
      .exec();
    return record;
  }

  /** The case, open or closed; undefined once it expired or was erased. */
  async get(id: number): Promise<HandoffCase | undefined> {
    return fromHash(await this.redis.hgetall(this.key(`case:${id}`)));
  }

  /** The person's open case, if any. */
  async openCaseOf(userId: number): Promise<HandoffCase | undefined> {
    const id = await this.redis.get(this.key(`user:${userId}`));
    const found = id ? await this.get(Number(id)) : undefined;
    return found?.status === 'open' ? found : undefined;
  }

  /** The case a forum topic of the staff group belongs to. */
  async byThread(threadId: number): Promise<HandoffCase | undefined> {
    const id = await this.redis.get(this.key(`thread:${threadId}`));
    return id ? this.get(Number(id)) : undefined;
  }

  /** The case a message of the staff group belongs to (staff reply to it). */
  async byGroupMessage(messageId: number): Promise<HandoffCase | undefined> {
    const id = await this.redis.get(this.key(`gmsg:${messageId}`));
    return id ? this.get(Number(id)) : undefined;
  }

  /** Links the case to its forum topic. */
  async attachThread(caseId: number, threadId: number): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key(`case:${caseId}`), 'threadId', String(threadId))
      .set(this.key(`thread:${threadId}`), String(caseId))
      .exec();
  }

  /** Records the case's first message in the staff group. */
  async attachRoot(caseId: number, messageId: number): Promise<void> {
    await this.redis.hset(this.key(`case:${caseId}`), 'rootMessageId', String(messageId));
    await this.linkGroupMessage(caseId, messageId);
  }

  /** Remembers that a staff group message belongs to the case, so a reply to it reaches the person. */
  async linkGroupMessage(caseId: number, messageId: number): Promise<void> {
    await this.redis
      .multi()
      .set(this.key(`gmsg:${messageId}`), String(caseId))
      .sadd(this.key(`case-gmsgs:${caseId}`), String(messageId))
      .exec();
  }

  /** The person wrote: the case waits for staff from now on (unless it already did), in this language. */
  async noteUserMessage(caseId: number, language: Language, now: number): Promise<void> {
    await this.redis
      .multi()
      .hsetnx(this.key(`case:${caseId}`), 'waitingSince', String(now))
      .hset(this.key(`case:${caseId}`), 'language', language)
      .exec();
  }

  /** Staff answered: nothing waits any more. */
  async noteStaffReply(caseId: number, now: number): Promise<void> {
    await this.redis
      .multi()
      .hdel(this.key(`case:${caseId}`), 'waitingSince')
      .hset(this.key(`case:${caseId}`), 'lastStaffReplyAt', String(now))
      .exec();
  }

  /**
   * Closes the case; its records expire after the retention time.
   * @returns the closed case, or undefined when it was not open (already closed, or gone).
   */
  async close(caseId: number, by: ClosedBy, now: number): Promise<HandoffCase | undefined> {
    const found = await this.get(caseId);
    if (!found) return undefined;
    const closed = await CLOSE_SCRIPT.run(
      this.redis,
      [this.key(`case:${caseId}`), this.key(`user:${found.userId}`), this.key('open')],
      [String(now), by, String(caseId)],
    );
    if (closed !== 1) return undefined;
    await this.expireCase(found);
    return { ...found, status: 'closed', closedAt: now, closedBy: by, waitingSince: undefined };
  }

  /** Open cases, the longest-waiting first, then those staff answered last. */
  async openCases(): Promise<HandoffCase[]> {
    const ids = await this.redis.zrange(this.key('open'), 0, -1);
    const cases = (await Promise.all(ids.map((id) => this.get(Number(id))))).filter(
      (c): c is HandoffCase => c?.status === 'open',
    );
    return cases.sort(byWaitingTime);
  }

  /** Every case of the person and every link to them goes (the messages in the staff group stay there). */
  async eraseUser(userId: number): Promise<void> {
    const ids = await this.redis.smembers(this.key(`user-cases:${userId}`));
    for (const id of ids) {
      const found = await this.get(Number(id));
      const groupMessages = await this.redis.smembers(this.key(`case-gmsgs:${id}`));
      const keys = [
        this.key(`case:${id}`),
        this.key(`case-gmsgs:${id}`),
        ...groupMessages.map((m) => this.key(`gmsg:${m}`)),
        ...(found?.threadId !== undefined ? [this.key(`thread:${found.threadId}`)] : []),
      ];
      await this.redis.multi().del(...keys).zrem(this.key('open'), id).exec();
    }
    await this.redis.del(this.key(`user:${userId}`), this.key(`user-cases:${userId}`));
  }

  private async expireCase(found: HandoffCase): Promise<void> {
    const ttl = this.options.closedRetentionSeconds;
    const groupMessages = await this.redis.smembers(this.key(`case-gmsgs:${found.id}`));
    const pipeline = this.redis
      .multi()
      .expire(this.key(`case:${found.id}`), ttl)
      .expire(this.key(`case-gmsgs:${found.id}`), ttl)
      // The person's list of cases goes with their last closed case: no id stays for good.
      .expire(this.key(`user-cases:${found.userId}`), ttl);
    for (const m of groupMessages) pipeline.expire(this.key(`gmsg:${m}`), ttl);
    if (found.threadId !== undefined) pipeline.expire(this.key(`thread:${found.threadId}`), ttl);
    await pipeline.exec();
  }

  private key(suffix: string): string {
    return this.prefix + suffix;
  }
}

function toHash(c: HandoffCase): Record<string, string> {
  const hash: Record<string, string> = {};
  for (const [field, value] of Object.entries(c)) if (value !== undefined) hash[field] = String(value);
  return hash;
}

function fromHash(h: Record<string, string>): HandoffCase | undefined {
  if (!h.id || !h.userId || !isLanguage(h.language) || !isCaseTopic(h.topic)) return undefined;
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  return {
    id: Number(h.id),
    userId: Number(h.userId),
    language: h.language,
    topic: h.topic,
    status: h.status === 'closed' ? 'closed' : 'open',
    openedAt: Number(h.openedAt),
    threadId: num(h.threadId),
    rootMessageId: num(h.rootMessageId),
    waitingSince: num(h.waitingSince),
    lastStaffReplyAt: num(h.lastStaffReplyAt),
    closedAt: num(h.closedAt),
    closedBy: h.closedBy === 'staff' || h.closedBy === 'user' || h.closedBy === 'erased' ? h.closedBy : undefined,
  };
}

/** The Redis case store of a bot configuration (closed cases kept `HANDOFF_RETENTION_DAYS`). */
export function caseStoreFor(config: Pick<Config, 'redisKeyPrefix' | 'handoff'>, redis: Redis): CaseStore {
  return new CaseStore(redis, config.redisKeyPrefix, { closedRetentionSeconds: config.handoff.retentionDays * 24 * 3600 });
}

/** How many cases are open, and how long the longest-waiting person has waited (0 when nobody waits). */
export async function waitingSummary(cases: CaseRepository, now: number): Promise<{ open: number; longestWaitMs: number }> {
  const open = await cases.openCases();
  const oldest = open.find((c) => c.waitingSince !== undefined)?.waitingSince;
  return { open: open.length, longestWaitMs: oldest === undefined ? 0 : Math.max(0, now - oldest) };
}

import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { redisKeys } from '../../storage/redis-keys';
import { isLanguage, LANGUAGES, type Language } from '../languages';
import { ADVANCE, BEGIN, CREATE, FINALIZE, FREEZE, SETTLE, TRANSITION } from './notice-scripts';
import { targetSchema, type Recipient, type Target } from './target';

/** Where a notice is in its life. */
export type NoticeStatus = 'scheduled' | 'running' | 'paused' | 'cancelled' | 'done';

/** What happened to one recipient. */
export type Outcome = 'sent' | 'failed' | 'blocked' | 'skipped';

/** Counts of {@link Outcome}s. */
export type DeliveryCounts = Record<Outcome, number>;

/** A notice as the admin composed it. */
export interface NewNotice {
  target: Target;
  /** The exact HTML each language group receives (header, text, footer), built by the bot. */
  html: Partial<Record<Language, string>>;
  /** A short plain excerpt of the text, for the admins' list of past notices. */
  summary: string;
  createdBy: { userId: number; name: string };
  /** The admin's chat (progress and report go there) and language. */
  adminChatId: number;
  adminLanguage: Language;
  createdAt: number;
  /** When to start; `createdAt` for "now". */
  startAt: number;
}

/** A stored notice with its delivery state. */
export interface Notice extends NewNotice {
  id: number;
  status: NoticeStatus;
  startedAt?: number;
  finishedAt?: number;
  cancelledAt?: number;
  /** Size of the frozen recipient list (0 until started). */
  total: number;
  /** How many of the frozen list were handed to the queue. */
  cursor: number;
  counts: DeliveryCounts;
  /** Sends begun and not yet recorded (a cancelled notice waits for them before its report). */
  inflight: number;
  progressMessageId?: number;
  reported: boolean;
  /** Failure reasons and how often each occurred. */
  reasons: Record<string, number>;
}

/** The answer to "may this recipient be sent to now?". */
export type BeginResult = { kind: 'go' } | { kind: 'stop' } | { kind: 'paused' } | { kind: 'wait'; ms: number };

/** What {@link NoticeStore.finalize} found. */
export type FinalizeResult = 'finished' | 'running' | 'draining' | 'other';

/**
 * Notices and their delivery state in Redis, under `bcast:v1:`:
 * - `n:<id>` a hash: the notice, its status and counters;
 * - `n:<id>:rcpt` the recipient list frozen at start (`<user id>:<language>`), read by a cursor;
 * - `n:<id>:done` the users already settled (sent, failed, blocked or skipped): the
 *   exactly-once guard, checked atomically before each send;
 * - `n:<id>:why` failure reasons with counts;
 * - `scheduled` (by start time), `active` (started, not yet reported), `history` (by creation).
 * Per-user sets and lists are deleted once the final report is out; the notice keeps its counts.
 */
export class NoticeStore {
  private readonly base: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly historyLimit = 50,
  ) {
    this.base = redisKeys(keyPrefix).notices;
  }

  private key(id: number, part?: 'rcpt' | 'done' | 'why'): string {
    return part ? `${this.base}n:${id}:${part}` : `${this.base}n:${id}`;
  }

  private get scheduledKey(): string {
    return `${this.base}scheduled`;
  }

  private get activeKey(): string {
    return `${this.base}active`;
  }

  private get historyKey(): string {
    return `${this.base}history`;
  }

  /** The key of the global send gate's hash (its 429 pause is checked before each send). */
  get gateKey(): string {
    return `${this.base}gate`;
  }

  /** The key of one chat's send gate. */
  chatGateKey(chatId: number): string {
    return `${this.base}gate:c:${chatId}`;
  }

  /** Stores a new notice, due at `startAt`. Returns its id. */
  async create(input: NewNotice): Promise<number> {
    const fields: Record<string, string> = {
      status: 'scheduled',
      target: JSON.stringify(input.target),
      summary: input.summary,
      by: String(input.createdBy.userId),
      byName: input.createdBy.name,
      chat: String(input.adminChatId),
      lang: input.adminLanguage,
      createdAt: String(input.createdAt),
      startAt: String(input.startAt),
      total: '0',
      cursor: '0',
      sent: '0',
      failed: '0',
      blocked: '0',
      skipped: '0',
      inflight: '0',
    };
    for (const language of LANGUAGES) {
      const html = input.html[language];
      if (html !== undefined) fields[`html:${language}`] = html;
    }
    const id = Number(
      await CREATE.run(
        this.redis,
        [`${this.base}seq`, this.scheduledKey, this.historyKey],
        [`${this.base}n:`, input.startAt, input.createdAt, ...Object.entries(fields).flat()],
      ),
    );
    await this.trimHistory();
    return id;
  }

  /** Forgets the oldest finished notices beyond the history limit. */
  private async trimHistory(): Promise<void> {
    const excess = (await this.redis.zcard(this.historyKey)) - this.historyLimit;
    if (excess <= 0) return;
    for (const id of (await this.redis.zrange(this.historyKey, 0, excess - 1)).map(Number)) {
      if (!(await this.redis.hexists(this.key(id), 'finishedAt'))) continue;
      await this.redis.multi().del(this.key(id), this.key(id, 'rcpt'), this.key(id, 'done'), this.key(id, 'why')).zrem(this.historyKey, id).exec();
    }
  }

  /** The notice, or undefined if unknown. */
  async get(id: number): Promise<Notice | undefined> {
    const [fields, reasons] = await Promise.all([this.redis.hgetall(this.key(id)), this.redis.hgetall(this.key(id, 'why'))]);
    return decodeNotice(id, fields, reasons);
  }

  /**
   * Removes an admin's id, name and chat from the notices they sent (their /forget); progress
   * reports for them stop. The notices and their results stay: other admins still need to see
   * what went out.
   */
  async eraseAuthor(userId: number): Promise<void> {
    for (const id of await this.redis.zrange(this.historyKey, 0, -1)) {
      const key = this.key(Number(id));
      if ((await this.redis.hget(key, 'by')) !== String(userId)) continue;
      await this.redis.multi().hset(key, 'by', '0', 'byName', '', 'chat', '0').hdel(key, 'pmid').exec();
    }
  }

  /** The newest notices first. */
  async recent(limit: number): Promise<Notice[]> {
    const ids = (await this.redis.zrevrange(this.historyKey, 0, limit - 1)).map(Number);
    const notices = await Promise.all(ids.map((id) => this.get(id)));
    return notices.filter((n): n is Notice => n !== undefined);
  }

  /** Scheduled notices whose time has come. */
  async dueIds(now: number, limit = 10): Promise<number[]> {
    return (await this.redis.zrangebyscore(this.scheduledKey, '-inf', now, 'LIMIT', 0, limit)).map(Number);
  }

  /** Notices started and not yet reported. */
  async activeIds(): Promise<number[]> {
    return (await this.redis.smembers(this.activeKey)).map(Number).sort((a, b) => a - b);
  }

  /**
   * Starts a scheduled notice with its recipient list frozen: written aside, then swapped in with
   * the status change in one step, so a crash half-way leaves the notice scheduled, not half-frozen.
   * False when the notice is no longer scheduled (cancelled, or started by another process).
   */
  async freeze(id: number, recipients: readonly Recipient[], now: number): Promise<boolean> {
    const temporary = `${this.key(id, 'rcpt')}:tmp:${randomUUID()}`;
    for (let i = 0; i < recipients.length; i += 1000) {
      const chunk = recipients.slice(i, i + 1000).map((r) => `${r.userId}:${r.language}`);
      await this.redis.multi().rpush(temporary, ...chunk).pexpire(temporary, 600_000).exec();
    }
    const started = await FREEZE.run(
      this.redis,
      [this.key(id), temporary, this.key(id, 'rcpt'), this.scheduledKey, this.activeKey],
      [id, now, recipients.length],
    );
    return started === 1;
  }

  /** Pauses a running notice. */
  pause(id: number): Promise<TransitionResult> {
    return this.transition(id, ['running'], 'paused', {});
  }

  /** Resumes a paused notice. */
  resume(id: number): Promise<TransitionResult> {
    return this.transition(id, ['paused'], 'running', {});
  }

  /** Cancels a notice that has not finished; a scheduled one is over at once. */
  async cancel(id: number, now: number): Promise<TransitionResult> {
    const scheduled = await this.transition(id, ['scheduled'], 'cancelled', { cancelledAt: now, finishedAt: now, reported: 1 });
    if (scheduled.changed) return scheduled;
    return this.transition(id, ['running', 'paused'], 'cancelled', { cancelledAt: now });
  }

  private async transition(id: number, from: NoticeStatus[], to: NoticeStatus, extra: Record<string, string | number>): Promise<TransitionResult> {
    const result = String(
      await TRANSITION.run(this.redis, [this.key(id), this.scheduledKey], [from.join(','), to, id, ...Object.entries(extra).flat()]),
    );
    if (result === 'changed') return { changed: true, status: to };
    return { changed: false, status: result === '' ? undefined : (result as NoticeStatus) };
  }

  /**
   * The next recipients to hand to the queue, so that at most `window` are queued and unsettled.
   * Undefined when nothing is to be added now.
   */
  async nextRecipients(id: number, window: number): Promise<{ from: number; to: number; recipients: Recipient[] } | undefined> {
    const notice = await this.get(id);
    if (!notice || notice.status !== 'running') return undefined;
    const settled = settledCount(notice.counts);
    const wanted = Math.min(window - Math.max(0, notice.cursor - settled), notice.total - notice.cursor);
    if (wanted <= 0) return undefined;
    const entries = await this.redis.lrange(this.key(id, 'rcpt'), notice.cursor, notice.cursor + wanted - 1);
    const recipients = entries.map(decodeRecipient).filter((r): r is Recipient => r !== undefined);
    // Those already settled (the window is being fed again after a crash or a rewind) need no job.
    const settledFlags = recipients.length > 0 ? await this.redis.smismember(this.key(id, 'done'), ...recipients.map((r) => String(r.userId))) : [];
    return { from: notice.cursor, to: notice.cursor + entries.length, recipients: recipients.filter((_, i) => settledFlags[i] !== 1) };
  }

  /**
   * Moves the cursor from `from` to `to`, unless someone else moved it meanwhile. Moving it back
   * to 0 feeds the notice again: settled recipients are left out, so only lost jobs come back.
   */
  async advance(id: number, from: number, to: number): Promise<boolean> {
    return (await ADVANCE.run(this.redis, [this.key(id)], [from, to])) === 1;
  }

  /** True when this recipient of this notice was already settled. */
  async isSettled(id: number, userId: number): Promise<boolean> {
    return (await this.redis.sismember(this.key(id, 'done'), String(userId))) === 1;
  }

  /**
   * Right before a send: is the notice running, the recipient not yet settled, the queue not
   * paused by a 429? If so the send is counted as in flight. One atomic step.
   */
  async begin(id: number, userId: number): Promise<BeginResult> {
    const [kind, ms] = (await BEGIN.run(this.redis, [this.key(id), this.key(id, 'done'), this.gateKey], [userId])) as [string, number];
    if (kind === 'go') return { kind: 'go' };
    if (kind === 'paused') return { kind: 'paused' };
    if (kind === 'wait') return { kind: 'wait', ms: Number(ms) };
    return { kind: 'stop' };
  }

  /** Records the outcome for one recipient (once; a second record for the same user is ignored). */
  async settle(id: number, userId: number, outcome: Outcome, options: { reason?: string; begun: boolean }): Promise<boolean> {
    const recorded = await SETTLE.run(
      this.redis,
      [this.key(id), this.key(id, 'done'), this.key(id, 'why')],
      [userId, outcome, options.reason ?? '', options.begun ? '1' : '0'],
    );
    return recorded === 1;
  }

  /** A begun send that will be retried later: no longer in flight. */
  async release(id: number): Promise<void> {
    await this.redis.hincrby(this.key(id), 'inflight', -1);
  }

  /** The HTML per language of a notice (it never changes). */
  async html(id: number): Promise<Partial<Record<Language, string>>> {
    const values = await this.redis.hmget(this.key(id), ...LANGUAGES.map((l) => `html:${l}`));
    const html: Partial<Record<Language, string>> = {};
    LANGUAGES.forEach((language, index) => {
      const value = values[index];
      if (value) html[language] = value;
    });
    return html;
  }

  /**
   * Marks a notice finished when everyone is settled (or, once cancelled, when no send is in
   * flight any more, or after `graceMs`). 'finished' also for a notice finished earlier.
   */
  async finalize(id: number, now: number, graceMs: number): Promise<FinalizeResult> {
    return String(await FINALIZE.run(this.redis, [this.key(id)], [now, graceMs])) as FinalizeResult;
  }

  /** After the final report: the notice leaves the active set; per-user data is deleted. */
  async completeReport(id: number): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key(id), 'reported', '1')
      .srem(this.activeKey, id)
      .del(this.key(id, 'rcpt'), this.key(id, 'done'))
      .exec();
  }

  /** Remembers the admin's progress message. */
  async setProgressMessage(id: number, messageId: number): Promise<void> {
    await this.redis.hset(this.key(id), 'pmid', String(messageId));
  }

  /**
   * A short lease so that, of several processes, one does a periodic chore (start, feed, report).
   * True when this caller got it.
   */
  async lease(chore: string, id: number, ms: number): Promise<boolean> {
    return (await this.redis.set(`${this.base}lease:${chore}:${id}`, '1', 'PX', Math.max(1, Math.round(ms)), 'NX')) === 'OK';
  }

  /** Gives a lease back before it expires. */
  async releaseLease(chore: string, id: number): Promise<void> {
    await this.redis.del(`${this.base}lease:${chore}:${id}`);
  }
}

/** The outcome of pause / resume / cancel. */
export interface TransitionResult {
  changed: boolean;
  /** The status now (undefined: no such notice). */
  status?: NoticeStatus;
}

/** Sent, failed, blocked and skipped together. */
export function settledCount(counts: DeliveryCounts): number {
  return counts.sent + counts.failed + counts.blocked + counts.skipped;
}

const STATUSES: readonly NoticeStatus[] = ['scheduled', 'running', 'paused', 'cancelled', 'done'];

function decodeNotice(id: number, f: Record<string, string>, reasons: Record<string, string>): Notice | undefined {
  const status = f.status as NoticeStatus | undefined;
  if (!status || !STATUSES.includes(status)) return undefined;
  const target = targetSchema.safeParse(JSON.parse(f.target ?? 'null'));
  if (!target.success) return undefined;
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const html: Partial<Record<Language, string>> = {};
  for (const language of LANGUAGES) {
    const value = f[`html:${language}`];
    if (value) html[language] = value;
  }
  return {
    id,
    status,
    target: target.data,
    html,
    summary: f.summary ?? '',
    createdBy: { userId: Number(f.by ?? 0), name: f.byName ?? '' },
    adminChatId: Number(f.chat ?? 0),
    adminLanguage: isLanguage(f.lang) ? f.lang : 'ru',
    createdAt: Number(f.createdAt ?? 0),
    startAt: Number(f.startAt ?? 0),
    startedAt: number(f.startedAt),
    finishedAt: number(f.finishedAt),
    cancelledAt: number(f.cancelledAt),
    total: Number(f.total ?? 0),
    cursor: Number(f.cursor ?? 0),
    counts: { sent: Number(f.sent ?? 0), failed: Number(f.failed ?? 0), blocked: Number(f.blocked ?? 0), skipped: Number(f.skipped ?? 0) },
    inflight: Number(f.inflight ?? 0),
    progressMessageId: number(f.pmid),
    reported: f.reported === '1',
    reasons: Object.fromEntries(Object.entries(reasons).map(([reason, count]) => [reason, Number(count)])),
  };
}

function decodeRecipient(entry: string): Recipient | undefined {
  const [id, language] = entry.split(':');
  const userId = Number(id);
  if (!Number.isSafeInteger(userId) || !isLanguage(language)) return undefined;
  return { userId, language };
}

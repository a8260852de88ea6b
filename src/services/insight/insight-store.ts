import { createHmac, randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { ChainableCommander } from 'ioredis';
import { LANGUAGES, isLanguage, type Language } from '../languages';
import type { UserDataEraser } from '../privacy';
import { RedisScript } from '../../storage/redis-script';
import { redisKeys } from '../../storage/redis-keys';
import { anonymiseQuestion } from './anonymise';
import { median, percentile } from './percentiles';
import { groupId, questionSignature } from './question-groups';
import { asError } from '../../errors';

const DAY_MS = 24 * 3600 * 1000;

/** Daily counters and tallies are kept this many days: enough for "the last 30 days". No text, no ids. */
export const COUNTER_DAYS = 35;

/**
 * How long counts wait in memory before they are written, all together in one pipeline: an update
 * only adds to a map, and a thousand questions a second cost Redis a handful of commands.
 */
export const FLUSH_MS = 1000;

/** What can be rated 👍 / 👎: an FAQ answer, a content card, a closed hand-off case. */
export type VoteKind = 'faq' | 'card' | 'case';

/** One group of unanswered questions: how often it was asked, and one (anonymised) wording of it. */
export interface QuestionGroup {
  id: string;
  lang: Language;
  count: number;
  text: string;
}

/** 👍 and 👎 of one thing, by language. */
export type VoteCounts = Record<Language, { up: number; down: number }>;

/** Figures of a period (7 or 30 days up to today). */
export interface PeriodFigures {
  days: number;
  /** Distinct people who used the bot, by language (HyperLogLog estimate, ±1%). */
  activePeople: Record<Language, number>;
  /** Free-text questions: answered by the FAQ search, not answered, "this did not help". */
  questions: { answered: number; unanswered: number; notHelped: number };
  cases: { opened: number; answered: number; medianFirstAnswerMs?: number; p90FirstAnswerMs?: number };
  /** Cards opened, most opened first. */
  topCards: Array<{ id: string; opens: number }>;
}

/** Everything /stats shows that this store counts. */
export interface InsightReport {
  week: PeriodFigures;
  month: PeriodFigures;
  /** Day (YYYY-MM-DD) by day, oldest first: people by language and questions not answered. */
  daily: Array<{ day: string; people: Record<Language, number>; unanswered: number }>;
  votes: Record<VoteKind, { up: number; down: number }>;
}

/** Settings of the store. */
export interface InsightStoreOptions {
  /** REDIS_KEY_PREFIX. */
  keyPrefix: string;
  /** How many days the anonymised text of unanswered questions is kept. */
  retentionDays: number;
  /** Secret mixed into the hashed ids of the per-day dedupe and the active-people tally. */
  salt: string;
  /** Words the FAQ knows (kept when capitalised); see {@link anonymiseQuestion}. */
  knownWord?: (word: string) => boolean;
  /** Told when a background write (one nobody waits for) failed. */
  onError?: (error: Error) => void;
  /** Milliseconds since the epoch, for /forget's "today" (tests fix it). */
  clock?: () => number;
}

/** Writes waiting for the next flush, by key. */
interface WriteBuffer {
  seen: Map<string, Set<number>>;
  increments: Map<string, Map<string, number>>;
  scores: Map<string, Map<string, number>>;
  fields: Map<string, Map<string, string>>;
  lists: Map<string, string[]>;
  /** Every key written, with its expiry in seconds. */
  ttls: Map<string, number>;
  /** Questions not anonymised yet (see {@link InsightStore.questionAsked}); `token` when answered. */
  questions: Array<{ lang: Language; question: string; now: number; token?: string }>;
}

function emptyBuffer(): WriteBuffer {
  return { seen: new Map(), increments: new Map(), scores: new Map(), fields: new Map(), lists: new Map(), ttls: new Map(), questions: [] };
}

/** The day {@link dayOf} named last: asked several times for every update, nearly always of the same day. */
let lastDay = { start: 0, end: -1, name: '' };

/** The UTC day of a time, YYYY-MM-DD. */
export function dayOf(time: number): string {
  if (time >= lastDay.start && time < lastDay.end) return lastDay.name;
  const start = Math.floor(time / DAY_MS) * DAY_MS;
  lastDay = { start, end: start + DAY_MS, name: new Date(time).toISOString().slice(0, 10) };
  return lastDay.name;
}

/** The `count` days up to and including the day of `now`, newest first. */
export function lastDays(now: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => dayOf(now - i * DAY_MS));
}

// A vote counts once per person, thing and day: the hashed mark goes into the day's set, and the
// count rises only when the mark is new. The set expires when the day ends.
const VOTE_SCRIPT = new RedisScript(`
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return 1
`);

/**
 * Staff insight in Redis, under `insight:v1:`; nothing here is tied to a person:
 * - `d:<day>` a hash of the day's counters (questions answered / not, cases opened / answered);
 * - `cards:<day>` cards opened (sorted set by opens); `frt:<day>` first staff answer times (ms, a list);
 * - `active:<lang>:<day>` a HyperLogLog of salted hashes of the people seen (no id can be read back);
 * - `q:<lang>:<day>` unanswered question groups by count, `qt:<lang>:<day>` one anonymised wording
 *   of each, kept `retentionDays`; `nh:<minute>` the questions answered that minute which the
 *   person may still mark "this did not help" (their wording by token, one day);
 * - `votes:<kind>` 👍 / 👎 by thing and language; `voted:<day>` the day's hashed "already voted" marks.
 * Counters expire after {@link COUNTER_DAYS}. Counts wait in memory and are written together once a
 * second ({@link FLUSH_MS}); votes, which the person waits for, are written at once.
 */
export class InsightStore implements UserDataEraser {
  private readonly prefix: string;
  private readonly retentionSeconds: number;
  private readonly counterSeconds = COUNTER_DAYS * 24 * 3600;
  private lastErrorReportAt = Number.NEGATIVE_INFINITY;
  /** What is not written yet (for at most {@link FLUSH_MS}); see {@link InsightStore.flush}. */
  private pending = emptyBuffer();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly options: InsightStoreOptions,
  ) {
    this.prefix = redisKeys(options.keyPrefix).insight;
    this.retentionSeconds = options.retentionDays * 24 * 3600;
  }

  /** Days the text of unanswered questions is kept. */
  get retentionDays(): number {
    return this.options.retentionDays;
  }

  /**
   * The person used the bot today in `lang` (a tally that keeps no id). Costs the update a set
   * insertion: the people seen are written with the next flush, one PFADD per language and day, as
   * salted hashes.
   */
  seen(userId: number, lang: Language, now: number): void {
    const key = this.key(`active:${lang}:${dayOf(now)}`);
    let ids = this.pending.seen.get(key);
    if (!ids) this.pending.seen.set(key, (ids = new Set<number>()));
    ids.add(userId);
    this.pending.ttls.set(key, this.counterSeconds);
    this.later();
  }

  /** Writes what is waiting in memory, in one pipeline (before a report, and on close). */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.keepQuestions();
    const { seen, increments, scores, fields, lists, ttls } = this.pending;
    if (ttls.size === 0 && seen.size === 0) return;
    this.pending = emptyBuffer();
    const batch = this.redis.pipeline();
    for (const [key, ids] of seen) batch.pfadd(key, ...[...ids].map((id) => this.hashed(id, 'active')));
    for (const [key, byField] of increments) for (const [field, n] of byField) batch.hincrby(key, field, n);
    for (const [key, byMember] of scores) for (const [member, n] of byMember) batch.zincrby(key, n, member);
    for (const [key, byField] of fields) batch.hset(key, Object.fromEntries(byField));
    for (const [key, values] of lists) batch.rpush(key, ...values);
    for (const [key, seconds] of ttls) batch.expire(key, seconds);
    await this.write(batch);
  }

  /**
   * A free-text question was asked: counts it, and keeps its anonymised wording when the FAQ had no
   * answer (or, for a day, under the token of its "this did not help" button). Written with the
   * next flush.
   *
   * The wording is anonymised then too, not here: this runs before the person's answer is sent, and
   * taking names and numbers out (a dozen Unicode regular expressions) is work the answer need not
   * wait for. Until then the question stays in this process's memory only, as the update holding
   * it does, for at most {@link FLUSH_MS}.
   * @returns when an answer was found, the token of a "this did not help" button for it.
   */
  questionAsked(lang: Language, question: string, answered: boolean, now: number): string | undefined {
    this.count(now, `faq:${answered ? 'answered' : 'unanswered'}:${lang}`);
    if (!answered) {
      this.pending.questions.push({ lang, question, now });
      return undefined;
    }
    // The minute in the token names the hash it waits in: one HSET a flush for all of them.
    const minute = Math.floor(now / 60_000).toString(16).padStart(8, '0').slice(-8);
    // 32 random bits, from the first 8 hex digits of a v4 UUID: Node draws those from a cached batch,
    // where randomBytes(4) made a getrandom call per question (~5 % of a FAQ answer's CPU, profiled).
    const token = minute + randomUUID().slice(0, 8);
    this.pending.questions.push({ lang, question, now, token });
    return token;
  }

  /**
   * Turns the questions asked since the last flush into what is kept: anonymised, an unanswered one
   * joins its group, an answered one waits a day under its button's token. Nothing raw remains.
   */
  private keepQuestions(): void {
    const questions = this.pending.questions;
    if (questions.length === 0) return;
    this.pending.questions = [];
    for (const { lang, question, now, token } of questions) {
      const text = anonymiseQuestion(question, this.options.knownWord);
      if (token === undefined) this.keepUnanswered(lang, text, now);
      else {
        const { key, field } = this.notHelpedSlot(token);
        this.fieldLater(key, field, JSON.stringify({ lang, text }), 24 * 3600 + 60);
      }
    }
  }

  /** Where the wording behind a "did not help" token waits: the hash of its minute, the field of its random part. */
  private notHelpedSlot(token: string): { key: string; field: string } {
    return { key: this.key(`nh:${token.slice(0, 8)}`), field: token.slice(8) };
  }

  /** "This did not help" under the answers to a question: it joins the unanswered ones. False when the button is too old. */
  async notHelped(token: string, now: number): Promise<boolean> {
    // Pressed within a second of the answer: its question is still waiting to be anonymised.
    this.keepQuestions();
    const { key, field } = this.notHelpedSlot(token);
    const waiting = this.pending.fields.get(key);
    let raw = waiting?.get(field) ?? null;
    if (raw !== null) waiting!.delete(field);
    else raw = (await this.redis.multi().hget(key, field).hdel(key, field).exec())?.[0]?.[1] as string | null;
    if (!raw) return false;
    const { lang, text } = JSON.parse(raw) as { lang: unknown; text: unknown };
    if (!isLanguage(lang) || typeof text !== 'string') return false;
    this.count(now, `faq:not-helped:${lang}`);
    this.keepUnanswered(lang, text, now);
    return true;
  }

  /** The most asked unanswered questions of the last `days` days in `lang`, most asked first. */
  async topQuestions(lang: Language, now: number, days = 7, limit = 5): Promise<QuestionGroup[]> {
    await this.flush();
    const dayKeys = lastDays(now, Math.min(days, this.options.retentionDays));
    const batch = this.redis.pipeline();
    for (const day of dayKeys) batch.zrange(this.key(`q:${lang}:${day}`), 0, -1, 'WITHSCORES');
    const counts = new Map<string, number>();
    for (const [, reply] of (await batch.exec()) ?? []) {
      const flat = (reply as string[] | null) ?? [];
      for (let i = 0; i + 1 < flat.length; i += 2) counts.set(flat[i]!, (counts.get(flat[i]!) ?? 0) + Number(flat[i + 1]));
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit);
    const groups: QuestionGroup[] = [];
    for (const [id, count] of top) {
      const text = await this.wordingOf(lang, id, dayKeys);
      if (text !== undefined) groups.push({ id, lang, count, text });
    }
    return groups;
  }

  /** One group's latest wording, while it is kept. */
  async question(lang: Language, id: string, now: number): Promise<string | undefined> {
    await this.flush();
    return this.wordingOf(lang, id, lastDays(now, this.options.retentionDays));
  }

  /** Staff dismissed a group: it leaves every day it was counted on (asked again later, it comes back). */
  async dismiss(lang: Language, id: string, now: number): Promise<void> {
    await this.flush();
    const batch = this.redis.multi();
    for (const day of lastDays(now, this.options.retentionDays)) {
      batch.zrem(this.key(`q:${lang}:${day}`), id).hdel(this.key(`qt:${lang}:${day}`), id);
    }
    await batch.exec();
  }

  /**
   * 👍 (`up`) or 👎 from a person: counted once per person, thing and day. The mark that prevents a
   * second count is a salted hash, deleted when the day ends (or by /forget).
   * @param countAs what the vote is counted under, when not `subject` (a case's rating is counted
   *   by language only, so no case number is kept beside it)
   * @returns false when this person already rated this thing today.
   */
  async vote(kind: VoteKind, subject: string, lang: Language, up: boolean, userId: number, now: number, countAs = subject): Promise<boolean> {
    // Seconds left of the day (by the bot's clock, not Redis's): the marks go when it ends.
    const secondsLeft = Math.max(1, Math.ceil((Date.parse(`${dayOf(now)}T00:00:00Z`) + DAY_MS - now) / 1000));
    const counted = await VOTE_SCRIPT.run(
      this.redis,
      [this.key(`voted:${dayOf(now)}`), this.key(`votes:${kind}`)],
      [`${this.hashed(userId, 'vote')}:${kind}:${subject}`, `${countAs}|${lang}|${up ? 'up' : 'down'}`, secondsLeft],
    );
    return counted === 1;
  }

  /** 👍 / 👎 of several things of a kind, by language. */
  async votes(kind: VoteKind, subjects: readonly string[]): Promise<Map<string, VoteCounts>> {
    const fields = subjects.flatMap((s) => LANGUAGES.flatMap((l) => [`${s}|${l}|up`, `${s}|${l}|down`]));
    const values = fields.length > 0 ? await this.redis.hmget(this.key(`votes:${kind}`), ...fields) : [];
    const result = new Map<string, VoteCounts>();
    let i = 0;
    for (const subject of subjects) {
      const counts = {} as VoteCounts;
      for (const lang of LANGUAGES) counts[lang] = { up: Number(values[i++] ?? 0), down: Number(values[i++] ?? 0) };
      result.set(subject, counts);
    }
    return result;
  }

  /** A content card was opened. Written with the next flush. */
  cardOpened(cardId: string, now: number): void {
    this.scoreLater(this.key(`cards:${dayOf(now)}`), cardId, this.counterSeconds);
  }

  /** A hand-off case was opened. Written with the next flush. */
  caseOpened(now: number): void {
    this.count(now, 'case:opened');
  }

  /** Staff answered a case for the first time, `waitedMs` after it was opened. Written with the next flush. */
  firstStaffAnswer(waitedMs: number, now: number): void {
    const key = this.key(`frt:${dayOf(now)}`);
    let values = this.pending.lists.get(key);
    if (!values) this.pending.lists.set(key, (values = []));
    values.push(String(Math.max(0, Math.round(waitedMs))));
    this.pending.ttls.set(key, this.counterSeconds);
    this.count(now, 'case:answered');
  }

  /** The figures of the last 7 and 30 days, a day-by-day series of `chartDays` days, and the votes. */
  async report(now: number, chartDays = 28): Promise<InsightReport> {
    await this.flush();
    const month = lastDays(now, 30);
    const chart = lastDays(now, chartDays).reverse();
    const batch = this.redis.pipeline();
    for (const day of month) batch.hgetall(this.key(`d:${day}`));
    for (const day of month) batch.zrange(this.key(`cards:${day}`), 0, -1, 'WITHSCORES');
    for (const day of month) batch.lrange(this.key(`frt:${day}`), 0, -1);
    for (const days of [7, 30]) for (const lang of LANGUAGES) batch.pfcount(...month.slice(0, days).map((d) => this.key(`active:${lang}:${d}`)));
    for (const day of chart) for (const lang of LANGUAGES) batch.pfcount(this.key(`active:${lang}:${day}`));
    for (const kind of ['faq', 'card', 'case'] as const) batch.hgetall(this.key(`votes:${kind}`));
    const replies = ((await batch.exec()) ?? []).map(([error, reply]) => {
      if (error) throw error;
      return reply;
    });
    let at = 0;
    const take = <T>(n: number) => replies.slice(at, (at += n)) as T[];
    const counters = take<Record<string, string>>(month.length);
    const cards = take<string[]>(month.length);
    const waits = take<string[]>(month.length).map((list) => list.map(Number));
    const active = take<number>(2 * LANGUAGES.length);
    const chartPeople = take<number>(chart.length * LANGUAGES.length);
    const voteHashes = take<Record<string, string>>(3);

    const period = (days: number, activeAt: number): PeriodFigures => {
      const sum = (field: string) => counters.slice(0, days).reduce((total, c) => total + Number(c[field] ?? 0), 0);
      const sumLangs = (what: string) => LANGUAGES.reduce((total, l) => total + sum(`faq:${what}:${l}`), 0);
      const opens = new Map<string, number>();
      for (const flat of cards.slice(0, days)) {
        for (let i = 0; i + 1 < flat.length; i += 2) opens.set(flat[i]!, (opens.get(flat[i]!) ?? 0) + Number(flat[i + 1]));
      }
      const waited = waits.slice(0, days).flat();
      return {
        days,
        activePeople: Object.fromEntries(LANGUAGES.map((l, i) => [l, Number(active[activeAt + i])])) as Record<Language, number>,
        questions: { answered: sumLangs('answered'), unanswered: sumLangs('unanswered'), notHelped: sumLangs('not-helped') },
        cases: { opened: sum('case:opened'), answered: sum('case:answered'), medianFirstAnswerMs: median(waited), p90FirstAnswerMs: percentile(waited, 90) },
        topCards: [...opens.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, n]) => ({ id, opens: n })),
      };
    };
    const byDay = new Map(month.map((day, i) => [day, counters[i]!]));
    const votes = Object.fromEntries(
      (['faq', 'card', 'case'] as const).map((kind, i) => {
        const totals = { up: 0, down: 0 };
        for (const [field, value] of Object.entries(voteHashes[i] ?? {})) totals[field.endsWith('|up') ? 'up' : 'down'] += Number(value);
        return [kind, totals];
      }),
    ) as InsightReport['votes'];
    return {
      week: period(7, 0),
      month: period(30, LANGUAGES.length),
      daily: chart.map((day, d) => ({
        day,
        people: Object.fromEntries(LANGUAGES.map((l, i) => [l, Number(chartPeople[d * LANGUAGES.length + i])])) as Record<Language, number>,
        unanswered: LANGUAGES.reduce((total, l) => total + Number(byDay.get(day)?.[`faq:unanswered:${l}`] ?? 0), 0),
      })),
      votes,
    };
  }

  /** Distinct people by language over the last 1, 7 and 30 days (one pipelined round trip). */
  async activePeople(now: number): Promise<Array<{ language: Language; window: '1d' | '7d' | '30d'; people: number }>> {
    await this.flush();
    const month = lastDays(now, 30);
    const windows = [['1d', 1], ['7d', 7], ['30d', 30]] as const;
    const batch = this.redis.pipeline();
    for (const [, days] of windows) for (const lang of LANGUAGES) batch.pfcount(...month.slice(0, days).map((d) => this.key(`active:${lang}:${d}`)));
    const replies = (await batch.exec()) ?? [];
    let i = 0;
    return windows.flatMap(([window]) => LANGUAGES.map((language) => ({ language, window, people: Number(replies[i++]?.[1] ?? 0) })));
  }

  /** Today's and yesterday's "already voted" marks of the person go (nothing older exists). */
  async eraseUser(userId: number): Promise<void> {
    const mark = this.hashed(userId, 'vote');
    const now = (this.options.clock ?? Date.now)();
    for (const day of [dayOf(now), dayOf(now - DAY_MS), dayOf(now + DAY_MS)]) {
      const key = this.key(`voted:${day}`);
      let cursor = '0';
      do {
        const [next, members] = await this.redis.sscan(key, cursor, 'MATCH', `${mark}:*`, 'COUNT', 500);
        cursor = next;
        if (members.length > 0) await this.redis.srem(key, ...members);
      } while (cursor !== '0');
    }
  }

  private keepUnanswered(lang: Language, text: string, now: number): void {
    const signature = questionSignature(text);
    if (signature === '') return; // greetings, stickers' captions, nothing staff could answer
    const id = groupId(lang, signature);
    const day = dayOf(now);
    this.scoreLater(this.key(`q:${lang}:${day}`), id, this.retentionSeconds);
    this.fieldLater(this.key(`qt:${lang}:${day}`), id, text, this.retentionSeconds);
  }

  private async wordingOf(lang: Language, id: string, days: readonly string[]): Promise<string | undefined> {
    const batch = this.redis.pipeline();
    for (const day of days) batch.hget(this.key(`qt:${lang}:${day}`), id);
    for (const [, reply] of (await batch.exec()) ?? []) if (typeof reply === 'string') return reply;
    return undefined;
  }

  /** Adds 1 to a field of the day's counters. */
  private count(now: number, field: string): void {
    const key = this.key(`d:${dayOf(now)}`);
    let byField = this.pending.increments.get(key);
    if (!byField) this.pending.increments.set(key, (byField = new Map<string, number>()));
    byField.set(field, (byField.get(field) ?? 0) + 1);
    this.pending.ttls.set(key, this.counterSeconds);
    this.later();
  }

  private scoreLater(key: string, member: string, ttlSeconds: number): void {
    let byMember = this.pending.scores.get(key);
    if (!byMember) this.pending.scores.set(key, (byMember = new Map<string, number>()));
    byMember.set(member, (byMember.get(member) ?? 0) + 1);
    this.pending.ttls.set(key, ttlSeconds);
    this.later();
  }

  private fieldLater(key: string, field: string, value: string, ttlSeconds: number): void {
    let byField = this.pending.fields.get(key);
    if (!byField) this.pending.fields.set(key, (byField = new Map<string, string>()));
    byField.set(field, value);
    this.pending.ttls.set(key, ttlSeconds);
    this.later();
  }

  private later(): void {
    this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** A salted hash of a user id for one purpose: not the logs' hash, and no id can be read back. */
  private hashed(userId: number, purpose: string): string {
    return createHmac('sha256', this.options.salt).update(`insight:${purpose}:${userId}`).digest('base64url').slice(0, 16);
  }

  /**
   * Sends writes nobody waits for. A failure is reported at most once a minute: while Redis is away
   * every update would fail one, and the outage already shows in `bot_redis_up`.
   */
  private write(batch: ChainableCommander): Promise<void> {
    return batch
      .exec()
      .then((replies) => {
        const failed = replies?.find(([error]) => error)?.[0];
        if (failed) throw failed;
      })
      .catch((error: unknown) => {
        const now = Date.now();
        if (now - this.lastErrorReportAt < 60_000) return;
        this.lastErrorReportAt = now;
        this.options.onError?.(asError(error));
      });
  }

  private key(suffix: string): string {
    return this.prefix + suffix;
  }
}

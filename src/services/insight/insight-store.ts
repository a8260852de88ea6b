import { createHmac, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { ChainableCommander } from 'ioredis';
import { LANGUAGES, isLanguage, type Language } from '../languages';
import type { UserDataEraser } from '../privacy';
import { RedisScript } from '../../storage/redis-script';
import { redisKeys } from '../../storage/redis-keys';
import { anonymiseQuestion } from './anonymise';
import { median, percentile } from './percentiles';
import { groupId, questionSignature } from './question-groups';

const DAY_MS = 24 * 3600 * 1000;

/** Daily counters and tallies are kept this many days: enough for "the last 30 days". No text, no ids. */
export const COUNTER_DAYS = 35;

/** How long the people seen wait in memory before their tally is written (one write for all of them). */
export const SEEN_FLUSH_MS = 1000;

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

/** The UTC day of a time, YYYY-MM-DD. */
export function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
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
 *   of each, kept `retentionDays`; `nh:<token>` a question the person may still mark "this did not
 *   help" (its wording, one day);
 * - `votes:<kind>` 👍 / 👎 by thing and language; `voted:<day>` the day's hashed "already voted" marks.
 * Counters expire after {@link COUNTER_DAYS}; writes nobody waits for go out pipelined (no MULTI:
 * a counter needs no transaction).
 */
export class InsightStore implements UserDataEraser {
  private readonly prefix: string;
  private readonly retentionSeconds: number;
  private readonly counterSeconds = COUNTER_DAYS * 24 * 3600;
  private lastErrorReportAt = Number.NEGATIVE_INFINITY;
  /** People seen since the last write, by tally key (ids in memory for at most {@link SEEN_FLUSH_MS}). */
  private readonly unwrittenSeen = new Map<string, Set<number>>();
  private seenTimer: NodeJS.Timeout | undefined;

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
   * The person used the bot today in `lang` (a tally that keeps no id). Costs the update nothing but
   * a set insertion: the people seen are written together at most every {@link SEEN_FLUSH_MS}, one
   * PFADD per language and day, as salted hashes.
   */
  seen(userId: number, lang: Language, now: number): void {
    const key = this.key(`active:${lang}:${dayOf(now)}`);
    let ids = this.unwrittenSeen.get(key);
    if (!ids) this.unwrittenSeen.set(key, (ids = new Set()));
    ids.add(userId);
    this.seenTimer ??= setTimeout(() => void this.flush(), SEEN_FLUSH_MS).unref();
  }

  /** Writes the people seen and not written yet (before a report, and on close). */
  async flush(): Promise<void> {
    if (this.seenTimer) clearTimeout(this.seenTimer);
    this.seenTimer = undefined;
    if (this.unwrittenSeen.size === 0) return;
    const batch = this.redis.pipeline();
    for (const [key, ids] of this.unwrittenSeen) {
      batch.pfadd(key, ...[...ids].map((id) => this.hashed(id, 'active'))).expire(key, this.counterSeconds);
    }
    this.unwrittenSeen.clear();
    await this.write(batch);
  }

  /**
   * A free-text question was asked: counts it, and keeps its anonymised wording when the FAQ had no
   * answer. Not awaited.
   * @returns when an answer was found, the token of a "this did not help" button for it.
   */
  questionAsked(lang: Language, question: string, answered: boolean, now: number): string | undefined {
    const text = anonymiseQuestion(question, this.options.knownWord);
    const batch = this.redis.pipeline();
    this.count(batch, now, `faq:${answered ? 'answered' : 'unanswered'}:${lang}`);
    let token: string | undefined;
    if (!answered) this.keepUnanswered(batch, lang, text, now);
    else if (questionSignature(text) !== '') {
      token = randomBytes(6).toString('hex');
      batch.set(this.key(`nh:${token}`), JSON.stringify({ lang, text }), 'EX', 24 * 3600);
    }
    this.background(batch);
    return token;
  }

  /** "This did not help" under the answers to a question: it joins the unanswered ones. False when the button is too old. */
  async notHelped(token: string, now: number): Promise<boolean> {
    const raw = await this.redis.getdel(this.key(`nh:${token}`));
    if (!raw) return false;
    const { lang, text } = JSON.parse(raw) as { lang: unknown; text: unknown };
    if (!isLanguage(lang) || typeof text !== 'string') return false;
    const batch = this.redis.multi();
    this.count(batch, now, `faq:not-helped:${lang}`);
    this.keepUnanswered(batch, lang, text, now);
    await batch.exec();
    return true;
  }

  /** The most asked unanswered questions of the last `days` days in `lang`, most asked first. */
  async topQuestions(lang: Language, now: number, days = 7, limit = 5): Promise<QuestionGroup[]> {
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
    return this.wordingOf(lang, id, lastDays(now, this.options.retentionDays));
  }

  /** Staff dismissed a group: it leaves every day it was counted on (asked again later, it comes back). */
  async dismiss(lang: Language, id: string, now: number): Promise<void> {
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

  /** A content card was opened. Not awaited. */
  cardOpened(cardId: string, now: number): void {
    const key = this.key(`cards:${dayOf(now)}`);
    this.background(this.redis.pipeline().zincrby(key, 1, cardId).expire(key, this.counterSeconds));
  }

  /** A hand-off case was opened. Not awaited. */
  caseOpened(now: number): void {
    const batch = this.redis.pipeline();
    this.count(batch, now, 'case:opened');
    this.background(batch);
  }

  /** Staff answered a case for the first time, `waitedMs` after it was opened. Not awaited. */
  firstStaffAnswer(waitedMs: number, now: number): void {
    const key = this.key(`frt:${dayOf(now)}`);
    const batch = this.redis.pipeline().rpush(key, String(Math.max(0, Math.round(waitedMs)))).expire(key, this.counterSeconds);
    this.count(batch, now, 'case:answered');
    this.background(batch);
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

  private keepUnanswered(batch: ChainableCommander, lang: Language, text: string, now: number): void {
    const signature = questionSignature(text);
    if (signature === '') return; // greetings, stickers' captions, nothing staff could answer
    const id = groupId(lang, signature);
    const day = dayOf(now);
    const groups = this.key(`q:${lang}:${day}`);
    const wordings = this.key(`qt:${lang}:${day}`);
    batch.zincrby(groups, 1, id).hset(wordings, id, text).expire(groups, this.retentionSeconds).expire(wordings, this.retentionSeconds);
  }

  private async wordingOf(lang: Language, id: string, days: readonly string[]): Promise<string | undefined> {
    const batch = this.redis.pipeline();
    for (const day of days) batch.hget(this.key(`qt:${lang}:${day}`), id);
    for (const [, reply] of (await batch.exec()) ?? []) if (typeof reply === 'string') return reply;
    return undefined;
  }

  private count(batch: ChainableCommander, now: number, field: string): void {
    const key = this.key(`d:${dayOf(now)}`);
    batch.hincrby(key, field, 1).expire(key, this.counterSeconds);
  }

  /** A salted hash of a user id for one purpose: not the logs' hash, and no id can be read back. */
  private hashed(userId: number, purpose: string): string {
    return createHmac('sha256', this.options.salt).update(`insight:${purpose}:${userId}`).digest('base64url').slice(0, 16);
  }

  /**
   * Sends writes nobody waits for. A failure is reported at most once a minute: while Redis is away
   * every update would fail one, and the outage already shows in `bot_redis_up`.
   */
  private background(batch: ChainableCommander): void {
    void this.write(batch);
  }

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
        this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
      });
  }

  private key(suffix: string): string {
    return this.prefix + suffix;
  }
}

import type Redis from 'ioredis';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The bot's Prometheus metrics, in a registry of its own (several bots in one test process stay apart). */
export interface BotMetrics {
  registry: Registry;
  updates: Counter<'type'>;
  updateSeconds: Histogram<'type'>;
  /** By kind: `storage-unavailable` (Redis away; counted here, not logged one by one) or `other`. */
  updateErrors: Counter<'kind'>;
  /** 1 while the bot's Redis connection is ready, 0 while Redis is away (see {@link trackRedisUp}). */
  redisUp: Gauge;
  apiCalls: Counter<'method'>;
  apiFailures: Counter<'method' | 'code'>;
  rateLimited: Counter;
  /** Set by whoever can count them (dialogue state in Redis, the broadcast queue). */
  dialoguesInProgress: Gauge;
  broadcastQueueDepth: Gauge;
  broadcastSends: Counter<'result'>;
  /** Deadline reminders queued (one per reminder message planned), and how each job ended. Counts only. */
  remindersSet: Counter;
  remindersSent: Counter<'result'>;
  /** "Write to a person": messages relayed, by direction and result; open cases; the longest wait. */
  handoffMessages: Counter<'direction' | 'result'>;
  handoffCasesOpen: Gauge;
  handoffLongestWaitSeconds: Gauge;
  /** Staff insight (no per-person labels): free-text questions by language and result; 👍 / 👎 by kind. */
  faqQuestions: Counter<'language' | 'result'>;
  helpfulVotes: Counter<'kind' | 'vote'>;
  cardOpens: Counter<'card'>;
  handoffCasesOpened: Counter;
  /** Time from opening a case to the first staff answer. */
  handoffFirstAnswerSeconds: Histogram;
  /** Distinct people by language over the last day, 7 and 30 days (filled at scrape time, see `trackActivePeople`). */
  activePeople: Gauge<'language' | 'window'>;
}

/** Creates the metrics; `collect` callbacks fill gauges at scrape time. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): BotMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    updates: new Counter({ name: 'bot_updates_total', help: 'Updates handled, by update type', labelNames: ['type'], registers }),
    updateSeconds: new Histogram({
      name: 'bot_update_handling_seconds',
      help: 'Time to handle one update',
      labelNames: ['type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    updateErrors: new Counter({ name: 'bot_update_errors_total', help: 'Updates whose handling failed', labelNames: ['kind'], registers }),
    redisUp: new Gauge({ name: 'bot_redis_up', help: '1 while the Redis connection is ready, 0 while Redis is away', registers }),
    apiCalls: new Counter({ name: 'bot_api_calls_total', help: 'Bot API calls sent to Telegram, by method', labelNames: ['method'], registers }),
    apiFailures: new Counter({
      name: 'bot_api_failures_total',
      help: 'Bot API calls Telegram refused or that failed on the network, by method and error code',
      labelNames: ['method', 'code'],
      registers,
    }),
    rateLimited: new Counter({ name: 'bot_rate_limited_total', help: 'Updates dropped by the per-user rate limit', registers }),
    dialoguesInProgress: new Gauge({ name: 'bot_dialogues_in_progress', help: 'Open dialogues kept in Redis (conversations and walks through the cards)', registers }),
    broadcastQueueDepth: new Gauge({ name: 'bot_broadcast_queue_depth', help: 'Notices waiting to be sent', registers }),
    broadcastSends: new Counter({ name: 'bot_broadcast_sends_total', help: 'Notice deliveries, by result', labelNames: ['result'], registers }),
    remindersSet: new Counter({ name: 'bot_reminders_set_total', help: 'Deadline reminder messages planned (queued) at people\'s request', registers }),
    remindersSent: new Counter({
      name: 'bot_reminders_sent_total',
      help: 'Deadline reminder jobs run, by result (sent; skipped: cancelled, recalculated, paid or past; blocked; failed)',
      labelNames: ['result'],
      registers,
    }),
    handoffMessages: new Counter({
      name: 'bot_handoff_messages_total',
      help: 'Messages between people and staff, by direction (to_staff, to_person) and result (delivered, failed)',
      labelNames: ['direction', 'result'],
      registers,
    }),
    handoffCasesOpen: new Gauge({ name: 'bot_handoff_cases_open', help: 'Open "write to a person" cases', registers }),
    handoffLongestWaitSeconds: new Gauge({
      name: 'bot_handoff_longest_wait_seconds',
      help: 'How long the longest-waiting person has waited for staff (0 when nobody waits); alert on it',
      registers,
    }),
    faqQuestions: new Counter({
      name: 'bot_faq_questions_total',
      help: 'Free-text questions, by language and result (answered, unanswered, not_helped)',
      labelNames: ['language', 'result'],
      registers,
    }),
    helpfulVotes: new Counter({ name: 'bot_helpful_votes_total', help: 'Helpful (up) and not helpful (down) taps, by kind (faq, card, case)', labelNames: ['kind', 'vote'], registers }),
    cardOpens: new Counter({ name: 'bot_card_opens_total', help: 'Content cards shown, by card', labelNames: ['card'], registers }),
    handoffCasesOpened: new Counter({ name: 'bot_handoff_cases_opened_total', help: '"Write to a person" cases opened', registers }),
    handoffFirstAnswerSeconds: new Histogram({
      name: 'bot_handoff_first_answer_seconds',
      help: 'Time from opening a case to the first staff answer (exact median and p90: /stats)',
      buckets: [60, 300, 900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 24 * 3600, 72 * 3600],
      registers,
    }),
    activePeople: new Gauge({
      name: 'bot_active_people',
      help: 'Distinct people who used the bot, by language and window (1d, 7d, 30d); a HyperLogLog estimate',
      labelNames: ['language', 'window'],
      registers,
    }),
  };
}

/** Fills `bot_active_people` at scrape time from `count` (the insight tallies in Redis). */
export function trackActivePeople(metrics: BotMetrics, count: () => Promise<Array<{ language: string; window: string; people: number }>>): void {
  const gauge = metrics.activePeople as Gauge<'language' | 'window'> & { collect?: () => Promise<void> };
  gauge.collect = async () => {
    for (const { language, window, people } of await count().catch(() => [])) gauge.set({ language, window }, people);
  };
}

/** Keeps `bot_redis_up` in step with the connection: an outage shows as a metric, not as a flood of log lines. */
export function trackRedisUp(redis: Redis, metrics: BotMetrics): void {
  metrics.redisUp.set(redis.status === 'ready' ? 1 : 0);
  redis.on('ready', () => metrics.redisUp.set(1));
  redis.on('close', () => metrics.redisUp.set(0));
}

/**
 * The series of a labelled metric for one label value, made on first use and then reused: prom-client
 * hashes the label object on every `inc` or `observe` given labels, and these run for every update
 * and every Bot API call.
 */
export function seriesByLabel<S>(make: (value: string) => S): (value: string) => S {
  const made = new Map<string, S>();
  return (value) => {
    let series = made.get(value);
    if (series === undefined) made.set(value, (series = make(value)));
    return series;
  };
}

/** The kind of an update, for labels: "message", "callback_query", ... */
export function updateType(update: object): string {
  for (const key in update) if (key !== 'update_id') return key;
  return 'unknown';
}

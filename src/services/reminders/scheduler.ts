import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { fromIso, isoString, todayIn } from '../deadlines';
import type { Language } from '../languages';
import type { UserDataEraser } from '../privacy';
import { DELIVERY_QUEUE } from '../broadcast/runtime';
import { bullmq } from '../broadcast/bullmq-loader';
import { redisKeys } from '../../storage/redis-keys';
import { QUEUE_CONNECTION_OPTIONS } from '../../storage/redis';
import { alertsOf, alertTime, paidUntilAfterPaying, replaceDeadline, type Alert, type PlannedDeadline, type ReminderKind, type ReminderPlan } from './plan';
import { ReminderStore } from './reminder-store';

/** The name of reminder jobs in the delivery queue (notices are `deliver`). */
export const REMINDER_JOB = 'remind';

/** One queued reminder: alert `a` of user `u` (short names: it is stored per job). */
export interface ReminderJob {
  u: number;
  a: string;
}

/** What the reminder service is built from. */
export interface ReminderServiceDeps {
  redis: Redis;
  keyPrefix: string;
  /** Salt of the user hash in job ids (BullMQ's bookkeeping may outlive a job). */
  logSalt: string;
  /** Milliseconds since the epoch (tests fix it). */
  clock?: () => number;
  /** The time zone the person's reminders follow (their region's, Moscow otherwise). */
  timeZoneOf(userId: number): Promise<string>;
  /** Told how many alerts were queued (for metrics). */
  onScheduled?(count: number): void;
}

/**
 * Deadline reminders: stores each person's plan and queues one delayed job per alert in the
 * broadcast delivery queue, so reminders share its worker and its rate gate. Job ids are
 * deterministic (user hash + alert id): planning the same alert again adds nothing, and a changed
 * plan removes the jobs of alerts it no longer has. Whatever is left in the queue re-checks the
 * plan when due, so a cancelled, recalculated or paid deadline is never reminded of.
 */
export class ReminderService implements UserDataEraser {
  readonly store: ReminderStore;
  private readonly clock: () => number;
  private queue?: { queue: Queue; connection: Redis };

  constructor(private readonly deps: ReminderServiceDeps) {
    this.clock = deps.clock ?? Date.now;
    this.store = new ReminderStore(deps.redis, deps.keyPrefix, this.clock);
  }

  /** The time zone the person's reminders follow (their region's, Moscow otherwise). */
  timeZoneOf(userId: number): Promise<string> {
    return this.deps.timeZoneOf(userId);
  }

  /** The person's plan, if any. */
  plan(userId: number): Promise<ReminderPlan | undefined> {
    return this.store.get(userId);
  }

  /** Sets (or replaces) the person's reminders: these deadlines, in `language`. Returns the alerts queued. */
  async set(userId: number, language: Language, deadlines: readonly PlannedDeadline[]): Promise<Alert[]> {
    const old = await this.store.get(userId);
    return this.replace(userId, old, { language, deadlines: [...deadlines] });
  }

  /** Cancels the reminders of one deadline; false when there were none. */
  async cancel(userId: number, kind: ReminderKind): Promise<boolean> {
    const old = await this.store.get(userId);
    if (!old?.deadlines.some((deadline) => deadline.kind === kind)) return false;
    await this.replace(userId, old, { ...old, deadlines: replaceDeadline(old.deadlines, kind) });
    return true;
  }

  /**
   * The person paid `months` more months of the patent: the payment deadline moves to the new
   * last paid day. `paidUntil` is the last paid day the person saw when they pressed: a second
   * press of the same button (or an old message's) moves nothing. Returns the new last paid day
   * (`YYYY-MM-DD`) and the alerts queued, or undefined when no such payment is planned.
   */
  async paid(userId: number, months: number, paidUntil: string): Promise<{ due: string; queued: Alert[] } | undefined> {
    const old = await this.store.get(userId);
    const payment = old?.deadlines.find((deadline) => deadline.kind === 'patent-payment');
    if (!old || payment?.due !== paidUntil) return undefined;
    const due = isoString(paidUntilAfterPaying(fromIso(payment.due)!, months));
    const queued = await this.replace(userId, old, { ...old, deadlines: replaceDeadline(old.deadlines, 'patent-payment', { ...payment, due }) });
    return { due, queued };
  }

  /** {@link UserDataEraser}: /forget removes the plan and its queued jobs. */
  async eraseUser(userId: number): Promise<void> {
    const old = await this.store.get(userId);
    if (old) await this.removeJobs(userId, alertsOf(old.deadlines).map((alert) => alert.id));
    await this.store.delete(userId);
  }

  /** Closes the queue's connection, if one was opened. */
  async close(): Promise<void> {
    const opened = this.queue;
    this.queue = undefined;
    if (!opened) return;
    await opened.queue.close();
    if (opened.connection.status !== 'end') opened.connection.disconnect();
  }

  private async replace(userId: number, old: ReminderPlan | undefined, plan: ReminderPlan): Promise<Alert[]> {
    const timeZone = await this.deps.timeZoneOf(userId);
    const now = this.clock();
    const all = alertsOf(plan.deadlines);
    const ids = new Set(all.map((alert) => alert.id));
    await this.store.put(userId, plan, ids);
    const dropped = old ? alertsOf(old.deadlines).map((alert) => alert.id).filter((id) => !ids.has(id)) : [];
    await this.removeJobs(userId, dropped);
    const due = alertsOf(plan.deadlines, todayIn(timeZone, new Date(now))).filter((alert) => alertTime(alert, timeZone) > now);
    if (due.length > 0) {
      await this.queueOf().addBulk(
        due.map((alert) => ({
          name: REMINDER_JOB,
          data: { u: userId, a: alert.id } satisfies ReminderJob,
          opts: { jobId: this.jobId(userId, alert.id), delay: alertTime(alert, timeZone) - now },
        })),
      );
      this.deps.onScheduled?.(due.length);
    }
    return due;
  }

  private async removeJobs(userId: number, alertIds: readonly string[]): Promise<void> {
    if (alertIds.length === 0) return;
    const queue = this.queueOf();
    // A job running right now cannot be removed: it finds its alert gone from the plan and sends nothing.
    await Promise.all(alertIds.map((id) => queue.remove(this.jobId(userId, id)).catch(() => 0)));
  }

  /** Job ids name the user only by a salted hash, like the notices' jobs. */
  private jobId(userId: number, alertId: string): string {
    const hash = createHash('sha256').update(`${this.deps.logSalt}:${userId}`).digest('hex').slice(0, 32);
    return `r${hash}-${alertId}`;
  }

  private queueOf(): Queue {
    // Opened on first use (BullMQ is loaded then): most processes and tests never schedule a reminder.
    if (!this.queue) {
      const { Queue } = bullmq();
      const connection = this.deps.redis.duplicate(QUEUE_CONNECTION_OPTIONS);
      const queue = new Queue(DELIVERY_QUEUE, {
        connection,
        prefix: redisKeys(this.deps.keyPrefix).deliveryQueue,
        streams: { events: { maxLen: 100 } },
        // As the notices' jobs: retried on network errors, and nothing kept once done (they hold a user id).
        defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: true },
      });
      this.queue = { queue, connection };
    }
    return this.queue.queue;
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { hashUserId, type Logger } from '../../logger';
import type { DeliveryStep, QueueJobHandler, RateGate, SendFailure } from '../broadcast';
import { compareDates, daysBetween, todayIn } from '../deadlines';
import type { Language } from '../languages';
import { nextDaytime } from './local-time';
import { alertsOf, dueDateOf, type Alert } from './plan';
import type { ReminderStore } from './reminder-store';
import { REMINDER_JOB } from './scheduler';

/** What one reminder message says: the alert, in the person's language, with the days left. */
export interface ReminderMessage {
  userId: number;
  language: Language;
  alert: Alert;
  /** Days from today (in the person's time zone) to the deadline's last day: 0 on the day itself. */
  daysLeft: number;
}

/** How reminders leave the building: the bot renders and sends them (the domain knows no Telegram library). */
export interface ReminderTransport {
  send(message: ReminderMessage): Promise<void>;
  classify(error: unknown): SendFailure;
}

/** How a reminder job ended, for metrics. */
export type ReminderOutcome = 'sent' | 'skipped' | 'blocked' | 'failed';

/** What the reminder delivery needs. */
export interface ReminderDeliveryDeps {
  store: ReminderStore;
  transport: ReminderTransport;
  /** The person's time zone (their region's, Moscow otherwise). */
  timeZoneOf(userId: number): Promise<string>;
  /** Marks a subscriber of safety notices as unreachable, as notices do when the bot is blocked. */
  markBlocked(userId: number): Promise<void>;
  logger: Logger;
  logSalt: string;
  /** A send slot further away than this is not waited for inside the job (it is delayed instead). */
  maxHoldMs: number;
  /** Milliseconds since the epoch, for "today" and the daytime check (tests fix it). */
  clock?: () => number;
  onOutcome?(outcome: ReminderOutcome): void;
}

const jobSchema = z.object({ u: z.number().int(), a: z.string().max(64) });

/**
 * Sends one reminder job, once, at a decent hour, through the notices' rate gate: the plan is read
 * again first, so an alert cancelled, recalculated away or paid off meanwhile (or the whole plan
 * forgotten) sends nothing; a deadline already past sends nothing; at night it waits for the morning.
 */
export function reminderJobHandler(deps: ReminderDeliveryDeps): QueueJobHandler {
  const clock = deps.clock ?? Date.now;
  const done = (outcome: ReminderOutcome): DeliveryStep => {
    deps.onOutcome?.(outcome);
    return { kind: 'done' };
  };

  const onSendError = async (userId: number, error: unknown, gate: RateGate, lastAttempt: boolean): Promise<DeliveryStep> => {
    const failure = deps.transport.classify(error);
    const user = hashUserId(userId, deps.logSalt);
    switch (failure.kind) {
      case 'rate-limited': {
        const pausedMs = await gate.pauseAll(failure.retryAfterMs);
        deps.logger.warn({ retryAfterMs: failure.retryAfterMs }, 'reminders: Telegram asked to slow down; queue paused');
        return { kind: 'later', atMs: Date.now() + pausedMs };
      }
      case 'blocked':
        await deps.store.markBlocked(userId);
        await deps.markBlocked(userId);
        deps.logger.info({ user }, 'reminders: the person blocked the bot');
        return done('blocked');
      case 'rejected':
        deps.logger.warn({ user, reason: failure.reason }, 'reminders: Telegram refused a reminder');
        return done('failed');
      case 'transient':
        if (lastAttempt) {
          deps.logger.warn({ user, reason: failure.reason }, 'reminders: a reminder could not be sent');
          return done('failed');
        }
        return { kind: 'retry', error: error instanceof Error ? error : new Error(failure.reason) };
    }
  };

  return {
    name: REMINDER_JOB,
    async handle(data, { gate, lastAttempt }) {
      const job = jobSchema.safeParse(data);
      if (!job.success) return done('skipped');
      const { u: userId, a: alertId } = job.data;
      const plan = await deps.store.get(userId);
      const alert = plan && !plan.blocked ? alertsOf(plan.deadlines).find((candidate) => candidate.id === alertId) : undefined;
      // Cancelled, recalculated, paid, forgotten, blocked, or sent already by a run before this one.
      if (!plan || !alert || (await deps.store.wasSent(userId, alertId))) return done('skipped');
      const timeZone = await deps.timeZoneOf(userId);
      const now = clock();
      const today = todayIn(timeZone, new Date(now));
      if (compareDates(dueDateOf(alert.deadline), today) < 0) return done('skipped');
      const daytime = nextDaytime(timeZone, now);
      if (daytime > now) return { kind: 'later', atMs: Date.now() + (daytime - now) };

      const slot = await gate.reserve(userId);
      if (!slot.reserved) return { kind: 'later', atMs: Date.now() + slot.waitMs };
      if (slot.waitMs > 0) await sleep(slot.waitMs);
      for (;;) {
        const wait = await gate.admit(userId);
        if (wait <= 0) break;
        if (wait > deps.maxHoldMs) return { kind: 'later', atMs: Date.now() + wait };
        await sleep(wait);
      }
      try {
        await deps.transport.send({ userId, language: plan.language, alert, daysLeft: daysBetween(today, dueDateOf(alert.deadline)) });
      } catch (error) {
        return onSendError(userId, error, gate, lastAttempt);
      }
      await deps.store.markSent(userId, alertId);
      return done('sent');
    },
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import { hashUserId, type Logger } from '../../logger';
import type { Language } from '../languages';
import type { NoticeStore, Outcome } from './notice-store';
import type { NoticeTransport } from './ports';
import type { RateGate } from './rate-gate';

/** One queued message: notice `n` to user `u` in language `l` (short names: it is stored per job). */
export interface DeliveryJob {
  n: number;
  u: number;
  l: Language;
}

/** What the queue should do with a job after one try. */
export type DeliveryStep =
  | { kind: 'done'; outcome?: Outcome }
  /** Not now (paused notice, 429, the chat's or the bot's rate): try again at `atMs`, not counted as an attempt. */
  | { kind: 'later'; atMs: number }
  /** A transient failure: retry with backoff (counted as an attempt). */
  | { kind: 'retry'; error: Error };

/** What a delivery needs to know about subscribers. */
export interface SubscriberStatus {
  isActive(userId: number): Promise<boolean>;
  setActive(userId: number, active: boolean): Promise<boolean>;
}

/** Collaborators of {@link NoticeDelivery}. */
export interface NoticeDeliveryDeps {
  store: NoticeStore;
  gate: RateGate;
  subscribers: SubscriberStatus;
  transport: NoticeTransport;
  logger: Logger;
  logSalt: string;
  pausedRecheckMs: number;
  /** A wait longer than this is not spent inside the job: it is delayed instead. */
  maxHoldMs: number;
  now?: () => number;
}

/**
 * Delivers one (notice, user) job, exactly once: the settled set is checked atomically right
 * before the send and written right after it, so a job that runs again (a retry, a restarted
 * process, a re-fed window) never sends twice. Waits for its slot in the rate gate first.
 *
 * The one gap no one can close without Telegram's help: a process killed outright (SIGKILL,
 * power loss) after Telegram accepted a message and before Redis recorded it. Its job is taken
 * over by another worker, and that person gets the notice twice. At most `concurrency` people per
 * crash; a clean stop (SIGTERM → close()) waits for sends in flight, so it never happens then.
 */
export class NoticeDelivery {
  private readonly htmlCache = new Map<number, Partial<Record<Language, string>>>();
  private readonly now: () => number;

  constructor(private readonly deps: NoticeDeliveryDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Tries one job; `lastAttempt` turns a transient failure into a recorded one. */
  async deliver(job: DeliveryJob, lastAttempt: boolean): Promise<DeliveryStep> {
    const { store, gate } = this.deps;
    if (await store.isSettled(job.n, job.u)) return { kind: 'done' };
    const slot = await gate.reserve(job.u);
    if (!slot.reserved) return { kind: 'later', atMs: this.now() + slot.waitMs };
    if (slot.waitMs > 0) await sleep(slot.waitMs);

    const begin = await store.begin(job.n, job.u);
    if (begin.kind === 'stop') return { kind: 'done' };
    if (begin.kind === 'paused') return { kind: 'later', atMs: this.now() + this.deps.pausedRecheckMs };
    if (begin.kind === 'wait') return { kind: 'later', atMs: this.now() + begin.ms };

    let html: string | undefined;
    try {
      // Someone who unsubscribed, blocked the bot or asked to be forgotten since the start gets nothing.
      if (!(await this.deps.subscribers.isActive(job.u))) return await this.record(job, 'skipped');
      html = (await this.htmlOf(job.n))[job.l];
      if (!html) return await this.record(job, 'failed', 'no text for this language');
      for (;;) {
        const wait = await gate.admit(job.u);
        if (wait <= 0) break;
        if (wait > this.deps.maxHoldMs) {
          await store.release(job.n);
          return { kind: 'later', atMs: this.now() + wait };
        }
        await sleep(wait);
      }
    } catch (error) {
      await store.release(job.n).catch(() => undefined);
      throw error;
    }

    try {
      await this.deps.transport.send(job.u, html);
    } catch (error) {
      return this.onSendError(job, error, lastAttempt);
    }
    return this.record(job, 'sent');
  }

  private async onSendError(job: DeliveryJob, error: unknown, lastAttempt: boolean): Promise<DeliveryStep> {
    const failure = this.deps.transport.classify(error);
    switch (failure.kind) {
      case 'rate-limited': {
        const pausedMs = await this.deps.gate.pauseAll(failure.retryAfterMs);
        await this.deps.store.release(job.n);
        this.deps.logger.warn({ notice: job.n, retryAfterMs: failure.retryAfterMs }, 'broadcast: Telegram asked to slow down; queue paused');
        return { kind: 'later', atMs: this.now() + pausedMs };
      }
      case 'blocked':
        await this.deps.subscribers.setActive(job.u, false);
        return this.record(job, 'blocked');
      case 'rejected':
        return this.record(job, 'failed', failure.reason);
      case 'transient':
        if (lastAttempt) return this.record(job, 'failed', failure.reason);
        await this.deps.store.release(job.n);
        return { kind: 'retry', error: error instanceof Error ? error : new Error(failure.reason) };
    }
  }

  private async record(job: DeliveryJob, outcome: Outcome, reason?: string): Promise<DeliveryStep> {
    await this.deps.store.settle(job.n, job.u, outcome, { reason, begun: true });
    const user = hashUserId(job.u, this.deps.logSalt);
    if (outcome === 'sent' || outcome === 'skipped') this.deps.logger.debug({ notice: job.n, user, outcome }, 'broadcast: settled');
    else this.deps.logger.info({ notice: job.n, user, outcome, reason }, 'broadcast: not delivered');
    return { kind: 'done', outcome };
  }

  private async htmlOf(noticeId: number): Promise<Partial<Record<Language, string>>> {
    let html = this.htmlCache.get(noticeId);
    if (!html) {
      html = await this.deps.store.html(noticeId);
      if (this.htmlCache.size > 100) this.htmlCache.clear();
      this.htmlCache.set(noticeId, html);
    }
    return html;
  }
}

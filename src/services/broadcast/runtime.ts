import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Job, Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import type { Logger } from '../../logger';
import { redisKeys } from '../../storage/redis-keys';
import { bullmq, queueHoldsJobs } from './bullmq-loader';
import { isStorageUnavailable, QUEUE_CONNECTION_OPTIONS, warnUnlessStorageUnavailable } from '../../storage/redis';
import { NoticeDelivery, type DeliveryJob, type DeliveryStep, type SubscriberStatus } from './delivery';
import { NoticeStore, settledCount, type Notice, type Outcome } from './notice-store';
import type { NoticeTransport, ProgressReporter } from './ports';
import { noticeView } from './progress';
import { RateGate } from './rate-gate';
import type { BroadcastSettings } from './settings';
import type { Audience } from './target';

/** The BullMQ queue of single messages. */
export const DELIVERY_QUEUE = 'notices';

/** The name of a notice's job (one message of one notice to one person). */
const NOTICE_JOB = 'deliver';

/**
 * Other messages that share the queue, its worker and the rate gate (deadline reminders): every
 * message the bot sends on its own spends the same 30 a second. The handler gets the job's data
 * and the gate, and answers like a notice's delivery (done, later, retry).
 */
export interface QueueJobHandler {
  /** The job name it handles (never `deliver`, the notices'). */
  name: string;
  handle(data: unknown, context: { gate: RateGate; lastAttempt: boolean }): Promise<DeliveryStep>;
}

/** Everything the delivery runtime is built from; the bot layer supplies the Telegram side. */
export interface DeliveryRuntimeDeps {
  redis: Redis;
  keyPrefix: string;
  transport: NoticeTransport;
  reporter: ProgressReporter;
  audience: Audience;
  subscribers: SubscriberStatus;
  logger: Logger;
  logSalt: string;
  settings: BroadcastSettings;
  /** Milliseconds since the epoch; decides when scheduled notices are due (tests move it). */
  clock?: () => number;
  /** Told of every settled message of a notice (for metrics). */
  onOutcome?: (outcome: Outcome) => void;
  /** Handlers of the other jobs in the queue (reminders). */
  jobs?: readonly QueueJobHandler[];
}

/** The BullMQ side of a runtime, once opened. */
interface OpenQueue {
  queue: Queue<DeliveryJob>;
  worker: Worker<DeliveryJob>;
  connections: Redis[];
}

/** A running delivery runtime. */
export interface DeliveryRuntime {
  /** Messages queued or in flight, across all notices (for metrics). */
  queueDepth(): Promise<number>;
  /** Stops taking work, lets the sends in flight finish, closes its Redis connections. */
  close(): Promise<void>;
}

/**
 * Starts the delivery side of broadcasts: a BullMQ worker that sends one message per job, and a
 * dispatcher that every `tickMs` starts due notices (freezing their recipients), feeds each
 * running notice into the queue a small window at a time (so pause and cancel take effect at
 * once), updates the admins' progress messages and sends final reports. Any number of processes
 * may run it on one Redis: per-notice chores are taken under short leases, and every per-message
 * step is atomic.
 */
export async function startDeliveryRuntime(deps: DeliveryRuntimeDeps): Promise<DeliveryRuntime> {
  const { settings, logger } = deps;
  const clock = deps.clock ?? Date.now;
  const store = new NoticeStore(deps.redis, deps.keyPrefix);
  const gate = new RateGate(deps.redis, store.gateKey, (chatId) => store.chatGateKey(chatId), settings);
  const delivery = new NoticeDelivery({
    store,
    gate,
    subscribers: deps.subscribers,
    transport: deps.transport,
    logger,
    logSalt: deps.logSalt,
    pausedRecheckMs: settings.pausedRecheckMs,
    maxHoldMs: settings.maxHoldMs,
  });
  // Enough queued per notice to keep every worker busy, few enough that pausing stops quickly.
  const window = Math.max(settings.concurrency * 2, Math.ceil(settings.ratePerSecond * 2));
  // Job ids name the user only by a salted hash: BullMQ's bookkeeping may outlive the job.
  const jobId = (noticeId: number, userId: number) =>
    `n${noticeId}-${createHash('sha256').update(`${deps.logSalt}:${userId}`).digest('hex').slice(0, 32)}`;
  const prefix = redisKeys(deps.keyPrefix).deliveryQueue;
  const handlers = new Map((deps.jobs ?? []).map((handler) => [handler.name, handler]));

  // The queue and its worker (and BullMQ itself) are opened when there is a job to queue or to
  // take, not at start: a bot with nothing queued never loads them. Once open, they stay open.
  let opened: Promise<OpenQueue> | undefined;
  let closing = false;
  const openQueue = (): Promise<OpenQueue> => {
    // Never after close(): what opened then would never be closed (its connections would keep the process alive).
    if (closing) return Promise.reject(new Error('the delivery queue is closed'));
    return (opened ??= openQueueNow().catch((error: unknown) => {
      // Tried again on the next tick.
      opened = undefined;
      throw error;
    }));
  };
  const openQueueNow = async (): Promise<OpenQueue> => {
    const { Queue, Worker, DelayedError } = bullmq();
    const queueConnection = deps.redis.duplicate(QUEUE_CONNECTION_OPTIONS);
    const workerConnection = deps.redis.duplicate({ ...QUEUE_CONNECTION_OPTIONS, maxRetriesPerRequest: null });
    const queue = new Queue<DeliveryJob>(DELIVERY_QUEUE, {
      connection: queueConnection,
      prefix,
      // BullMQ's event log keeps job ids after the jobs are gone: keep it short.
      streams: { events: { maxLen: 100 } },
      defaultJobOptions: {
        attempts: settings.maxAttempts,
        backoff: { type: 'exponential', delay: settings.backoffMs },
        // Finished jobs hold user ids: keep none (the notice keeps the counts).
        removeOnComplete: true,
        removeOnFail: true,
      },
    });
    const worker = new Worker<DeliveryJob>(
      DELIVERY_QUEUE,
      async (job: Job<DeliveryJob>, token?: string) => {
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const other = job.name === NOTICE_JOB ? undefined : handlers.get(job.name);
        // A job this process has no handler for (an older worker during a rolling update) waits for one that has.
        if (job.name !== NOTICE_JOB && !other) {
          await job.moveToDelayed(Date.now() + 60_000, token);
          throw new DelayedError();
        }
        const step = other ? await other.handle(job.data, { gate, lastAttempt }) : await delivery.deliver(job.data, lastAttempt);
        if (step.kind === 'later') {
          await job.moveToDelayed(step.atMs, token);
          throw new DelayedError();
        }
        if (step.kind === 'retry') throw step.error;
        if (step.outcome && !other) deps.onOutcome?.(step.outcome);
      },
      {
        connection: workerConnection,
        prefix,
        concurrency: settings.concurrency,
        // Crash recovery against duplicates (see BroadcastSettings.lockDurationMs): renewing every
        // eighth of the lock, not BullMQ's quarter, keeps a short lock safe through longer pauses.
        lockDuration: settings.lockDurationMs,
        lockRenewTime: settings.lockDurationMs / 4,
        stalledInterval: settings.stalledIntervalMs,
        // A job whose worker died is taken over, however often that happens: nobody is skipped.
        maxStalledCount: 1000,
      },
    );
    // While Redis is away its connection reports the outage once; BullMQ would add a line per retry.
    const logError = (what: string) => (error: Error) => {
      if (!isStorageUnavailable(error)) logger.error({ err: { message: error.message } }, `broadcast: ${what}`);
    };
    queue.on('error', logError('queue error'));
    worker.on('error', logError('worker error'));
    // Its worker was killed (or too slow to renew the lock): the send runs again here, at most once more.
    worker.on('stalled', (jobId) => logger.warn({ job: jobId }, 'broadcast: taking over a send whose worker stopped'));
    worker.on('failed', (job, error) => {
      // Failures the delivery could not record itself (Redis trouble): after the last attempt, count
      // the message as failed so the notice can still finish.
      if (!job || job.name !== NOTICE_JOB || job.attemptsMade < (job.opts.attempts ?? 1)) return;
      logger.error({ notice: job.data.n, err: { message: error.message } }, 'broadcast: job failed for good');
      void store.settle(job.data.n, job.data.u, 'failed', { reason: 'internal error', begun: false }).catch(warnUnlessStorageUnavailable(logger, 'broadcast: recording a failed send failed'));
    });
    const connections = [queueConnection, workerConnection];
    try {
      await worker.waitUntilReady();
    } catch (error) {
      await Promise.allSettled([worker.close(true), queue.close()]);
      for (const connection of connections) connection.disconnect();
      throw error;
    }
    return { queue, worker, connections };
  };
  /** The open queue, opening it first if some process (this one, another bot, a worker) queued a job. */
  const queueIfJobs = async (): Promise<OpenQueue | undefined> => {
    if (opened || closing) return opened;
    const jobs = await queueHoldsJobs(deps.redis, prefix, DELIVERY_QUEUE);
    // Closed while asking: nothing more is opened.
    return jobs && !closing ? openQueue() : opened;
  };

  const startNotice = async (id: number, now: number) => {
    if (!(await store.lease('start', id, 60_000))) return;
    try {
      const notice = await store.get(id);
      if (notice?.status !== 'scheduled') return;
      const recipients = await deps.audience.recipients(notice.target);
      if (await store.freeze(id, recipients, now)) logger.info({ notice: id, recipients: recipients.length }, 'broadcast: notice started');
    } finally {
      await store.releaseLease('start', id);
    }
  };

  const feed = async (notice: Notice) => {
    if (!(await store.lease('feed', notice.id, 5_000))) return;
    try {
      const next = await store.nextRecipients(notice.id, window);
      if (!next) return;
      // Deterministic job ids: feeding the same window twice (after a crash) adds nothing twice.
      await (await openQueue()).queue.addBulk(
        next.recipients.map((r) => ({ name: NOTICE_JOB, data: { n: notice.id, u: r.userId, l: r.language }, opts: { jobId: jobId(notice.id, r.userId) } })),
      );
      await store.advance(notice.id, next.from, next.to);
    } finally {
      await store.releaseLease('feed', notice.id);
    }
  };

  // One edit of a progress message at a time, across processes: a late progress update must
  // never land on top of the final state.
  const EDIT_LEASE_MS = 10_000;

  const showProgress = async (id: number, running: number) => {
    if (!(await store.lease('progress', id, settings.progressIntervalMs))) return;
    if (!(await store.lease('edit', id, EDIT_LEASE_MS))) return;
    try {
      const notice = await store.get(id);
      if (!notice || notice.finishedAt !== undefined) return;
      const messageId = await deps.reporter.progress(noticeView(notice, gate.effectiveRatePerSecond, running));
      if (messageId !== undefined) await store.setProgressMessage(id, messageId);
    } catch (error) {
      logger.warn({ notice: id, err: { message: (error as Error).message } }, 'broadcast: could not update progress');
    } finally {
      await store.releaseLease('edit', id);
    }
  };

  const report = async (id: number) => {
    if (!(await store.lease('report', id, 30_000))) return;
    // Let a progress update in flight finish first (it will not start another: the notice is finished).
    let editing = false;
    for (let tries = 0; tries < 50 && !editing; tries++) {
      editing = await store.lease('edit', id, EDIT_LEASE_MS);
      if (!editing) await sleep(100);
    }
    try {
      const notice = await store.get(id);
      if (notice && !notice.reported) {
        try {
          await deps.reporter.finished(noticeView(notice, gate.effectiveRatePerSecond));
        } catch (error) {
          logger.warn({ notice: id, err: { message: (error as Error).message } }, 'broadcast: could not send the final report');
        }
        logger.info({ notice: id, status: notice.status, ...notice.counts, total: notice.total }, 'broadcast: notice finished');
      }
      await store.completeReport(id);
    } finally {
      if (editing) await store.releaseLease('edit', id);
    }
  };

  // Per notice: the settled count last seen and since when, to notice jobs that were lost.
  const lastProgress = new Map<number, { settled: number; since: number }>();
  const rewindIfStuck = async (notice: Notice) => {
    const settled = settledCount(notice.counts);
    const seen = lastProgress.get(notice.id);
    if (notice.status !== 'running' || notice.cursor < notice.total || !seen || seen.settled !== settled) {
      lastProgress.set(notice.id, { settled, since: Date.now() });
      return;
    }
    if (Date.now() - seen.since < settings.rewindAfterMs) return;
    lastProgress.set(notice.id, { settled, since: Date.now() });
    if (await store.advance(notice.id, notice.cursor, 0)) logger.warn({ notice: notice.id, settled, total: notice.total }, 'broadcast: no progress; feeding the unsettled again');
  };

  const tick = async () => {
    await queueIfJobs();
    for (const id of await store.dueIds(clock())) await startNotice(id, clock());
    const notices = (await Promise.all((await store.activeIds()).map((id) => store.get(id)))).filter((n): n is Notice => n !== undefined);
    const running = notices.filter((n) => n.status === 'running').length;
    for (const notice of notices) {
      if (notice.finishedAt === undefined) {
        if (notice.status === 'running') {
          await rewindIfStuck(notice);
          await feed(notice);
        }
        const state = await store.finalize(notice.id, clock(), settings.cancelGraceMs);
        if (state !== 'finished') {
          await showProgress(notice.id, running);
          continue;
        }
      }
      await report(notice.id);
      lastProgress.delete(notice.id);
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const loop = () => {
    current = tick()
      .catch((error: unknown) => {
        if (!isStorageUnavailable(error)) logger.error({ err: { message: (error as Error).message } }, 'broadcast: dispatcher tick failed');
      })
      .finally(() => {
        if (!closing) timer = setTimeout(loop, settings.tickMs);
      });
  };
  // The first tick runs at once: jobs left from before (delayed reminders, a notice under way) are taken up.
  loop();

  return {
    queueDepth: async () => {
      const open = await queueIfJobs();
      if (!open) return 0;
      const counts = await open.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    close: async () => {
      if (closing) return;
      closing = true;
      if (timer) clearTimeout(timer);
      await current;
      const open = await opened?.catch(() => undefined);
      if (!open) return;
      await open.worker.close();
      await open.queue.close();
      for (const connection of open.connections) {
        if (connection.status !== 'end') connection.disconnect();
      }
    },
  };
}

import type { Config } from '../../config';

/** How notices are delivered. Defaults suit production; tests shorten the times. */
export interface BroadcastSettings {
  /** Messages per second for the whole bot (Telegram allows about 30 in bulk). */
  ratePerSecond: number;
  /** Safety margin per second against network jitter (see the rate gate). */
  jitterGuardMs: number;
  /** At most one message per chat this often. */
  perChatIntervalMs: number;
  /** Jobs one worker process handles at once (each mostly waits for its slot or for Telegram). */
  concurrency: number;
  /** How often the dispatcher starts due notices, feeds the queue and checks for the end. */
  tickMs: number;
  /** How often the admin's progress message is updated. */
  progressIntervalMs: number;
  /** Tries per message on network errors, with exponential backoff from `backoffMs`. */
  maxAttempts: number;
  backoffMs: number;
  /** A send slot further away than this is not waited for inside a job (the job is delayed instead). */
  maxHoldMs: number;
  /** How soon a job of a paused notice looks again. */
  pausedRecheckMs: number;
  /** After a cancel, how long to wait for sends in flight before the final report. */
  cancelGraceMs: number;
  /**
   * BullMQ job lock, renewed every eighth to quarter of it while the job runs: a killed worker's
   * jobs can be taken over once it lapses, so the lock bounds how long the people whose messages
   * were being sent wait. It must outlast any pause of a live worker (a blocked event loop, a
   * Redis failover): a lock lapsing under a busy-but-alive worker lets another worker take the
   * job, and if that happens mid-send, that person gets the notice twice. A live worker keeps its
   * jobs through a pause of up to three quarters of the lock.
   */
  lockDurationMs: number;
  /**
   * How often one of the workers looks for jobs whose lock lapsed and puts them back in the queue
   * (a cheap Redis script; one run per interval for the whole queue). A killed worker's jobs are
   * sent again at most `lockDurationMs + stalledIntervalMs` after the kill.
   */
  stalledIntervalMs: number;
  /**
   * A running notice whose whole list was queued but which has settled nobody for this long
   * lost jobs somehow (a Redis failover, say): its list is fed again, minus those settled.
   */
  rewindAfterMs: number;
  /** Where the worker runs: in the bot process, or only in `npm run worker` processes. */
  worker: 'in-process' | 'external';
}

/** The defaults: 25 messages per second, progress every 3 seconds. */
export const DEFAULT_BROADCAST_SETTINGS: BroadcastSettings = {
  ratePerSecond: 25,
  jitterGuardMs: 50,
  perChatIntervalMs: 1000,
  concurrency: 10,
  tickMs: 500,
  progressIntervalMs: 3000,
  maxAttempts: 5,
  backoffMs: 2000,
  maxHoldMs: 2000,
  pausedRecheckMs: 1000,
  cancelGraceMs: 15_000,
  // BullMQ's defaults (30 s and 30 s) left a killed worker's messages waiting 60–95 s. With 8 s
  // and 2 s they go out again within 10 s of the kill, and a live worker keeps its jobs through
  // a 6 s pause. A shorter lock would resume sooner but risk duplicates from workers that are
  // merely slow.
  lockDurationMs: 8_000,
  stalledIntervalMs: 2_000,
  rewindAfterMs: 5 * 60_000,
  worker: 'in-process',
};

/** Delivery settings from the validated configuration (BROADCAST_* variables). */
export function broadcastSettingsFromConfig(config: Pick<Config, 'broadcast'>): BroadcastSettings {
  return {
    ...DEFAULT_BROADCAST_SETTINGS,
    ratePerSecond: config.broadcast.ratePerSecond,
    concurrency: config.broadcast.concurrency,
    progressIntervalMs: config.broadcast.progressSeconds * 1000,
    worker: config.broadcast.worker,
    lockDurationMs: config.broadcast.lockSeconds * 1000,
    stalledIntervalMs: config.broadcast.stalledCheckSeconds * 1000,
  };
}

import { loadConfig, type Config } from '../../config';

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
  /** BullMQ job lock: a crashed worker's jobs are taken over after this. */
  lockDurationMs: number;
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
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
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
  };
}

/**
 * Delivery settings read from the environment through the one configuration schema.
 * @throws ConfigError with one readable line per bad variable.
 */
export function broadcastSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): BroadcastSettings {
  return broadcastSettingsFromConfig(loadConfig(env));
}

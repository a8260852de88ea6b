import type { Logger } from './logger';

/** Thrown out of start-up when a stop signal arrives before the bot is serving. */
export class StartupAborted extends Error {
  constructor() {
    super('start-up stopped by a signal');
    this.name = 'StartupAborted';
  }
}

/** Waits `ms`, or rejects with {@link StartupAborted} as soon as `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new StartupAborted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new StartupAborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settles like `work`, or rejects with {@link StartupAborted} as soon as `signal` aborts, so a
 * step that hangs (a Redis or Telegram that never answers) cannot hold up a stop.
 */
export function unlessAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new StartupAborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StartupAborted());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** How a start-up step is retried. */
export interface RetryOptions {
  logger: Logger;
  signal?: AbortSignal;
  /** First pause after a failure; doubles up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Runs a start-up step until it succeeds. Every failure is logged as a warning with the error,
 * the attempt and when the next one comes — a dependency that cannot be reached is never retried
 * in silence — and a stop signal ends the wait at once.
 */
export async function retryUntilDone<T>(step: string, attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  let delayMs = options.initialDelayMs ?? 1_000;
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await unlessAborted(attempt(), options.signal);
    } catch (error) {
      if (error instanceof StartupAborted || options.signal?.aborted) throw new StartupAborted();
      options.logger.warn(
        { step, attempt: attemptNumber, err: { message: errorMessage(error) }, retryInMs: delayMs, nextAttemptAt: new Date(Date.now() + delayMs).toISOString() },
        `start-up: ${step} failed, retrying`,
      );
      await pause(delayMs, options.signal);
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    }
  }
}

/**
 * An error's message and the messages of what caused it (grammY's HttpError keeps the network
 * error in `error`: "connect ECONNREFUSED …" is what an operator needs), without stacks.
 */
export function errorMessage(error: unknown): string {
  const messages: string[] = [];
  // node-fetch (still used for uploads) names the whole URL in its errors, and a Bot API URL holds the token.
  for (let e: unknown = error; e !== undefined && e !== null && messages.length < 4; ) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- anything may be thrown: its own String() is all there is
    messages.push(e instanceof Error ? e.message : String(e));
    const next = (e as { error?: unknown; cause?: unknown }).error ?? (e as { cause?: unknown }).cause;
    e = typeof next === 'object' || typeof next === 'string' ? next : undefined;
  }
  return messages.join(': ').replace(BOT_TOKEN_PATTERN, '<bot token>');
}

/** A Telegram bot token (`<bot id>:<secret>`), wherever it appears in a text. */
const BOT_TOKEN_PATTERN = /\d{5,}:[\w-]{30,}/g;

import type { Context, MiddlewareFn } from 'grammy';

/** Counts the updates being handled, so a stop can wait for them. */
export interface UpdatesInFlight {
  /** Install first: every update passes through it. */
  readonly middleware: MiddlewareFn<Context>;
  /** How many updates are being handled now. */
  readonly count: number;
  /** How many updates have been handled since the start. */
  readonly handled: number;
  /** Resolves once no update is being handled (at once if none is). */
  drained(): Promise<void>;
}

/**
 * Tracks updates in flight. The runner's `stop()` stops fetching but resolves before the updates
 * it already handed out are done (its sink takes them concurrently), so without this a stop would
 * close Redis under a reply half sent — the person's message lost.
 */
export function trackUpdatesInFlight(): UpdatesInFlight {
  let count = 0;
  let handled = 0;
  const waiters: Array<() => void> = [];
  const middleware: MiddlewareFn<Context> = async (_ctx, next) => {
    count += 1;
    try {
      await next();
    } finally {
      count -= 1;
      handled += 1;
      if (count === 0) for (const wake of waiters.splice(0)) wake();
    }
  };
  return {
    middleware,
    get count() {
      return count;
    },
    get handled() {
      return handled;
    },
    drained: () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}

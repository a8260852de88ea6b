/**
 * How a serving process stops: on the first SIGTERM or SIGINT, whoever sends it (docker stop, a
 * supervisor, npm relaying it, Ctrl-C).
 *
 * Installed first thing in `main`, before anything that can hang, so a stop during start-up ends
 * the process at once (`startup` aborts; nothing is serving yet). Once serving, the first signal
 * starts a clean stop, and later signals only say it is under way: a supervisor or a relaying
 * parent that sends a second SIGTERM must not cut short the stop that finishes updates in flight
 * and hands queued work back. A stop that overruns `graceMs` ends the process anyway.
 */
export interface ProcessStop {
  /** Aborted by the first signal: start-up watches it. */
  readonly startup: AbortSignal;
  /** The clean stop to run on a signal once the process serves (replaces "abort start-up"). */
  whenServing(stop: () => Promise<void>): void;
  /** Runs the clean stop now (e.g. the service failed), then exits with `code`. */
  stopNow(reason: string, code: number): void;
}

/** What {@link installProcessStop} logs through and how it exits (tests replace both). */
export interface ProcessStopOptions {
  log: (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string) => void;
  /** Longest a clean stop may take before the process exits regardless (docker's grace is 30 s by default). */
  graceMs?: number;
  /** Longest start-up may take to give up after a signal. */
  startupAbortMs?: number;
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
}

/** Installs the signal handlers; see {@link ProcessStop}. */
export function installProcessStop(options: ProcessStopOptions): ProcessStop {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const graceMs = options.graceMs ?? 25_000;
  const startupAbortMs = options.startupAbortMs ?? 1_000;
  const controller = new AbortController();
  let cleanStop: (() => Promise<void>) | undefined;
  let stopping: { reason: string; code: number } | undefined;
  let startupExit: NodeJS.Timeout | undefined;

  const runCleanStop = (stop: () => Promise<void>, reason: string, code: number) => {
    options.log('info', { reason }, 'stopping');
    setTimeout(() => {
      options.log('error', { graceMs }, 'clean stop took too long; exiting');
      exit(1);
    }, graceMs).unref();
    stop().then(
      () => exit(code),
      (error: unknown) => {
        options.log('error', { err: { message: error instanceof Error ? error.message : String(error) } }, 'clean stop failed');
        exit(1);
      },
    );
  };

  const finish = (reason: string, code: number) => {
    if (stopping) {
      options.log('info', { reason }, 'already stopping; finishing the stop under way');
      return;
    }
    stopping = { reason, code };
    controller.abort();
    if (!cleanStop) {
      // Still starting: start-up aborts and main exits; this timer only covers a step that ignores the abort.
      options.log('info', { reason }, 'stopping during start-up');
      startupExit = setTimeout(() => exit(code), startupAbortMs);
      return;
    }
    runCleanStop(cleanStop, reason, code);
  };

  for (const signal of options.signals ?? (['SIGTERM', 'SIGINT'] as const)) {
    // `on`, not `once`: after the first, a repeated signal must reach our handler (which ignores it)
    // rather than Node's default action, which would end the process mid-stop.
    process.on(signal, () => finish(signal, 0));
  }
  return {
    startup: controller.signal,
    whenServing: (stop) => {
      cleanStop = stop;
      // The signal came while the last start-up step finished anyway: stop what now serves, cleanly.
      if (stopping && startupExit) {
        clearTimeout(startupExit);
        startupExit = undefined;
        runCleanStop(stop, stopping.reason, stopping.code);
      }
    },
    stopNow: finish,
  };
}

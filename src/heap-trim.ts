import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's `gc` function as `--expose-gc` makes it (the options are those V8 11.6+ reads; older ones ignore them). */
type GcFunction = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

/** V8's memory-reducing full GC, taken once (see {@link releaseHeap}). */
let memoryReducingGc: GcFunction | undefined;

/**
 * A full GC that also gives V8's freed and pooled pages back to the system (the "last resort"
 * flavour, Node 22+; on Node 20 a plain full GC, whose memory reducer already gives them back).
 * Takes tens of milliseconds on this bot's heap. Run once when the bot starts serving (loading
 * content, locales and the FAQ index grows V8's young generation to its largest, and an idle
 * process keeps those pages until V8's memory reducer runs: on Node 20 after half a minute or so,
 * on Node 26 not within minutes), and after busy spells ({@link trimHeapWhenIdle}).
 *
 * `gc` is taken from a fresh context made while `--expose-gc` is set, then the flag is cleared:
 * the process's own global never gets a `gc`.
 */
export function releaseHeap(): void {
  if (memoryReducingGc === undefined) {
    setFlagsFromString('--expose-gc');
    try {
      memoryReducingGc = runInNewContext('gc') as GcFunction;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  memoryReducingGc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/** Settings of {@link trimHeapWhenIdle}; all but `handled` have production defaults. */
export interface IdleTrimOptions {
  /** How many updates the bot has handled so far (any counter that grows with work). */
  handled: () => number;
  /** How often to look, and how long a quiet spell must last. */
  checkEveryMs?: number;
  /** How much the resident memory must have grown since the last trim to be worth one. */
  growthBytes?: number;
  rssBytes?: () => number;
  release?: () => void;
  /** Told the resident memory before and after each trim (a debug line). */
  onTrim?: (beforeBytes: number, afterBytes: number) => void;
}

/**
 * After a busy spell, once the bot has been quiet for a whole check interval, gives the memory the
 * spell grew back to the system (one {@link releaseHeap}) if resident memory grew by `growthBytes`.
 *
 * Why: on Node 26 (the image's) V8 keeps the pages a burst used: measured on this bot, 10,000 people
 * in a row left 214–243 MB resident for minutes with 25 MB of heap in use, where Node 20 gave them
 * back within seconds. A bot that is never quiet is using its memory, and is left alone.
 * @returns stops the checks.
 */
export function trimHeapWhenIdle(options: IdleTrimOptions): () => void {
  const rssBytes = options.rssBytes ?? (() => process.memoryUsage.rss());
  const release = options.release ?? releaseHeap;
  const growthBytes = options.growthBytes ?? 32 * 1024 * 1024;
  let seen = options.handled();
  let busySinceTrim = false;
  let rssAfterTrim = rssBytes();
  const timer = setInterval(() => {
    const handled = options.handled();
    if (handled !== seen) {
      seen = handled;
      busySinceTrim = true;
      return;
    }
    if (!busySinceTrim) return;
    busySinceTrim = false;
    const before = rssBytes();
    if (before - rssAfterTrim < growthBytes) return;
    release();
    rssAfterTrim = rssBytes();
    options.onTrim?.(before, rssAfterTrim);
  }, options.checkEveryMs ?? 5_000).unref();
  return () => clearInterval(timer);
}

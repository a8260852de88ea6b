import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { asError } from './errors';

/** V8's `gc` function as `--expose-gc` makes it: options from V8 12 (Node 22) on; before, `gc(true)` is a minor GC. */
type GcFunction = (options?: boolean | { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

/**
 * Whether this V8 reads `gc`'s options object. V8 11 (Node 20) takes any argument as the old
 * boolean, so `gc({ type: 'major' })` there is a minor GC (checked with the GC's performance
 * entries; a unit test holds both kinds on every Node CI runs).
 */
const gcReadsOptions = Number(process.versions.v8.split('.')[0]) >= 12;

/** V8's `gc`, taken once (see {@link v8Gc}). */
let exposedGc: GcFunction | undefined;

/**
 * V8's `gc`, taken from a fresh context made while `--expose-gc` is set, then the flag is cleared:
 * the process's own global never gets a `gc`.
 */
function v8Gc(): GcFunction {
  if (exposedGc === undefined) {
    setFlagsFromString('--expose-gc');
    try {
      exposedGc = runInNewContext('gc') as GcFunction;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  return exposedGc;
}

/**
 * A full GC that also gives V8's freed and pooled pages back to the system (the "last resort"
 * flavour, Node 22+; on Node 20 a plain full GC, whose memory reducer already gives them back).
 * Takes tens of milliseconds on this bot's heap. Run once when the bot starts serving (loading
 * content, locales and the FAQ index grows V8's young generation to its largest, and an idle
 * process keeps those pages until V8's memory reducer runs: on Node 20 after half a minute or so,
 * on Node 26 not within minutes), and after busy spells ({@link trimHeapWhenIdle}). `gc` comes
 * from {@link v8Gc}.
 */
export function releaseHeap(): void {
  if (gcReadsOptions) v8Gc()({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  else v8Gc()();
}

/** One young-generation collection (a scavenge), now. */
export function collectYoungGeneration(): void {
  if (gcReadsOptions) v8Gc()({ type: 'minor', execution: 'sync' });
  else v8Gc()(true);
}

/** Bytes in use in V8's young generation (new space). */
export function youngGenerationUsed(): number {
  for (const space of getHeapSpaceStatistics()) if (space.space_name === 'new_space') return space.space_used_size;
  return 0;
}

/**
 * Runs `check` every `everyMs` (an unref'd timer: it never keeps the process up) until stopped, or
 * until it throws: then the checks stop and `onFailure` is told once. A throw from a timer would
 * end the process, and a GC helper V8 refuses at run time is no reason to.
 * @returns stops the checks.
 */
function checkEvery(everyMs: number, check: () => void, onFailure: ((error: Error) => void) | undefined): () => void {
  const timer = setInterval(() => {
    try {
      check();
    } catch (error) {
      clearInterval(timer);
      onFailure?.(asError(error));
    }
  }, everyMs).unref();
  return () => clearInterval(timer);
}

/** Settings of {@link collectYoungGenerationWhenIdle}; all but `inFlight` have production defaults. */
export interface IdleScavengeOptions {
  /** How many updates are being handled now. */
  inFlight: () => number;
  checkEveryMs?: number;
  /** Young-generation bytes in use below which a collection is not worth it. */
  minUsedBytes?: number;
  used?: () => number;
  collect?: () => void;
  /** Told once if a collection fails (V8 refusing `--expose-gc` at run time); the checks then stop. */
  onFailure?: (error: Error) => void;
}

/**
 * Empties V8's young generation at a moment no update is being handled, once it holds
 * `minUsedBytes`, so the next burst of people starts with room for all their garbage.
 *
 * Why: a young-generation collection (scavenge) costs in proportion to what is still alive, and
 * in a burst that is every update in flight: measured under 200 people at once (bench:e2e,
 * --trace-gc), the bot's scavenges took 10–22 ms mid-burst, each such pause added to the wait of
 * everyone in it. With nothing in flight the same collection finds almost nothing alive and takes
 * a millisecond or two. A bot that is never idle is left to V8.
 * @returns stops the checks.
 */
export function collectYoungGenerationWhenIdle(options: IdleScavengeOptions): () => void {
  const used = options.used ?? youngGenerationUsed;
  const collect = options.collect ?? collectYoungGeneration;
  // The young generation holds 32 MB (package.json's nodeFlags) and a burst of 200 FAQ answers makes
  // 19–21 MB of garbage in the whole process (measured between bursts with getHeapSpaceStatistics):
  // one that starts below this finds room for all of it. From 8 MB, a burst starting at 7 MB did not.
  const minUsedBytes = options.minUsedBytes ?? 4 * 1024 * 1024;
  return checkEvery(
    options.checkEveryMs ?? 50,
    () => {
      if (options.inFlight() === 0 && used() >= minUsedBytes) collect();
    },
    options.onFailure,
  );
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
  /** Told once if a trim fails (V8 refusing `--expose-gc` at run time); the checks then stop. */
  onFailure?: (error: Error) => void;
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
  return checkEvery(
    options.checkEveryMs ?? 5_000,
    () => {
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
    },
    options.onFailure,
  );
}

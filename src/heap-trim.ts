import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's `gc` function as `--expose-gc` makes it (the options are those V8 11.6+ reads; older ones ignore them). */
type GcFunction = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

/**
 * Gives back the memory start-up grew and no longer needs, once, when the bot starts serving.
 * Loading content, locales and the FAQ index grows V8's young generation to its largest (16–32 MB
 * of semi-spaces); an idle process keeps those pages resident until V8's memory reducer runs —
 * on Node 20 after half a minute or so, on Node 26 not within minutes. One memory-reducing full
 * GC (the "last resort" flavour, Node 22+) shrinks them at once; on Node 20 it is a plain full GC.
 * It takes tens of milliseconds, once; under load V8 grows the young generation again as it needs.
 *
 * `gc` is taken from a fresh context made while `--expose-gc` is set, then the flag is cleared:
 * the process's own global never gets a `gc`.
 */
export function releaseStartupHeap(): void {
  setFlagsFromString('--expose-gc');
  try {
    const gc = runInNewContext('gc') as GcFunction;
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

import { Composer, type Context, type Middleware, type MiddlewareFn } from 'grammy';

type MaybeArray<T> = T | readonly T[];
type Predicate<C extends Context> = (ctx: C) => boolean | PromiseLike<boolean>;

const INSTALLED = Symbol.for('migrant-help-bot.allocation-free-branching');

/**
 * Makes grammY's `branch` — what `filter`, `on`, `command`, `callbackQuery`, `hears` and
 * `chatType` are built on — build both of its sides once, when the handler is registered.
 *
 * Why: grammY's own `branch` goes through `lazy`, which constructs a new `Composer` (and its
 * chain of closures) for every update at every handler the update passes. This bot registers
 * some sixty handlers, so one button press allocated about 160 KB and garbage collection took a
 * fifth of the process's CPU under load (measured with `npm run bench:e2e`; the same change was
 * proposed upstream as grammY PR #765 and closed for want of such data).
 *
 * Behaviour is grammY's: the predicate decides per update, a Composer given as a side is still
 * read when an update arrives (so middleware added to it later runs), and the returned Composer
 * continues the chain. Idempotent; it changes grammY's prototype once per process.
 */
export function useAllocationFreeBranching(): void {
  const prototype = Composer.prototype as unknown as Record<symbol, boolean> & {
    branch: <C extends Context>(this: Composer<C>, predicate: Predicate<C>, onTrue: MaybeArray<Middleware<C>>, onFalse: MaybeArray<Middleware<C>>) => Composer<C>;
  };
  if (prototype[INSTALLED]) return;
  prototype[INSTALLED] = true;
  prototype.branch = function branch<C extends Context>(this: Composer<C>, predicate: Predicate<C>, onTrue: MaybeArray<Middleware<C>>, onFalse: MaybeArray<Middleware<C>>) {
    const whenTrue = composed(onTrue);
    const whenFalse = composed(onFalse);
    return this.use((ctx, next) => {
      const decision = predicate(ctx);
      if (typeof decision === 'boolean') return (decision ? whenTrue : whenFalse)(ctx, next);
      return Promise.resolve(decision).then((yes) => (yes ? whenTrue : whenFalse)(ctx, next));
    });
  };
}

function composed<C extends Context>(middleware: MaybeArray<Middleware<C>>): MiddlewareFn<C> {
  const list: Array<Middleware<C>> = Array.isArray(middleware) ? [...(middleware as readonly Middleware<C>[])] : [middleware as Middleware<C>];
  return new Composer<C>(...list).middleware();
}

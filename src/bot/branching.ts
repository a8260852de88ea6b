import { Composer, type Context, type Middleware, type MiddlewareFn } from 'grammy';

type MaybeArray<T> = T | readonly T[];
type Predicate<C extends Context> = (ctx: C) => boolean | PromiseLike<boolean>;

/** grammY's Composer as this module changes it (its `handler` is what `middleware()` returns). */
interface PatchableComposer<C extends Context> {
  handler: MiddlewareFn<C>;
  [layers]?: Array<MiddlewareFn<C>>;
}
interface ComposerPrototype {
  [installed]?: boolean;
  use<C extends Context>(this: Composer<C>, ...middleware: Array<Middleware<C>>): Composer<C>;
  branch<C extends Context>(this: Composer<C>, predicate: Predicate<C>, onTrue: MaybeArray<Middleware<C>>, onFalse: MaybeArray<Middleware<C>>): Composer<C>;
}

const installed = Symbol.for('migrant-help-bot.lean-middleware');
const layers = Symbol.for('migrant-help-bot.lean-middleware.layers');
const filterOf = Symbol.for('migrant-help-bot.lean-middleware.filter');

/** grammY's own "pass the update on" (what an empty Composer runs): the false side of every filter. */
const PASS = new Composer().middleware();

/** A layer that `branch` added for a filter, with what the walk needs to step over it. */
type FilterLayer<C extends Context> = MiddlewareFn<C> & {
  [filterOf]?: { predicate: Predicate<C>; whenTrue: MiddlewareFn<C>; composer: PatchableComposer<C> };
};

/**
 * Makes grammY's middleware tree cheap to walk, without changing what it does.
 *
 * Why: an update walks every handler registered before the one that answers it, and this bot
 * registers some sixty. grammY pays for each step it takes: `branch` (what `filter`, `on`,
 * `command`, `callbackQuery` and `hears` are built on) goes through `lazy`, which builds a new
 * `Composer` for every update at every handler, and `use` nests each layer in two async closures.
 * One button press allocated about 160 KB and garbage collection took a fifth of the CPU
 * (measured with `npm run bench:e2e` and a heap sampling profile; the `branch` half was proposed
 * upstream as grammY PR #765 and closed for want of such data).
 *
 * After this, `branch` builds both sides once, when the handler is registered, and a composer's
 * layers live in an array walked by index: a step allocates one small closure, and a promise
 * only where a middleware is itself async. What stays grammY's: the predicate decides per update,
 * a Composer given as a side is read when the update arrives (so middleware added to it later
 * runs), `use` returns the Composer that continues the chain, and a middleware calling `next`
 * twice is an error. Idempotent: grammY's prototype is changed once per process.
 */
export function useLeanMiddleware(): void {
  const prototype = Composer.prototype as unknown as ComposerPrototype;
  if (prototype[installed]) return;
  prototype[installed] = true;

  prototype.use = function use<C extends Context>(this: Composer<C>, ...middleware: Array<Middleware<C>>) {
    const composer = new Composer<C>(...middleware);
    const self = this as unknown as PatchableComposer<C>;
    let list = self[layers];
    if (list === undefined) {
      // What the constructor composed (grammY's way) stays the first layer.
      list = self[layers] = [self.handler];
      self.handler = walk(list);
    }
    list.push((ctx, next) => composer.middleware()(ctx, next));
    return composer;
  };

  prototype.branch = function branch<C extends Context>(this: Composer<C>, predicate: Predicate<C>, onTrue: MaybeArray<Middleware<C>>, onFalse: MaybeArray<Middleware<C>>) {
    const whenTrue = composed(onTrue);
    const whenFalse = composed(onFalse);
    const decide: MiddlewareFn<C> = (ctx, next) => {
      const decision = predicate(ctx);
      if (typeof decision === 'boolean') return (decision ? whenTrue : whenFalse)(ctx, next);
      return Promise.resolve(decision).then((yes) => (yes ? whenTrue : whenFalse)(ctx, next));
    };
    const composer = this.use(decide);
    // A filter (`on`, `command`, `callbackQuery`...) that does not match only passes the update on:
    // the walk can then step over it without a call or a `next` of its own (see `walk`).
    if (whenFalse === PASS) {
      const list = (this as unknown as PatchableComposer<C>)[layers]!;
      (list[list.length - 1] as FilterLayer<C>)[filterOf] = { predicate, whenTrue, composer: composer as unknown as PatchableComposer<C> };
    }
    return composer;
  };
}

/**
 * Runs `list` in order, each layer's `next` being the rest of the list, then the caller's `next`.
 * Steps are plain calls (a promise appears only where a middleware is async); a synchronous throw
 * anywhere below comes back as a rejected promise, as from grammY's own chain.
 *
 * A filter whose predicate answers `false` at once is stepped over in the loop: no `next` closure,
 * no call into it. Most updates pass some sixty filters that are not theirs, so this is most of the
 * walk. It is only done while the filter's composer is as `branch` built it (nothing was added to it
 * later, which would have to run when the filter passes the update on).
 */
function walk<C extends Context>(list: ReadonlyArray<MiddlewareFn<C>>): MiddlewareFn<C> {
  return (ctx, next) => {
    try {
      return Promise.resolve(stepFrom(list, ctx, next, 0));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/**
 * Runs `list` from `from` on: the walk's one step. A plain function of its arguments, not a closure
 * made per walk: every update walks some thirty composers, and each closure is garbage to collect.
 */
function stepFrom<C extends Context>(list: ReadonlyArray<MiddlewareFn<C>>, ctx: C, next: () => Promise<void>, from: number): unknown {
  for (let index = from; ; index++) {
    if (index === list.length) return next();
    const layer = list[index]!;
    const filter = (layer as FilterLayer<C>)[filterOf];
    if (filter !== undefined && filter.composer[layers] === undefined) {
      const decision = filter.predicate(ctx);
      if (decision === false) continue;
      if (decision === true) return filter.whenTrue(ctx, nextOf(list, ctx, next, index));
      const at = index;
      return Promise.resolve(decision).then((yes) => (yes ? filter.whenTrue(ctx, nextOf(list, ctx, next, at)) : stepFrom(list, ctx, next, at + 1)));
    }
    return layer(ctx, nextOf(list, ctx, next, index));
  }
}

/** The `next` the layer at `index` is given: the rest of the list, once. */
function nextOf<C extends Context>(list: ReadonlyArray<MiddlewareFn<C>>, ctx: C, next: () => Promise<void>, index: number): () => Promise<void> {
  let called = false;
  return () => {
    if (called) throw new Error('`next` already called before!');
    called = true;
    return stepFrom(list, ctx, next, index + 1) as Promise<void>;
  };
}

function composed<C extends Context>(middleware: MaybeArray<Middleware<C>>): MiddlewareFn<C> {
  const list: Array<Middleware<C>> = Array.isArray(middleware) ? [...(middleware as readonly Middleware<C>[])] : [middleware as Middleware<C>];
  return new Composer<C>(...list).middleware();
}

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
    return this.use((ctx, next) => {
      const decision = predicate(ctx);
      if (typeof decision === 'boolean') return (decision ? whenTrue : whenFalse)(ctx, next);
      return Promise.resolve(decision).then((yes) => (yes ? whenTrue : whenFalse)(ctx, next));
    });
  };
}

/**
 * Runs `list` in order, each layer's `next` being the rest of the list, then the caller's `next`.
 * Steps are plain calls (a promise appears only where a middleware is async); a synchronous throw
 * anywhere below comes back as a rejected promise, as from grammY's own chain.
 */
function walk<C extends Context>(list: ReadonlyArray<MiddlewareFn<C>>): MiddlewareFn<C> {
  return (ctx, next) => {
    const step = (index: number): unknown => {
      if (index === list.length) return next();
      let called = false;
      return list[index]!(ctx, () => {
        if (called) throw new Error('`next` already called before!');
        called = true;
        return step(index + 1) as Promise<void>;
      });
    };
    try {
      return Promise.resolve(step(0));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

function composed<C extends Context>(middleware: MaybeArray<Middleware<C>>): MiddlewareFn<C> {
  const list: Array<Middleware<C>> = Array.isArray(middleware) ? [...(middleware as readonly Middleware<C>[])] : [middleware as Middleware<C>];
  return new Composer<C>(...list).middleware();
}

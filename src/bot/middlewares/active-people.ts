import type { Middleware } from 'grammy';
import type { InsightStore } from '../../services/insight';
import type { BotContext } from '../context';

/**
 * Counts the person in today's tally of people by language (a HyperLogLog of salted hashes: no id
 * can be read back). The write is not awaited, so the reply never waits for it; a failed write is
 * only logged by the store.
 */
export function countActivePeople(insight: Pick<InsightStore, 'seen'>, clock: () => number): Middleware<BotContext> {
  return (ctx, next) => {
    if (ctx.from && !ctx.from.is_bot) insight.seen(ctx.from.id, ctx.lang, clock());
    return next();
  };
}

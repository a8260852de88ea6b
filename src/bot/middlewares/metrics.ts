import type { Middleware } from 'grammy';
import { updateType, type BotMetrics } from '../../observability/metrics';
import type { BotContext } from '../context';

/** Counts updates by type and times their handling (outermost, so errors are timed too). */
export function metricsMiddleware(metrics: BotMetrics): Middleware<BotContext> {
  return async (ctx, next) => {
    const type = updateType(ctx.update);
    const stop = metrics.updateSeconds.startTimer({ type });
    try {
      await next();
    } finally {
      stop();
      metrics.updates.inc({ type });
    }
  };
}

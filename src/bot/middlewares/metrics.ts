import type { Middleware } from 'grammy';
import { seriesByLabel, updateType, type BotMetrics } from '../../observability/metrics';
import type { BotContext } from '../context';

/** Counts updates by type and times their handling (outermost, so errors are timed too). */
export function metricsMiddleware(metrics: BotMetrics): Middleware<BotContext> {
  const seriesOf = seriesByLabel((type) => ({ count: metrics.updates.labels({ type }), seconds: metrics.updateSeconds.labels({ type }) }));
  return async (ctx, next) => {
    const { count, seconds } = seriesOf(updateType(ctx.update));
    const started = performance.now();
    try {
      await next();
    } finally {
      seconds.observe((performance.now() - started) / 1000);
      count.inc();
    }
  };
}

import type { Middleware } from 'grammy';
import type { Counter, Histogram } from 'prom-client';
import { updateType, type BotMetrics } from '../../observability/metrics';
import type { BotContext } from '../context';

/** Counts updates by type and times their handling (outermost, so errors are timed too). */
export function metricsMiddleware(metrics: BotMetrics): Middleware<BotContext> {
  // The labelled series, made once per update type: prom-client hashes a label object on every call.
  const series = new Map<string, { count: Counter.Internal; seconds: Histogram.Internal<'type'> }>();
  const seriesOf = (type: string) => {
    let found = series.get(type);
    if (found === undefined) series.set(type, (found = { count: metrics.updates.labels({ type }), seconds: metrics.updateSeconds.labels({ type }) }));
    return found;
  };
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

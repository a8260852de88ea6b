import type * as BullMQ from 'bullmq';

/**
 * BullMQ, loaded on first use rather than at start-up: it and what it brings (msgpackr, cron
 * parser, luxon, OpenTelemetry's API) cost a process about 11 MB of resident memory, and a bot
 * process that has no job to queue or take never needs it. `require` (not `import()`): the
 * compiled code is CommonJS, and Jest runs it without an ESM loader.
 */
export function bullmq(): typeof BullMQ {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  return require('bullmq') as typeof BullMQ;
}

/** The kinds of BullMQ keys that exist while a queue holds a job in any state a worker must act on. */
const JOB_KEY_KINDS = ['wait', 'paused', 'prioritized', 'delayed', 'active', 'waiting-children'] as const;

/**
 * Whether queue `name` under `prefix` holds any job (waiting, delayed, running or left running by
 * a worker that died), read without loading BullMQ: Redis deletes an empty list or sorted set, so
 * one EXISTS over the job keys answers. The keys share one hash tag (the prefix's), so this
 * works on a Redis Cluster too.
 */
export async function queueHoldsJobs(redis: { exists(...keys: string[]): Promise<number> }, prefix: string, name: string): Promise<boolean> {
  return (await redis.exists(...JOB_KEY_KINDS.map((kind) => `${prefix}:${name}:${kind}`))) > 0;
}

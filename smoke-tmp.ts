import Redis from 'ioredis';
import { Queue, Worker, DelayedError } from 'bullmq';
async function main() {
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  const prefix = 'smoke:' + Date.now() + ':bcast:q';
  const q = new Queue('send', { connection: redis.duplicate(), prefix });
  const seen: string[] = [];
  const w = new Worker('send', async (job, token) => {
    seen.push(`${job.id}@${Date.now() % 100000}:${job.attemptsMade}`);
    if (job.data.delayOnce && !job.data.done) {
      await job.updateData({ ...job.data, done: true });
      await job.moveToDelayed(Date.now() + 300, token);
      throw new DelayedError();
    }
    if (job.data.fail && job.attemptsMade < 2) throw new Error('boom');
    return 'ok';
  }, { connection: redis.duplicate({ maxRetriesPerRequest: null }), prefix, concurrency: 3 });
  w.on('failed', (job, err) => seen.push(`failed ${job?.id} ${err.message} am=${job?.attemptsMade}`));
  await q.addBulk([
    { name: 'x', data: { a: 1 }, opts: { jobId: 'a' , removeOnComplete: true} },
    { name: 'x', data: { delayOnce: true }, opts: { jobId: 'b', removeOnComplete: true } },
    { name: 'x', data: { fail: true }, opts: { jobId: 'c', attempts: 3, backoff: { type: 'exponential', delay: 100 }, removeOnComplete: true } },
    { name: 'x', data: { a: 1 }, opts: { jobId: 'a', removeOnComplete: true } },
  ]);
  await new Promise((r) => setTimeout(r, 1500));
  console.log(seen);
  await w.close(); await q.close();
  const keys = await redis.keys(prefix + '*'); console.log(keys.length); if (keys.length) await redis.del(...keys);
  await redis.quit();
}
main();

// Preloaded into a bot process by bench/memory.ts (node --expose-gc --require ...): on SIGUSR2 it
// runs a full GC and prints one line, "MEMORY-PROBE {json}", with the process's memory after it.
'use strict';
const v8 = require('node:v8');

process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const m = process.memoryUsage();
  const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
  const newSpace = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  process.stdout.write(`MEMORY-PROBE ${JSON.stringify({ rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), newSpace: mb(newSpace ? newSpace.space_size : 0) })}\n`);
});

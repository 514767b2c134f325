// Child process of reliability.test.ts: writes `count` points of every other step (by `parity`)
// into one shared trial on PostgreSQL, flushing by size, then flushes and exits.
import { openMemory } from '../index';

const [url, parity, count] = [process.argv[2] as string, Number(process.argv[3]), Number(process.argv[4])];
const memory = await openMemory({ url, metrics: { batchSize: 1000, flushIntervalMs: 5 } });
for (let i = 0; i < count; i += 500) {
  const points = [];
  for (let j = i; j < Math.min(count, i + 500); j++) points.push({ trialId: 'shared', step: 2 * j + parity, name: 'loss', value: 2 * j + parity });
  memory.appendMetrics(points);
  if (i % 5000 === 0) await new Promise((r) => setImmediate(r));
}
await memory.close();
console.log('done');

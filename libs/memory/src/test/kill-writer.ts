// Child process of reliability.test.ts: ingests into a PGlite folder until killed, printing
// `ack <points>` after each flush resolves and `exp <id>` after each experiment is created.
import { openMemory } from '../index';

const dir = process.argv[2] as string;
const memory = await openMemory({ dir, metrics: { batchSize: 1_000_000, flushIntervalMs: 0 } });
await memory.createExperiment({ id: 'kill', name: 'kill', spec: { kind: 'kill-test' }, seed: 1, backend: 'cpu' });
await memory.createTrial({ id: 'kill-t0', experimentId: 'kill', config: { lr: 0.1 }, seed: 1 });
console.log('ready');
let step = 0;
for (let round = 0; ; round++) {
  const points = [];
  for (let i = 0; i < 2000; i++, step++) points.push({ trialId: 'kill-t0', step, name: 'loss', value: 1 / (step + 1) });
  memory.appendMetrics(points);
  // Unacknowledged points in flight when the kill comes: appended, flush not awaited yet.
  const flushing = memory.flush();
  const id = `kill-e${round}`;
  const created = memory.createExperiment({ id, name: id, spec: { round, payload: 'x'.repeat(2000), nested: { list: [1, 2, 3] } }, seed: round, backend: 'cpu' });
  await flushing;
  console.log(`ack ${step}`);
  await created;
  console.log(`exp ${id}`);
}

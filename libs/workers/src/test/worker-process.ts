// Child process of the scale-out tests: one `epigenome worker` as the CLI runs it (TensorFlow.js
// engines from specs, one trial thread), printing `ready <id>` once registered and `segment …`
// after each job. Args: <databaseUrl> [backend label] [live trials cached].
import { engineFromSpec, type ExperimentSpec } from '@epigenome/runner';
import { startWorker } from '../index';

const [url, label, cached] = process.argv.slice(2) as [string, string | undefined, string | undefined];
const probe = engineFromSpec({ dataset: { name: 'iris' }, model: { kind: 'mlp', hidden: [4] } } as unknown as ExperimentSpec, { workers: 0 });
const backend = await probe.ready();
await probe.dispose();
const worker = await startWorker({
  databaseUrl: url,
  backend: label || backend,
  ...(cached ? { cacheTrials: Number(cached) } : {}),
  createEngine: (spec) => engineFromSpec(spec as ExperimentSpec, { workers: 1 }),
  heartbeatMs: 200,
  pollMs: 200,
  maintenanceIntervalSeconds: 1,
  onSegment: (e) => console.log(`segment ${e.action} ${e.trial} ${e.ok ? 'ok' : 'retry'}`),
});
console.log(`ready ${worker.id}`);
process.on('SIGTERM', () => void worker.stop().then(() => process.exit(0)));
await worker.done;

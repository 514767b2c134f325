import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerJob } from './worker-protocol';

/**
 * Starts the experiment worker. From the built package: `experiment-worker.js`/`.cjs` beside the
 * bundle. From TypeScript sources (tests, tsx): `experiment-worker.ts` through tsx's loader,
 * registered inside the worker (Node 20 workers ignore `--import` in execArgv).
 */
export function spawnExperimentWorker(job: WorkerJob, resourceLimits: ResourceLimits = {}): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const api = pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const entry = new URL('../experiment-worker.ts', here).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); }).catch((e) => { setTimeout(() => { throw e; }); });`;
    return new Worker(code, { eval: true, workerData: job, resourceLimits });
  }
  // The bundle is dist/server/index.js; the worker entry sits beside it.
  return new Worker(new URL(here.endsWith('.cjs') ? './experiment-worker.cjs' : './experiment-worker.js', here), { workerData: job, resourceLimits });
}

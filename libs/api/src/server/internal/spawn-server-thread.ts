import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** The server's thread entries, each a file beside the server bundle (`src/server/<entry>.ts` in the sources). */
export type ServerThreadEntry = 'experiment-worker' | 'store-thread';

/**
 * Starts one of the server's threads. From the built package: `<entry>.js`/`.cjs` beside the
 * bundle. From TypeScript sources (tests, tsx): `<entry>.ts` through tsx's loader, registered
 * inside the worker (Node 20 workers ignore `--import` in execArgv).
 */
export function spawnServerThread(entry: ServerThreadEntry, workerData: unknown, resourceLimits: ResourceLimits = {}): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const api = pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const file = new URL(`../${entry}.ts`, here).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(file)}); }).catch((e) => { setTimeout(() => { throw e; }); });`;
    return new Worker(code, { eval: true, workerData, resourceLimits });
  }
  // The bundle is dist/server/index.js; the thread entries sit beside it.
  return new Worker(new URL(`./${entry}${here.endsWith('.cjs') ? '.cjs' : '.js'}`, here), { workerData, resourceLimits });
}

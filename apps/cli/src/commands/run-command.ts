import { EpigenomeError } from '@epigenome/core';
import type { Command } from 'commander';
import type { StoreOptions } from '../open-store';
import { parseWorkers } from '../internal/parse-workers';

function pluginsRefused(url: string): EpigenomeError {
  return new EpigenomeError({
    code: 'CONFLICT',
    field: 'spec',
    allowed: 'a spec of built-in regulators while a server holds the store',
    message: `the server at ${url} holds this store and cannot load this spec's own plugins (code); stop the server, or run it on another --db folder`,
  });
}

/** `epigenome run <spec>`: validates the whole spec before the store is opened, then runs it. */
export function runCommand(program: Command): void {
  program
    .command('run')
    .description('run an experiment spec (.json, or a .ts/.js module exporting it); Ctrl-C stops it resumably, a second Ctrl-C exits at once')
    .argument('<spec>', 'path of the spec')
    .option('--json', 'print one JSON object with the result instead of the table')
    .option('--workers <n>', "worker threads for trials (default: the spec's)", parseWorkers)
    .option('--quiet', 'no progress output')
    .action(async (path: string, o: { json?: boolean; workers?: number; quiet?: boolean }) => {
      // The check entry loads no TensorFlow.js: everything the runner would refuse is refused here,
      // before the engine loads or a store folder is created.
      const { checkSpec, loadSpec } = await import('@epigenome/runner/check');
      const loaded = await loadSpec(path);
      const { spec } = checkSpec(loaded.spec, { plugins: loaded.plugins });
      const { runHereOrOnServer, serverOfStore } = await import('../internal/server-of-store');
      // The embedded store may be a server's: the spec then goes there, never a second open of the store.
      const url = Object.keys(loaded.plugins).length > 0 ? await serverOfStore(program.opts<StoreOptions>()) : undefined;
      if (url !== undefined) throw pluginsRefused(url);
      await runHereOrOnServer(
        program.opts<StoreOptions>(),
        o,
        async (client) => (await client.experiments.start.mutate({ spec: loaded.spec })).experimentId,
        async () => {
          // Loaded only now: the runner brings the engine and TensorFlow.js.
          const [{ runSpec }, { runSession }] = await Promise.all([import('@epigenome/runner'), import('../internal/run-session')]);
          await runSession({
            store: program.opts<StoreOptions>(),
            json: o.json === true,
            quiet: o.quiet === true,
            ...(spec.budget.steps ? { stepsPerTrial: spec.budget.steps } : {}),
            start: (memory, abortSignal, onProgress) =>
              runSpec(spec, { memory, plugins: loaded.plugins, ...(o.workers !== undefined ? { workers: o.workers } : {}), abortSignal, onProgress }),
          });
        },
      );
    });
}

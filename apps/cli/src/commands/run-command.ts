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
      // Loaded here, not at the top: the runner brings the engine, and the other commands must start fast.
      const { checkSpec, loadSpec, runSpec } = await import('@epigenome/runner');
      const { runSession } = await import('../internal/run-session');
      const loaded = await loadSpec(path);
      // Everything the runner would refuse is refused here, before a store folder is created.
      const { spec } = checkSpec(loaded.spec, { plugins: loaded.plugins });
      const { runHereOrOnServer, serverOfStore } = await import('../internal/server-of-store');
      // The embedded store may be a server's: the spec then goes there, never a second open of the store.
      const url = Object.keys(loaded.plugins).length > 0 ? await serverOfStore(program.opts<StoreOptions>()) : undefined;
      if (url !== undefined) throw pluginsRefused(url);
      await runHereOrOnServer(
        program.opts<StoreOptions>(),
        o,
        async (client) => (await client.experiments.start.mutate({ spec: loaded.spec })).experimentId,
        () =>
          runSession({
            store: program.opts<StoreOptions>(),
            json: o.json === true,
            quiet: o.quiet === true,
            ...(spec.budget.steps ? { stepsPerTrial: spec.budget.steps } : {}),
            start: (memory, abortSignal, onProgress) =>
              runSpec(spec, { memory, plugins: loaded.plugins, ...(o.workers !== undefined ? { workers: o.workers } : {}), abortSignal, onProgress }),
          }),
      );
    });
}

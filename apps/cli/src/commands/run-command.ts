import type { Command } from 'commander';
import type { StoreOptions } from '../open-store';
import { parseWorkers } from '../internal/parse-workers';

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
      // Loaded only now: the runner brings the engine and TensorFlow.js.
      const { runSpec } = await import('@epigenome/runner');
      const { runSession } = await import('../internal/run-session');
      await runSession({
        store: program.opts<StoreOptions>(),
        json: o.json === true,
        quiet: o.quiet === true,
        ...(spec.budget.steps ? { stepsPerTrial: spec.budget.steps } : {}),
        start: (memory, abortSignal, onProgress) =>
          runSpec(spec, { memory, plugins: loaded.plugins, ...(o.workers !== undefined ? { workers: o.workers } : {}), abortSignal, onProgress }),
      });
    });
}

import type { Command } from 'commander';
import type { StoreOptions } from '../open-store';
import { checkId } from '../internal/check-id';
import { parseWorkers } from '../internal/parse-workers';

/** `epigenome resume <id>`: finishes an interrupted or killed experiment; stops on signals as `run` does. */
export function resumeCommand(program: Command): void {
  program
    .command('resume')
    .description('finish an interrupted experiment from its last checkpoints; Ctrl-C stops it resumably, a second Ctrl-C exits at once')
    .argument('<id>', 'experiment id')
    .option('--json', 'print one JSON object with the result')
    .option('--workers <n>', 'worker threads for trials', parseWorkers)
    .option('--quiet', 'no progress output')
    .action(async (id: string, o: { json?: boolean; workers?: number; quiet?: boolean }) => {
      checkId('id', id);
      // Loaded here, not at the top: the runner brings the engine, and the other commands must start fast.
      const { resumeSpec } = await import('@epigenome/runner');
      const { runSession } = await import('../internal/run-session');
      const { runHereOrOnServer } = await import('../internal/server-of-store');
      await runHereOrOnServer(
        program.opts<StoreOptions>(),
        o,
        async (client) => (await client.experiments.resume.mutate({ experimentId: id }), id),
        () =>
          runSession({
            store: program.opts<StoreOptions>(),
            json: o.json === true,
            quiet: o.quiet === true,
            start: (memory, abortSignal, onProgress) => resumeSpec(id, { memory, ...(o.workers !== undefined ? { workers: o.workers } : {}), abortSignal, onProgress }),
          }),
      );
    });
}

import { InvalidArgumentError, type Command } from 'commander';
import type { StoreOptions } from '../open-store';
import { out } from '../internal/out';

function positiveInteger(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
      throw new InvalidArgumentError(`${flag} must be an integer ≥ 1; got ${JSON.stringify(value.slice(0, 40))}`);
    return n;
  };
}

/**
 * `epigenome worker`: joins a distributed run's PostgreSQL server and runs trial segments of its
 * backend until SIGINT/SIGTERM (which finish the segment under way; a second signal exits at once).
 */
export function workerCommand(program: Command): void {
  program
    .command('worker')
    .description('run trial segments of distributed experiments (`run --distributed`) from the PostgreSQL server of --database-url / DATABASE_URL')
    .option('--cache-trials <n>', 'live trials kept between segments (default 32)', positiveInteger('--cache-trials'))
    .option('--quiet', 'no line per segment')
    .action(async (o: { cacheTrials?: number; quiet?: boolean }) => {
      const { serverUrlOf } = await import('../internal/distributed-engine');
      const { url, source } = serverUrlOf(program.opts<StoreOptions>(), 'epigenome worker');
      // Loaded here, not at the top: the runner brings the engine, and the other commands must start fast.
      const { engineFromSpec } = await import('@epigenome/runner');
      const { startWorker } = await import('@epigenome/workers');
      const { redactUrl } = await import('@epigenome/memory');
      type Spec = Parameters<typeof engineFromSpec>[0];
      // The backend this machine runs (EPIGENOME_BACKEND, else the best installed): jobs of other backends are left to others.
      const probe = engineFromSpec({ dataset: { name: 'iris' }, model: { kind: 'mlp', hidden: [4] } } as unknown as Spec, { workers: 0 });
      const backend = await probe.ready();
      await probe.dispose();
      const worker = await startWorker({
        databaseUrl: url,
        source,
        backend,
        // One trial thread: the heartbeat goes on while a segment trains.
        createEngine: (spec) => engineFromSpec(spec as Spec, { workers: 1 }),
        ...(o.cacheTrials !== undefined ? { cacheTrials: o.cacheTrials } : {}),
        ...(o.quiet ? {} : { onSegment: (e) => out(`${e.ok ? 'done' : 'retry'} ${e.action} ${e.trial}${e.steps > 0 ? ` ${e.steps} steps in ${e.seconds.toFixed(2)} s` : ''}`) }),
      });
      out(`worker ${worker.id}: backend ${backend}, database ${redactUrl(url)}; Ctrl-C stops after the current segment`);
      let signals = 0;
      const stop = () => {
        signals += 1;
        if (signals > 1) process.exit(130);
        void worker.stop();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      try {
        await worker.done;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}

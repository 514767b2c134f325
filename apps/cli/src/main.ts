import { Command, Option } from 'commander';
import { EpigenomeError } from '@epigenome/core';
import { loadSpec, parseExperimentSpec, resumeSpec, runSpec, type ExperimentResult } from '@epigenome/runner';
import { experimentView } from './experiment-view';
import { configText, table } from './format';
import { openStore, type StoreOptions } from './open-store';
import { createProgressView } from './progress-view';

const out = (line: string) => process.stdout.write(`${line}\n`);

function resultTable(result: ExperimentResult): string {
  return table(
    [...result.trials]
      .sort((a, b) => b.fitness - a.fitness)
      .map((t) => ({
        trial: t.id.slice(t.id.lastIndexOf('-') + 1),
        status: t.status,
        steps: t.steps,
        val_accuracy: t.metrics.val_accuracy,
        val_loss: t.metrics.val_loss,
        gen: t.generation,
        parent: t.parentId ? t.parentId.slice(t.parentId.lastIndexOf('-') + 1) : '',
        config: configText(t.config),
      })),
  );
}

async function execute(result: Promise<ExperimentResult>, json: boolean, progressStop: () => void): Promise<void> {
  try {
    const r = await result;
    progressStop();
    if (json) out(JSON.stringify({ experiment: r.experimentId, status: r.status, backend: r.backend, best: r.best ?? null, trials: r.trials, metric_points: r.metricPoints, events: r.events, steps: r.steps, marks: r.marks }));
    else {
      out(`\n${resultTable(r)}`);
      out(`\nexperiment ${r.experimentId} ${r.status}: ${r.steps} steps, ${r.metricPoints} metric points, ${r.events} regulation events, ${r.marks.length} marks written (backend ${r.backend})`);
      if (r.best) out(`best ${r.best.id}: ${configText(r.best.config)}  ${configText(r.best.metrics)}`);
    }
  } finally {
    progressStop();
  }
}

/** Builds the `epigenome` command. */
export function createProgram(): Command {
  const program = new Command('epigenome')
    .description('Epigenome: hyperparameters regulated during training, at several levels, with memory across runs')
    .addOption(new Option('--db <dir>', 'embedded store (PGlite) folder').default(undefined, '.epigenome/db'))
    .addOption(new Option('--database-url <url>', 'PostgreSQL server instead of the embedded store').env('DATABASE_URL'))
    .showHelpAfterError();
  const store = () => openStore(program.opts<StoreOptions>());

  program
    .command('run')
    .description('run an experiment spec (.json, or a .ts/.js module exporting it)')
    .argument('<spec>', 'path of the spec')
    .option('--json', 'print one JSON object with the result instead of the table')
    .option('--workers <n>', 'worker threads for trials (default: the spec\'s)', (v) => Number.parseInt(v, 10))
    .option('--quiet', 'no progress output')
    .action(async (path: string, o: { json?: boolean; workers?: number; quiet?: boolean }) => {
      const loaded = await loadSpec(path);
      const spec = parseExperimentSpec(loaded.spec);
      const memory = await store();
      const view = createProgressView({ quiet: o.quiet === true, ...(spec.budget.steps ? { stepsPerTrial: spec.budget.steps } : {}) });
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      try {
        await execute(
          runSpec(spec, {
            memory,
            plugins: loaded.plugins,
            ...(o.workers !== undefined ? { workers: o.workers } : {}),
            abortSignal: abort.signal,
            onProgress: (p) => {
              if (p.type === 'started' && !o.json) out(`experiment ${p.experimentId}`);
              view.onProgress(p);
            },
          }),
          o.json === true,
          () => view.stop(),
        );
      } finally {
        process.off('SIGINT', onSignal);
        await memory.close();
      }
    });

  program
    .command('resume')
    .description('finish an interrupted experiment from its last checkpoints')
    .argument('<id>', 'experiment id')
    .option('--json', 'print one JSON object with the result')
    .option('--workers <n>', 'worker threads for trials', (v) => Number.parseInt(v, 10))
    .option('--quiet', 'no progress output')
    .action(async (id: string, o: { json?: boolean; workers?: number; quiet?: boolean }) => {
      const memory = await store();
      const view = createProgressView({ quiet: o.quiet === true });
      try {
        if (!o.json) out(`experiment ${id}`);
        await execute(resumeSpec(id, { memory, ...(o.workers !== undefined ? { workers: o.workers } : {}), onProgress: (p) => view.onProgress(p) }), o.json === true, () => view.stop());
      } finally {
        await memory.close();
      }
    });

  program
    .command('ls')
    .description('list experiments, newest first')
    .option('--json', 'print a JSON array')
    .action(async (o: { json?: boolean }) => {
      const memory = await store();
      try {
        const views = await Promise.all((await memory.listExperiments()).map((r) => experimentView(memory, r)));
        if (o.json) out(JSON.stringify(views));
        else out(table(views.map((v) => ({ id: v.id, name: v.name, status: v.status, trials: v.trials, metric_points: v.metric_points, events: v.events, best: v.best?.fitness, created: v.created_at }))));
      } finally {
        await memory.close();
      }
    });

  program
    .command('show')
    .description('show one experiment')
    .argument('<id>', 'experiment id')
    .option('--json', 'print one JSON object')
    .action(async (id: string, o: { json?: boolean }) => {
      const memory = await store();
      try {
        const view = await experimentView(memory, await memory.getExperiment(id));
        if (o.json) out(JSON.stringify(view));
        else {
          out(`experiment ${view.id} (${view.name}): ${view.status}, backend ${view.backend}, seed ${view.seed}`);
          out(`${view.trials} trials, ${view.metric_points} metric points, ${view.events} regulation events`);
          const trials = await memory.listTrials(id);
          out(table(trials.map((t) => ({ trial: t.id, status: t.status, step: t.step, fitness: t.fitness, gen: t.generation, parent: t.parentId ?? '', config: configText(t.config) }))));
        }
      } finally {
        await memory.close();
      }
    });

  const marks = program.command('memory').description('the epigenetic marks kept across experiments');
  marks
    .command('ls')
    .description('list live marks, strongest first')
    .option('--json', 'print a JSON array')
    .action(async (o: { json?: boolean }) => {
      const memory = await store();
      try {
        const list = await memory.listMarks();
        if (o.json) out(JSON.stringify(list));
        else out(table(list.map((m) => ({ id: m.id, kind: m.regulation.kind, dataset: m.context.dataset.name, model: m.context.model.family, fitness: m.fitness, strength: m.strength, source: m.sourceExperimentId ?? '' }))));
      } finally {
        await memory.close();
      }
    });
  marks
    .command('show')
    .description('show one mark')
    .argument('<id>', 'mark id')
    .action(async (id: string) => {
      const memory = await store();
      try {
        out(JSON.stringify(await memory.getMark(id), null, 2));
      } finally {
        await memory.close();
      }
    });
  marks
    .command('erase')
    .description('erase a mark (reversible: a later identical mark revives it)')
    .argument('<id>', 'mark id')
    .action(async (id: string) => {
      const memory = await store();
      try {
        await memory.erase(id);
        out(`erased ${id}`);
      } finally {
        await memory.close();
      }
    });
  return program;
}

/** Runs the CLI; errors print one clear line (field, value, allowed) and exit 1. */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  try {
    await createProgram().parseAsync([...argv]);
  } catch (error) {
    if (EpigenomeError.isInstance(error)) process.stderr.write(`error: ${error.message}\n`);
    else process.stderr.write(`error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}

import type { Command } from 'commander';
import { experimentView, experimentViews } from '../experiment-view';
import { configText, table } from '../format';
import type { StoreOptions } from '../open-store';
import { checkId } from '../internal/check-id';
import { out } from '../internal/out';
import { withStore } from '../internal/with-store';

/** `epigenome ls` and `epigenome show <id>`. */
export function experimentCommands(program: Command): void {
  program
    .command('ls')
    .description('list experiments, newest first')
    .option('--json', 'print a JSON array')
    .action((o: { json?: boolean }) =>
      withStore(program.opts<StoreOptions>(), async (memory) => {
        const views = await experimentViews(memory);
        if (o.json) out(JSON.stringify(views));
        else
          out(
            table(
              views.map((v) => ({
                id: v.id,
                name: v.name,
                status: v.status,
                trials: v.trials,
                metric_points: v.metric_points,
                events: v.events,
                best: v.best?.fitness,
                created: v.created_at,
              })),
            ),
          );
      }),
    );

  program
    .command('show')
    .description('show one experiment')
    .argument('<id>', 'experiment id')
    .option('--json', 'print one JSON object')
    .action((id: string, o: { json?: boolean }) => {
      checkId('id', id);
      return withStore(program.opts<StoreOptions>(), async (memory) => {
        const view = await experimentView(memory, await memory.getExperiment(id));
        if (o.json) out(JSON.stringify(view));
        else {
          out(`experiment ${view.id} (${view.name}): ${view.status}, backend ${view.backend}, seed ${view.seed}`);
          out(`${view.trials} trials, ${view.metric_points} metric points, ${view.events} regulation events`);
          const trials = await memory.listTrials(id);
          out(
            table(
              trials.map((t) => ({ trial: t.id, status: t.status, step: t.step, fitness: t.fitness, gen: t.generation, parent: t.parentId ?? '', config: configText(t.config) })),
            ),
          );
        }
      });
    });
}

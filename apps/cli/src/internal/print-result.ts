import type { ExperimentResult } from '@epigenome/runner';
import { configText, table } from '../format';
import { out } from './out';

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

/** Prints a run's result: one JSON object with `json`, else the trials' table and a summary. */
export function printResult(r: ExperimentResult, json: boolean): void {
  if (json)
    out(
      JSON.stringify({
        experiment: r.experimentId,
        status: r.status,
        backend: r.backend,
        best: r.best ?? null,
        trials: r.trials,
        metric_points: r.metricPoints,
        events: r.events,
        steps: r.steps,
        marks: r.marks,
      }),
    );
  else {
    out(`\n${resultTable(r)}`);
    out(
      `\nexperiment ${r.experimentId} ${r.status}: ${r.steps} steps, ${r.metricPoints} metric points, ${r.events} regulation events, ${r.marks.length} marks written (backend ${r.backend})`,
    );
    if (r.best) out(`best ${r.best.id}: ${configText(r.best.config)}  ${configText(r.best.metrics)}`);
  }
}

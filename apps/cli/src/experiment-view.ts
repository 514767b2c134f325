import type { ExperimentRecord, TrialRecord } from '@epigenome/core';
import type { Memory } from '@epigenome/memory';

/** What `show --json` and `ls --json` print for an experiment. */
export interface ExperimentView {
  id: string;
  name: string;
  status: ExperimentRecord['status'];
  backend: string;
  seed: number;
  created_at: string;
  trials: number;
  metric_points: number;
  events: number;
  best: { trial: string; fitness: number; config: Record<string, unknown>; metrics: Record<string, number> } | null;
}

/** What a view is built from: the record, its counts and its best trial. */
interface ViewParts {
  readonly trials: number;
  readonly metricPoints: number;
  readonly events: number;
  readonly best: TrialRecord | undefined;
}

function viewOf(record: ExperimentRecord, parts: ViewParts): ExperimentView {
  const { best } = parts;
  const result = (record.summary as { result?: { best?: { id: string; metrics: Record<string, number> } } } | null)?.result;
  return {
    id: record.id,
    name: record.name,
    status: record.status,
    backend: record.backend,
    seed: record.seed,
    created_at: new Date(record.createdAt).toISOString(),
    trials: parts.trials,
    metric_points: parts.metricPoints,
    events: parts.events,
    best: best ? { trial: best.id, fitness: best.fitness as number, config: { ...best.config }, metrics: result?.best?.id === best.id ? result.best.metrics : {} } : null,
  };
}

/** Builds the view from the store, counting stored metric points and events. */
export async function experimentView(memory: Memory, record: ExperimentRecord): Promise<ExperimentView> {
  const trials = await memory.listTrials(record.id);
  const counts = await memory.counts(record.id);
  const best = trials.filter((t) => t.fitness !== undefined && Number.isFinite(t.fitness)).sort((a, b) => (b.fitness as number) - (a.fitness as number))[0];
  return viewOf(record, { trials: trials.length, metricPoints: counts.metrics, events: counts.events, best });
}

/** Views of every experiment, newest first, from the store's listing (two queries, not a few per experiment). */
export async function experimentViews(memory: Memory): Promise<ExperimentView[]> {
  return (await memory.queries.experimentListing()).map((l) => viewOf(l.experiment, l));
}

import type { ExperimentRecord } from '@epigenome/core';
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

/** Builds the view from the store, counting stored metric points and events. */
export async function experimentView(memory: Memory, record: ExperimentRecord): Promise<ExperimentView> {
  const trials = await memory.listTrials(record.id);
  const counts = await memory.counts(record.id);
  const best = trials.filter((t) => t.fitness !== undefined && Number.isFinite(t.fitness)).sort((a, b) => (b.fitness as number) - (a.fitness as number))[0];
  const result = (record.summary as { result?: { best?: { id: string; metrics: Record<string, number> } } } | null)?.result;
  return {
    id: record.id,
    name: record.name,
    status: record.status,
    backend: record.backend,
    seed: record.seed,
    created_at: new Date(record.createdAt).toISOString(),
    trials: trials.length,
    metric_points: counts.metrics,
    events: counts.events,
    best: best ? { trial: best.id, fitness: best.fitness as number, config: { ...best.config }, metrics: result?.best?.id === best.id ? result.best.metrics : {} } : null,
  };
}

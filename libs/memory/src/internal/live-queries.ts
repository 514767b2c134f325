import type { TrialRecord, TrialStatus } from '@epigenome/core';
import type { Executor } from './database';
import { parseId, parseInput } from './parse-input';
import { integer } from './schema-parts';

/** A metric series of an experiment: its numeric id, trial and name. */
export interface SeriesRef {
  readonly id: number;
  readonly trialId: string;
  readonly name: string;
}

/** A trial with the time its row last changed (ms since epoch). */
export interface TrialState extends TrialRecord {
  readonly updatedAt: number;
}

/** The metric series of an experiment's trials, by id. */
export async function experimentSeries(db: Executor, experimentId: string): Promise<SeriesRef[]> {
  parseId('experimentId', experimentId);
  const rows = await db.query<{ id: number; trial_id: string; name: string }>(
    'select s.id, s.trial_id, s.name from metric_series s join trials t on t.id = s.trial_id where t.experiment_id = $1 order by s.id',
    [experimentId],
  );
  return rows.map((r) => ({ id: Number(r.id), trialId: r.trial_id, name: r.name }));
}

/** Points of series `seriesId` with a step above `afterStep`, by step, at most `limit` (1..100,000). */
export async function pointsAfter(db: Executor, seriesId: number, afterStep: number, limit: number): Promise<{ step: number; value: number }[]> {
  parseInput(integer(1, 2_147_483_647), seriesId, 'seriesId');
  parseInput(integer(-1), afterStep, 'afterStep');
  parseInput(integer(1, 100_000), limit, 'limit');
  const rows = await db.query<{ step: number; value: number }>('select step, value from metrics where series_id = $1 and step > $2 order by step limit $3', [
    seriesId,
    afterStep,
    limit,
  ]);
  return rows.map((r) => ({ step: Number(r.step), value: Number(r.value) }));
}

/** The trials of an experiment in creation order, with `updatedAt`. */
export async function trialStates(db: Executor, experimentId: string): Promise<TrialState[]> {
  parseId('experimentId', experimentId);
  const rows = await db.query<{
    id: string;
    experiment_id: string;
    status: string;
    config: TrialRecord['config'];
    seed: number | string;
    parent_id: string | null;
    generation: number;
    step: number;
    fitness: number | null;
    updated_at: number | string;
  }>('select id, experiment_id, status, config, seed, parent_id, generation, step, fitness, updated_at from trials where experiment_id = $1 order by created_at, id', [
    experimentId,
  ]);
  return rows.map((r) => ({
    id: r.id,
    experimentId: r.experiment_id,
    status: r.status as TrialStatus,
    config: r.config,
    seed: Number(r.seed),
    parentId: r.parent_id ?? undefined,
    generation: r.generation,
    step: r.step,
    fitness: r.fitness === null ? undefined : Number(r.fitness),
    updatedAt: Number(r.updated_at),
  }));
}

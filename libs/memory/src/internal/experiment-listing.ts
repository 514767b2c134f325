import type { ExperimentRecord, TrialRecord } from '@epigenome/core';
import { desc, asc, inArray, sql } from 'drizzle-orm';
import { experiments, trials } from '../schema';
import type { Database } from './database';
import { toExperiment, toTrial } from './records';

/** An experiment with what a listing shows of it (see `DashboardQueries.experimentListing`). */
export interface ExperimentListing {
  readonly experiment: ExperimentRecord;
  /** Number of trials. */
  readonly trials: number;
  /** Stored metric points of all its trials. */
  readonly metricPoints: number;
  /** Stored regulation events. */
  readonly events: number;
  /** The trial of highest finite fitness (the first created among equals); undefined when none has one. */
  readonly best: TrialRecord | undefined;
}

const count = (query: string) => sql<string | number>`(${sql.raw(query)})`.mapWith(Number);
// Correlated on the outer row; drizzle names it "experiments"."id" in a single-table select.
const OUTER = '"experiments"."id"';

/**
 * Every experiment, newest first, with its counts in one query (correlated subqueries over the
 * indexes on `experiment_id`), then the best trials in a second: two round trips, whatever the
 * number of experiments.
 */
export async function experimentListing(database: Database): Promise<ExperimentListing[]> {
  const rows = await database.db
    .select({
      row: experiments,
      trials: count(`select count(*) from trials t where t.experiment_id = ${OUTER}`),
      metricPoints: count(`select count(*) from metrics m join metric_series s on s.id = m.series_id join trials t on t.id = s.trial_id where t.experiment_id = ${OUTER}`),
      events: count(`select count(*) from regulation_events r where r.experiment_id = ${OUTER}`),
      bestId: sql<string | null>`(${sql.raw(
        `select t.id from trials t where t.experiment_id = ${OUTER} and t.fitness is not null and t.fitness not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) order by t.fitness desc, t.created_at asc, t.id asc limit 1`,
      )})`,
    })
    .from(experiments)
    .orderBy(desc(experiments.createdAt), asc(experiments.id));
  const bestIds = rows.flatMap((r) => (r.bestId === null ? [] : [r.bestId]));
  const bestRows = bestIds.length === 0 ? [] : await database.db.select().from(trials).where(inArray(trials.id, bestIds));
  const bestById = new Map(bestRows.map((t) => [t.id, toTrial(t)]));
  return rows.map((r) => ({
    experiment: toExperiment(r.row),
    trials: r.trials,
    metricPoints: r.metricPoints,
    events: r.events,
    best: r.bestId === null ? undefined : bestById.get(r.bestId),
  }));
}

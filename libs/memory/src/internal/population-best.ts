import { z } from 'zod';
import type { Executor } from './database';
import { parseInput } from './parse-input';
import { idString, integer, oneOf } from './schema-parts';

/** Options of `DashboardQueries.populationBest`. */
export interface PopulationBestOptions {
  readonly experimentId: string;
  /** The metric, e.g. `val_accuracy`. */
  readonly metric: string;
  /** Whether higher (`max`, the default) or lower values are better. */
  readonly mode?: 'max' | 'min';
  /** Points of the curve at most, 2..5000; default 500. */
  readonly buckets?: number;
}

/** The best-so-far curve of an experiment's population and the trial that reached the best value. */
export interface PopulationBest {
  /** Per bucket of steps, its last step and the best value of any trial at or before that step. */
  readonly curve: { readonly step: number; readonly value: number }[];
  /** The trial of the best value overall (first by id among equals); undefined when no trial has the metric. */
  readonly bestTrialId: string | undefined;
}

const optionsSchema = z.object({ experimentId: idString, metric: idString, mode: oneOf(['max', 'min']).default('max'), buckets: integer(2, 5000).default(500) }).strict();

const SERIES = 'select s.id, s.trial_id from metric_series s join trials t on t.id = s.trial_id where t.experiment_id = $1 and s.name = $2';

/**
 * The population's best-so-far curve of one metric from the 64-step rollups: blocks of all
 * trials grouped into at most `buckets` buckets, each bucket's best extreme at its last step, then
 * the running best. Exact at each point's step (a block's points all lie at or before its last step).
 */
export async function populationBest(db: Executor, input: PopulationBestOptions): Promise<PopulationBest> {
  const o = parseInput(optionsSchema, input, '');
  const extreme = o.mode === 'max' ? 'max(r.max_value)' : 'min(r.min_value)';
  const [range] = await db.query<{ lo: number | null; hi: number | null }>(
    `select min(r.block) as lo, max(r.block) as hi from metric_rollups r where r.series_id in (select id from (${SERIES}) s)`,
    [o.experimentId, o.metric],
  );
  if (!range || range.lo === null || range.hi === null) return { curve: [], bestTrialId: undefined };
  const per = Math.ceil((Number(range.hi) - Number(range.lo) + 1) / o.buckets);
  const rows = await db.query<{ step: number; value: number }>(
    `select max(r.last_step) as step, ${extreme} as value from metric_rollups r
     where r.series_id in (select id from (${SERIES}) s) group by (r.block - $3) / $4 order by 1`,
    [o.experimentId, o.metric, Number(range.lo), per],
  );
  const [best] = await db.query<{ trial_id: string }>(
    `select s.trial_id from metric_rollups r join (${SERIES}) s on s.id = r.series_id group by s.trial_id order by ${o.mode === 'max' ? `${extreme} desc` : `${extreme} asc`}, s.trial_id limit 1`,
    [o.experimentId, o.metric],
  );
  const better = o.mode === 'max' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  const curve: { step: number; value: number }[] = [];
  for (const r of rows) {
    const value = Number(r.value);
    const previous = curve.at(-1)?.value;
    curve.push({ step: Number(r.step), value: previous === undefined || better(value, previous) ? value : previous });
  }
  return { curve, bestTrialId: best?.trial_id };
}

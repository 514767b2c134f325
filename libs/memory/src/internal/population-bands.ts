import { z } from 'zod';
import { ROLLUP_WIDTH } from '../schema';
import type { Executor } from './database';
import { parseInput } from './parse-input';
import { idString, integer, oneOf } from './schema-parts';

/** Options of `DashboardQueries.populationBands`. */
export interface PopulationBandsOptions {
  readonly experimentId: string;
  /** The metric, e.g. `val_accuracy`. */
  readonly metric: string;
  /** Whether higher (`max`, the default) or lower values are better: each trial's value in a bucket is its best there. */
  readonly mode?: 'max' | 'min';
  /** Step buckets at most, 2..5000; default 300. */
  readonly buckets?: number;
  /** First step of the range (inclusive; whole 64-step blocks are read). */
  readonly fromStep?: number;
  /** Last step of the range (inclusive; whole 64-step blocks are read). */
  readonly toStep?: number;
}

/** One step bucket of the population: the distribution over trials of each trial's best value in the bucket. */
export interface PopulationBand {
  /** First and last step of the bucket's points (inclusive). */
  readonly fromStep: number;
  readonly toStep: number;
  /** Trials with at least one point in the bucket. */
  readonly trials: number;
  /** The worst, 10th, 25th, 50th, 75th, 90th percentile and best of the trials' values (percentiles interpolated). */
  readonly min: number;
  readonly p10: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly p90: number;
  readonly max: number;
}

/** The population of an experiment on one metric as quantile bands per step bucket. */
export interface PopulationBands {
  readonly metric: string;
  readonly mode: 'max' | 'min';
  /** Trials having the metric. */
  readonly trials: number;
  /** Steps per bucket (a multiple of the 64-step rollup block). */
  readonly width: number;
  readonly bands: PopulationBand[];
}

const optionsSchema = z
  .object({
    experimentId: idString,
    metric: idString,
    mode: oneOf(['max', 'min']).default('max'),
    buckets: integer(2, 5000).default(300),
    fromStep: integer().optional(),
    toStep: integer().optional(),
  })
  .strict();

const SERIES = 'select s.id from metric_series s join trials t on t.id = s.trial_id where t.experiment_id = $1 and s.name = $2';

/**
 * The population's distribution on one metric per step bucket, computed in SQL from the 64-step
 * rollups (never the raw points): for each trial and bucket the trial's best value there (its
 * maximum for `max`, minimum for `min`), then over the trials the minimum, 10/25/50/75/90th
 * percentiles and maximum. So 10,000 trials become `buckets` rows, not 10,000 lines.
 */
export async function populationBands(db: Executor, input: PopulationBandsOptions): Promise<PopulationBands> {
  const o = parseInput(optionsSchema, input, '');
  const fromBlock = o.fromStep === undefined ? 0 : Math.floor(o.fromStep / ROLLUP_WIDTH);
  const toBlock = o.toStep === undefined ? 2 ** 31 - 1 : Math.floor(o.toStep / ROLLUP_WIDTH);
  const [range] = await db.query<{ lo: number | null; hi: number | null; n: number | string }>(
    `select min(r.block) as lo, max(r.block) as hi, count(distinct r.series_id) as n from metric_rollups r
     where r.series_id in (${SERIES}) and r.block between $3 and $4`,
    [o.experimentId, o.metric, fromBlock, toBlock],
  );
  if (!range || range.lo === null || range.hi === null) return { metric: o.metric, mode: o.mode, trials: 0, width: 0, bands: [] };
  const lo = Number(range.lo);
  const hi = Number(range.hi);
  const per = Math.ceil((hi - lo + 1) / o.buckets);
  const value = o.mode === 'max' ? 'max(r.max_value)' : 'min(r.min_value)';
  const rows = await db.query<{ first: number; last: number; n: number | string; q: number[]; lo: number; hi: number }>(
    `select min(first) as first, max(last) as last, count(*) as n, min(v) as lo, max(v) as hi,
       percentile_cont(array[0.1, 0.25, 0.5, 0.75, 0.9]::float8[]) within group (order by v) as q
     from (select (r.block - $3) / $5 as b, min(r.first_step) as first, max(r.last_step) as last, ${value} as v
           from metric_rollups r where r.series_id in (${SERIES}) and r.block between $3 and $4
           group by r.series_id, 1) per
     group by b order by b`,
    [o.experimentId, o.metric, lo, hi, per],
  );
  const bands = rows.map((r) => {
    const q = r.q.map(Number);
    return {
      fromStep: Number(r.first),
      toStep: Number(r.last),
      trials: Number(r.n),
      min: Number(r.lo),
      p10: q[0]!,
      p25: q[1]!,
      median: q[2]!,
      p75: q[3]!,
      p90: q[4]!,
      max: Number(r.hi),
    };
  });
  return { metric: o.metric, mode: o.mode, trials: Number(range.n), width: per * ROLLUP_WIDTH, bands };
}

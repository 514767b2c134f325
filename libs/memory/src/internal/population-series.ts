import { z } from 'zod';
import { ROLLUP_WIDTH } from '../schema';
import type { Executor } from './database';
import { parseInput } from './parse-input';
import { seriesColumns, type BucketedSeries } from './series-buckets';
import { idString, integer } from './schema-parts';

/** Options of `DashboardQueries.populationSeries`. */
export interface PopulationSeriesOptions {
  readonly experimentId: string;
  /** The metric, e.g. `val_accuracy`. */
  readonly name: string;
  /** Only these trials (1..10,000 ids); default every trial of the experiment having the metric. */
  readonly trialIds?: readonly string[];
  /** Buckets per trial at most, 2..5000; default 1000. */
  readonly buckets?: number;
  /** First step of the range (inclusive). */
  readonly fromStep?: number;
  /** Last step of the range (inclusive). */
  readonly toStep?: number;
}

/** Every trial's series of one metric, bucketed on common step buckets. */
export interface PopulationSeries {
  readonly name: string;
  /** Steps per bucket (0 when no trial has a point in the range). */
  readonly width: number;
  /** One entry per trial with at least one point in the range, by trial id; each in columns, as `seriesBuckets` answers. */
  readonly series: BucketedSeries[];
}

const optionsSchema = z
  .object({
    experimentId: idString,
    name: idString,
    trialIds: z
      .array(idString, { error: 'an array of 1..10000 trial ids' })
      .min(1, { error: 'an array of 1..10000 trial ids' })
      .max(10_000, { error: 'an array of 1..10000 trial ids' })
      .optional(),
    buckets: integer(2, 5000).default(1000),
    fromStep: integer().optional(),
    toStep: integer().optional(),
  })
  .strict();

const W = ROLLUP_WIDTH;

// One statement, one round trip. $1 experiment, $2 metric, $3 trial ids (null: all), $4..$5 blocks,
// $6..$7 steps, $8 buckets, $9 whether a range was asked. The range [lo, hi] and the bucket width
// are common to all trials (aligned buckets); per trial, exactly one of three branches yields rows:
// kind 0 its raw points (no more than $8 in the range), kind 1 raw-point buckets (narrower than a
// block), kind 2 rollup buckets (whole blocks; the last point is the last block's, stored with it).
// Branches whose condition is false for the one-row `par` are never scanned. Each branch carries
// its trial id (from `cnt`) so that `u` is never joined again: with planner statistics (PostgreSQL
// after autoanalyze, PGlite after ANALYZE) the join `u ⋈ sel` became a nested loop running all of
// `u`, a sequential scan of `metrics` included, once per trial — a 10 % zoom of 64 × 100k took 28 s
// instead of 55 ms. Without any rollup in range, `rng` has no row, so neither has anything after it.
const SQL = `with sel as (
  select s.id, s.trial_id from metric_series s join trials t on t.id = s.trial_id
  where t.experiment_id = $1 and s.name = $2 and ($3::text[] is null or s.trial_id = any($3::text[]))
), blk as (
  select r.series_id, sum(r.n)::bigint as n, min(r.first_step) as lo, max(r.last_step) as hi from metric_rollups r join sel on sel.id = r.series_id
  where r.block between $4::int and $5::int group by r.series_id
), rng as (
  select greatest($6::int, min(lo)) as lo, least($7::int, max(hi)) as hi from blk having count(*) > 0
), par as (
  select lo, hi, greatest(1, ceil((hi - lo + 1)::float8 / $8::int))::int as width,
         lo / ${W} as lo_block, hi / ${W} as hi_block,
         greatest(1, ceil((hi / ${W} - lo / ${W} + 1)::float8 / $8::int))::int as per
  from rng where lo <= hi
), cnt as (
  select b.series_id, sel.trial_id,
    case when $9::boolean and b.n > $8::int and b.n <= 4 * $8::int + ${2 * W}
      then (select count(*) from metrics m where m.series_id = b.series_id and m.step between par.lo and par.hi)
      else b.n end as n
  from blk b join sel on sel.id = b.series_id, par
), u as (
  select c.trial_id, c.n as total, 0 as kind, 1::bigint as n, m.step as first, array[m.value, m.step::float8] as lo, array[m.value, m.step::float8] as hi,
         array[m.step::float8, m.value] as last
  from cnt c cross join par join metrics m on m.series_id = c.series_id and m.step between par.lo and par.hi
  where c.n <= $8::int
  union all
  select c.trial_id, min(c.n), 1, count(*), min(m.step), min(array[m.value, m.step::float8]), max(array[m.value, m.step::float8]), max(array[m.step::float8, m.value])
  from cnt c join par on par.width < ${W} join metrics m on m.series_id = c.series_id and m.step between par.lo and par.hi
  where c.n > $8::int
  group by c.trial_id, (m.step - par.lo) / par.width
  union all
  select c.trial_id, c.n, 2, r.n::bigint, r.first_step, array[r.min_value, r.min_step::float8], array[r.max_value, r.max_step::float8], array[r.last_step::float8, r.last_value]
  from cnt c join par on par.width >= ${W} and par.per = 1 join metric_rollups r on r.series_id = c.series_id and r.block between par.lo_block and par.hi_block
  where c.n > $8::int
  union all
  select c.trial_id, min(c.n), 2, sum(r.n)::bigint, min(r.first_step), min(array[r.min_value, r.min_step::float8]), max(array[r.max_value, r.max_step::float8]),
         max(array[r.last_step::float8, r.last_value])
  from cnt c join par on par.width >= ${W} and par.per > 1 join metric_rollups r on r.series_id = c.series_id and r.block between par.lo_block and par.hi_block
  where c.n > $8::int
  group by c.trial_id, (r.block - par.lo_block) / par.per
)
select u.trial_id, min(u.total) as total, array_agg(u.kind order by u.first) as kind, array_agg(u.n order by u.first) as n, array_agg(u.first order by u.first) as first,
       array_agg(u.lo[1] order by u.first) as min_value, array_agg(u.lo[2] order by u.first) as min_step,
       array_agg(u.hi[1] order by u.first) as max_value, array_agg(u.hi[2] order by u.first) as max_step,
       array_agg(u.last[1] order by u.first) as last_step, array_agg(u.last[2] order by u.first) as last_value,
       (select case when width >= ${W} then per * ${W} else width end from par) as width
from u
group by u.trial_id
order by u.trial_id`;

// One row per trial, its buckets (or points) as parallel arrays in step order: PGlite turns 64 rows
// of arrays into objects far faster than 10,000 rows (a 10 % zoom of 64 × 100k: ~0.3 s, not ~0.6–1 s).
type Num = number | string;
type Row = {
  trial_id: string;
  total: Num;
  kind: Num[];
  n: Num[];
  first: Num[];
  min_value: Num[];
  min_step: Num[];
  max_value: Num[];
  max_step: Num[];
  last_step: Num[];
  last_value: Num[];
  width: Num | null;
};

/**
 * Every trial's series of one metric (or of the given trials) over `[fromStep, toStep]` in one SQL
 * statement, each as `seriesBuckets` would answer it but on buckets common to all trials: the
 * range is the union of the trials' ranges, cut into at most `buckets` buckets of equal width. A
 * trial with no more points in the range than `buckets` comes as raw points; else buckets with
 * min, max and last point, from the 64-step rollups as soon as a bucket spans a block (then whole
 * blocks: a zoom reads one rollup row per block and trial, not every point), else from the raw
 * points. (`seriesBuckets` reads rollups only from 4 blocks a bucket: between 1 and 4 the two
 * differ in their edges, not in exactness.) What a population chart of one line per trial needs,
 * without one request per trial.
 */
export async function populationSeries(db: Executor, input: PopulationSeriesOptions): Promise<PopulationSeries> {
  const o = parseInput(optionsSchema, input, '');
  const ranged = o.fromStep !== undefined || o.toStep !== undefined;
  const rows = await db.query<Row>(SQL, [
    o.experimentId,
    o.name,
    o.trialIds ?? null,
    o.fromStep === undefined ? 0 : Math.floor(o.fromStep / W),
    o.toStep === undefined ? 2 ** 31 - 1 : Math.floor(o.toStep / W),
    o.fromStep ?? 0,
    o.toStep ?? 2 ** 31 - 1,
    o.buckets,
    ranged,
  ]);
  const series: BucketedSeries[] = rows.map((r) => {
    // One branch per trial: kind 0 (raw points) for all its rows or for none.
    const raw = Number(r.kind[0]) === 0;
    const s = seriesColumns(r.trial_id, o.name, raw ? r.kind.length : Number(r.total), raw ? 'raw' : 'buckets');
    const count = r.kind.length;
    for (let i = 0; i < count; i++) {
      s.step.push(Number(r.last_step[i]));
      s.value.push(Number(r.last_value[i]));
    }
    if (raw) return s;
    for (let i = 0; i < count; i++) {
      s.fromStep.push(Number(r.first[i]));
      s.n.push(Number(r.n[i]));
      s.minStep.push(Number(r.min_step[i]));
      s.minValue.push(Number(r.min_value[i]));
      s.maxStep.push(Number(r.max_step[i]));
      s.maxValue.push(Number(r.max_value[i]));
    }
    return s;
  });
  return { name: o.name, width: rows.length === 0 ? 0 : Number(rows[0]!.width), series };
}

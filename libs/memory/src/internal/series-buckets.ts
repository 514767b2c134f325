import { z } from 'zod';
import { ROLLUP_WIDTH } from '../schema';
import type { Executor } from './database';
import { parseId, parseInput } from './parse-input';
import { integer } from './schema-parts';

/**
 * A series as raw points (when they fit the bucket budget) or as buckets, in columns: parallel
 * arrays of plain numbers, not an object per point or bucket (about half the JSON, and far less
 * to parse, structured-clone and serialise). Numbers are exact, as stored. `seriesRows` rebuilds
 * the rows (`{ step, value }` points, `{ fromStep, toStep, n, min, max, last }` buckets).
 */
export interface BucketedSeries {
  readonly trialId: string;
  readonly name: string;
  /** Points stored in the requested range (whole 64-step blocks when the range is wide). */
  readonly total: number;
  /** `raw`: `step`/`value` hold every point of the range; `buckets`: one entry per bucket (at most the asked number) in every column. */
  readonly method: 'raw' | 'buckets';
  /** `raw`: every point's step, ascending; `buckets`: each bucket's last point's step (its highest, the bucket's last step). */
  readonly step: number[];
  /** The value at `step[i]`. */
  readonly value: number[];
  /** Buckets only (empty when `raw`), parallel to `step`: the bucket's first step (inclusive). */
  readonly fromStep: number[];
  /** Buckets only: the bucket's point count. */
  readonly n: number[];
  /** Buckets only: the step and value of the bucket's minimum point. */
  readonly minStep: number[];
  readonly minValue: number[];
  /** Buckets only: the step and value of the bucket's maximum point. */
  readonly maxStep: number[];
  readonly maxValue: number[];
}

/** Options of `DashboardQueries.seriesBuckets`. */
export interface SeriesBucketsOptions {
  /** Buckets at most, 2..5000; default 1000. */
  readonly buckets?: number;
  /** First step of the range (inclusive). */
  readonly fromStep?: number;
  /** Last step of the range (inclusive). */
  readonly toStep?: number;
}

const optionsSchema = z.object({ buckets: integer(2, 5000).default(1000), fromStep: integer().optional(), toStep: integer().optional() }).strict();

const STATS = 'select sum(n) as n, min(first_step) as lo, max(last_step) as hi from metric_rollups where series_id = $1 and block between $2 and $3';

// Each bucket of $4 steps over steps $2..$3: count, extremes (value, step) and the last point.
const RAW = `select count(*) as n, min(step) as first, min(array[value, step::float8]) as lo, max(array[value, step::float8]) as hi, max(array[step::float8, value]) as last
from metrics where series_id = $1 and step between $2 and $3 group by (step - $2) / $4 order by 2`;

// Each bucket of $4 blocks over blocks $2..$3 from the rollups; its last point is its last block's.
const ROLLUP = `select sum(n) as n, min(first_step) as first, min(array[min_value, min_step::float8]) as lo, max(array[max_value, max_step::float8]) as hi,
  max(array[last_step::float8, last_value]) as last
from metric_rollups where series_id = $1 and block between $2 and $3 group by (block - $2) / $4 order by 2`;

type Agg = { n: number | string; first: number | string; lo: number[]; hi: number[]; last: number[] };

/** A series with empty columns, to push into. */
export const seriesColumns = (trialId: string, name: string, total: number, method: BucketedSeries['method']): BucketedSeries => ({
  trialId,
  name,
  total,
  method,
  step: [],
  value: [],
  fromStep: [],
  n: [],
  minStep: [],
  minValue: [],
  maxStep: [],
  maxValue: [],
});

/**
 * One trial's metric series over `[fromStep, toStep]` as at most `buckets` buckets, each with its
 * minimum, maximum and last point, computed in SQL: buckets at least 4 blocks wide read the
 * 64-step rollups (their range is then whole blocks), narrower ones the raw points. When the
 * range holds no more points than `buckets`, the raw points come instead (a zoom's detail).
 */
export async function seriesBuckets(db: Executor, trialId: string, name: string, input: SeriesBucketsOptions = {}): Promise<BucketedSeries> {
  parseId('trialId', trialId);
  parseId('name', name);
  const o = parseInput(optionsSchema, input, '');
  const [found] = await db.query<{ id: number }>('select id from metric_series where trial_id = $1 and name = $2', [trialId, name]);
  if (!found) return seriesColumns(trialId, name, 0, 'raw');
  const id = Number(found.id);
  const fromBlock = o.fromStep === undefined ? 0 : Math.floor(o.fromStep / ROLLUP_WIDTH);
  const toBlock = o.toStep === undefined ? 2 ** 31 - 1 : Math.floor(o.toStep / ROLLUP_WIDTH);
  const [stats] = await db.query<{ n: number | string | null; lo: number | null; hi: number | null }>(STATS, [id, fromBlock, toBlock]);
  if (!stats || stats.n === null || stats.lo === null || stats.hi === null) return seriesColumns(trialId, name, 0, 'raw');
  const lo = Math.max(o.fromStep ?? 0, Number(stats.lo));
  const hi = Math.min(o.toStep ?? 2 ** 31 - 1, Number(stats.hi));
  if (lo > hi) return seriesColumns(trialId, name, 0, 'raw');
  let total = Number(stats.n);
  // Whole blocks may overcount a narrow range: count exactly when that could decide for raw points.
  if (total > o.buckets && (o.fromStep !== undefined || o.toStep !== undefined) && total <= 4 * o.buckets + 2 * ROLLUP_WIDTH) {
    const [exact] = await db.query<{ n: number | string }>('select count(*) as n from metrics where series_id = $1 and step between $2 and $3', [id, lo, hi]);
    total = Number(exact?.n ?? 0);
  }
  if (total <= o.buckets) {
    const rows = await db.query<{ step: number; value: number }>('select step, value from metrics where series_id = $1 and step between $2 and $3 order by step', [id, lo, hi]);
    const raw = seriesColumns(trialId, name, rows.length, 'raw');
    for (const r of rows) {
      raw.step.push(Number(r.step));
      raw.value.push(Number(r.value));
    }
    return raw;
  }
  const width = Math.ceil((hi - lo + 1) / o.buckets);
  let rows: Agg[];
  if (width >= 4 * ROLLUP_WIDTH) {
    const loBlock = Math.floor(lo / ROLLUP_WIDTH);
    const hiBlock = Math.floor(hi / ROLLUP_WIDTH);
    rows = await db.query<Agg>(ROLLUP, [id, loBlock, hiBlock, Math.ceil((hiBlock - loBlock + 1) / o.buckets)]);
  } else {
    rows = await db.query<Agg>(RAW, [id, lo, hi, width]);
  }
  const out = seriesColumns(trialId, name, total, 'buckets');
  // lo and hi are [value, step] (ordered by value), last is [step, value] (ordered by step).
  for (const r of rows) {
    out.step.push(Number(r.last[0]));
    out.value.push(Number(r.last[1]));
    out.fromStep.push(Number(r.first));
    out.n.push(Number(r.n));
    out.minStep.push(Number(r.lo[1]));
    out.minValue.push(Number(r.lo[0]));
    out.maxStep.push(Number(r.hi[1]));
    out.maxValue.push(Number(r.hi[0]));
  }
  return out;
}

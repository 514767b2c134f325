import { z } from 'zod';
import { ROLLUP_WIDTH } from '../schema';
import type { Executor } from './database';
import { parseId, parseInput } from './parse-input';
import { integer } from './schema-parts';

/** A point of a series. */
export interface SeriesPoint {
  readonly step: number;
  readonly value: number;
}

/** One bucket of a downsampled series: its step range, point count, extremes and last point. */
export interface SeriesBucket {
  /** First and last step of the bucket's points (inclusive). */
  readonly fromStep: number;
  readonly toStep: number;
  /** Points in the bucket. */
  readonly n: number;
  readonly min: SeriesPoint;
  readonly max: SeriesPoint;
  /** The point of the highest step. */
  readonly last: SeriesPoint;
}

/** A series as raw points (when they fit the bucket budget) or as buckets. */
export interface BucketedSeries {
  readonly trialId: string;
  readonly name: string;
  /** Points stored in the requested range (whole 64-step blocks when the range is wide). */
  readonly total: number;
  /** `raw`: `points` holds every point of the range; `buckets`: `buckets` holds at most the asked number. */
  readonly method: 'raw' | 'buckets';
  readonly points: SeriesPoint[];
  readonly buckets: SeriesBucket[];
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
const point = (pair: readonly number[], stepFirst: boolean): SeriesPoint =>
  stepFirst ? { step: Number(pair[0]), value: Number(pair[1]) } : { step: Number(pair[1]), value: Number(pair[0]) };

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
  const empty: BucketedSeries = { trialId, name, total: 0, method: 'raw', points: [], buckets: [] };
  const [found] = await db.query<{ id: number }>('select id from metric_series where trial_id = $1 and name = $2', [trialId, name]);
  if (!found) return empty;
  const id = Number(found.id);
  const fromBlock = o.fromStep === undefined ? 0 : Math.floor(o.fromStep / ROLLUP_WIDTH);
  const toBlock = o.toStep === undefined ? 2 ** 31 - 1 : Math.floor(o.toStep / ROLLUP_WIDTH);
  const [stats] = await db.query<{ n: number | string | null; lo: number | null; hi: number | null }>(STATS, [id, fromBlock, toBlock]);
  if (!stats || stats.n === null || stats.lo === null || stats.hi === null) return empty;
  const lo = Math.max(o.fromStep ?? 0, Number(stats.lo));
  const hi = Math.min(o.toStep ?? 2 ** 31 - 1, Number(stats.hi));
  if (lo > hi) return empty;
  let total = Number(stats.n);
  // Whole blocks may overcount a narrow range: count exactly when that could decide for raw points.
  if (total > o.buckets && (o.fromStep !== undefined || o.toStep !== undefined) && total <= 4 * o.buckets + 2 * ROLLUP_WIDTH) {
    const [exact] = await db.query<{ n: number | string }>('select count(*) as n from metrics where series_id = $1 and step between $2 and $3', [id, lo, hi]);
    total = Number(exact?.n ?? 0);
  }
  if (total <= o.buckets) {
    const rows = await db.query<SeriesPoint>('select step, value from metrics where series_id = $1 and step between $2 and $3 order by step', [id, lo, hi]);
    return { trialId, name, total: rows.length, method: 'raw', points: rows.map((r) => ({ step: Number(r.step), value: Number(r.value) })), buckets: [] };
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
  const buckets = rows.map((r) => {
    const last = point(r.last, true);
    return { fromStep: Number(r.first), toStep: last.step, n: Number(r.n), min: point(r.lo, false), max: point(r.hi, false), last };
  });
  return { trialId, name, total, method: 'buckets', points: [], buckets };
}

import type { BucketedSeries } from './internal/series-buckets';

/** A point of a series. */
export interface SeriesPoint {
  readonly step: number;
  readonly value: number;
}

/** One bucket of a downsampled series as a row: its step range, point count, extremes and last point. */
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

/**
 * A series answer (`seriesBuckets`, `populationSeries`, `series.get`) rebuilt as rows, for code
 * that wants an object per point or bucket: `raw` gives `points` (and no buckets), `buckets` gives
 * `buckets` (and no points), each bucket's `toStep` and `last` from `step[i]`/`value[i]`. The
 * numbers are the answer's own.
 */
export function seriesRows(series: Omit<BucketedSeries, 'trialId' | 'name' | 'total'>): { points: SeriesPoint[]; buckets: SeriesBucket[] } {
  const { step, value } = series;
  if (series.method === 'raw') return { points: step.map((s, i) => ({ step: s, value: value[i]! })), buckets: [] };
  const buckets = step.map((s, i) => ({
    fromStep: series.fromStep[i]!,
    toStep: s,
    n: series.n[i]!,
    min: { step: series.minStep[i]!, value: series.minValue[i]! },
    max: { step: series.maxStep[i]!, value: series.maxValue[i]! },
    last: { step: s, value: value[i]! },
  }));
  return { points: [], buckets };
}

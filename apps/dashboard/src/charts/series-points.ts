import type { BucketedSeries } from '../lib/api-types';
import type { XY } from './chart-option';

/**
 * A bucketed series as line points: each bucket gives its minimum, maximum and last point in
 * step order (so spikes survive downsampling and the line ends on the true last value).
 */
export function seriesPoints(series: Pick<BucketedSeries, 'method' | 'points' | 'buckets'>): XY[] {
  if (series.method === 'raw') return series.points.map((p) => [p.step, p.value] as const);
  const out: XY[] = [];
  for (const b of series.buckets) {
    const seen = new Set<number>();
    for (const p of [b.min, b.max, b.last].sort((x, y) => x.step - y.step)) {
      if (seen.has(p.step)) continue;
      seen.add(p.step);
      out.push([p.step, p.value]);
    }
  }
  return out;
}

/** The overview's points outside `[from, to]` with the zoom's detail inside, in step order. */
export function mergeDetail(overview: readonly XY[], detail: readonly XY[], range: { from: number; to: number }): XY[] {
  const before = overview.filter(([x]) => x < range.from);
  const inside = detail.filter(([x]) => x >= range.from && x <= range.to);
  const after = overview.filter(([x]) => x > range.to);
  return [...before, ...inside, ...after];
}

/** The value of a line at `x`: the last point at or before it (undefined before the first). */
export function valueAt(points: readonly XY[], x: number): number | undefined {
  let found: number | undefined;
  for (const [px, py] of points) {
    if (px > x) break;
    found = py;
  }
  return found;
}

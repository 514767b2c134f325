import type { BucketedSeries } from '../lib/api-types';
import type { XY } from './chart-option';

/**
 * A bucketed series as line points: each bucket gives its minimum, maximum and last point in
 * step order (so spikes survive downsampling and the line ends on the true last value), a step
 * once (the first of min, max, last holding it: the sort is stable). Reads the answer's columns.
 */
export function seriesPoints(series: Pick<BucketedSeries, 'method' | 'step' | 'value' | 'minStep' | 'minValue' | 'maxStep' | 'maxValue'>): XY[] {
  const { step, value, minStep, minValue, maxStep, maxValue } = series;
  if (series.method === 'raw') return step.map((s, i) => [s, value[i]!] as const);
  const out: XY[] = [];
  for (let i = 0; i < step.length; i++) {
    const three: XY[] = [
      [minStep[i]!, minValue[i]!],
      [maxStep[i]!, maxValue[i]!],
      [step[i]!, value[i]!],
    ];
    three.sort((a, b) => a[0] - b[0]);
    for (let k = 0; k < 3; k++) if (k === 0 || three[k]![0] !== three[k - 1]![0]) out.push(three[k]!);
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

/** The value of a line at `x`: the last point at or before it (undefined before the first). Points in step order; a binary search (a chart marks hundreds of exploits on lines of thousands of points). */
export function valueAt(points: readonly XY[], x: number): number | undefined {
  let lo = 0;
  let hi = points.length;
  // The first index whose step is past x.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]![0] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo === 0 ? undefined : points[lo - 1]![1];
}

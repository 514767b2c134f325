import { describe, expect, it } from 'vitest';
import type { BucketedSeries } from './index';
import { seriesRows, type SeriesBucket, type SeriesPoint } from './series-rows';

const none = { fromStep: [], n: [], minStep: [], minValue: [], maxStep: [], maxValue: [] };

/** Rows back to columns, the inverse of `seriesRows`: what a round trip must give back unchanged. */
function columns(method: BucketedSeries['method'], rows: { points: SeriesPoint[]; buckets: SeriesBucket[] }) {
  if (method === 'raw') return { method, step: rows.points.map((p) => p.step), value: rows.points.map((p) => p.value), ...none };
  const b = rows.buckets;
  return {
    method,
    step: b.map((x) => x.last.step),
    value: b.map((x) => x.last.value),
    fromStep: b.map((x) => x.fromStep),
    n: b.map((x) => x.n),
    minStep: b.map((x) => x.min.step),
    minValue: b.map((x) => x.min.value),
    maxStep: b.map((x) => x.max.step),
    maxValue: b.map((x) => x.max.value),
  };
}

describe('seriesRows', () => {
  it('rebuilds raw points exactly, with no buckets', () => {
    const raw = { method: 'raw' as const, step: [0, 7, 2 ** 31 - 1], value: [0.1 + 0.2, -0, 1e-300], ...none };
    const rows = seriesRows(raw);
    expect(rows).toEqual({
      points: [
        { step: 0, value: 0.30000000000000004 },
        { step: 7, value: -0 },
        { step: 2 ** 31 - 1, value: 1e-300 },
      ],
      buckets: [],
    });
    expect(Object.is(rows.points[1]!.value, -0)).toBe(true);
    expect(columns('raw', rows)).toEqual(raw);
  });

  it('rebuilds buckets exactly: toStep and last from step and value, min and max from their columns', () => {
    const buckets = {
      method: 'buckets' as const,
      step: [63, 127],
      value: [1 / 3, Number.MAX_VALUE],
      fromStep: [0, 64],
      n: [64, 40],
      minStep: [5, 64],
      minValue: [-2.5e-12, 0.1 + 0.7],
      maxStep: [2, 127],
      maxValue: [9.999999999999998, Number.MAX_VALUE],
    };
    const rows = seriesRows(buckets);
    expect(rows).toEqual({
      points: [],
      buckets: [
        { fromStep: 0, toStep: 63, n: 64, min: { step: 5, value: -2.5e-12 }, max: { step: 2, value: 9.999999999999998 }, last: { step: 63, value: 1 / 3 } },
        {
          fromStep: 64,
          toStep: 127,
          n: 40,
          min: { step: 64, value: 0.7999999999999999 },
          max: { step: 127, value: Number.MAX_VALUE },
          last: { step: 127, value: Number.MAX_VALUE },
        },
      ],
    });
    expect(columns('buckets', rows)).toEqual(buckets);
  });

  it('gives an empty series no rows', () => {
    expect(seriesRows({ method: 'raw', step: [], value: [], ...none })).toEqual({ points: [], buckets: [] });
    expect(seriesRows({ method: 'buckets', step: [], value: [], ...none })).toEqual({ points: [], buckets: [] });
  });
});

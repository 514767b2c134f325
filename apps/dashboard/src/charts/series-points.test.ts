import { describe, expect, it } from 'vitest';
import type { XY } from './chart-option';
import { mergeDetail, seriesPoints, valueAt } from './series-points';

const noBuckets = { fromStep: [], n: [], minStep: [], minValue: [], maxStep: [], maxValue: [] };

/** Bucket rows ([step, value] of min, max, last) as the answer's columns. */
function bucketColumns(rows: readonly (readonly [readonly [number, number], readonly [number, number], readonly [number, number]])[]) {
  return {
    method: 'buckets' as const,
    step: rows.map((r) => r[2][0]),
    value: rows.map((r) => r[2][1]),
    fromStep: rows.map((r) => Math.min(r[0][0], r[1][0], r[2][0])),
    n: rows.map(() => 10),
    minStep: rows.map((r) => r[0][0]),
    minValue: rows.map((r) => r[0][1]),
    maxStep: rows.map((r) => r[1][0]),
    maxValue: rows.map((r) => r[1][1]),
  };
}

describe('seriesPoints', () => {
  it('keeps raw points as they are', () => {
    expect(seriesPoints({ method: 'raw', step: [1, 3], value: [2, 4], ...noBuckets })).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('gives each bucket its min, max and last in step order, once per step', () => {
    const points = seriesPoints(
      bucketColumns([
        [
          [5, -1],
          [2, 9],
          [9, 3],
        ],
        [
          [12, 0],
          [19, 4],
          [19, 4],
        ],
      ]),
    );
    expect(points).toEqual([
      [2, 9],
      [5, -1],
      [9, 3],
      [12, 0],
      [19, 4],
    ]);
  });

  it('draws what the row answer drew: per bucket min, max, last sorted by step (stable), the first of a step kept', () => {
    // The row-shaped implementation this replaced, as the reference.
    const fromRows = (rows: ReturnType<typeof randomRows>) =>
      rows.flatMap(([min, max, last]) => {
        const seen = new Set<number>();
        return [min, max, last]
          .sort((x, y) => x[0] - y[0])
          .filter(([step]) => !seen.has(step) && seen.add(step))
          .map(([step, value]) => [step, value] as const);
      });
    let seed = 7;
    const next = (k: number) => ((seed = (seed * 16807) % 2147483647), seed % k);
    const randomRows = () =>
      Array.from({ length: 200 }, (_, b) => {
        const at = () => [10 * b + next(4), next(100) / 7] as const;
        return [at(), at(), at()] as const;
      });
    for (let round = 0; round < 20; round++) {
      const rows = randomRows();
      expect(seriesPoints(bucketColumns(rows))).toEqual(fromRows(rows));
    }
  });
});

describe('mergeDetail', () => {
  it('replaces the overview inside the zoomed range by the detail', () => {
    const overview = [
      [0, 0],
      [10, 1],
      [20, 2],
      [30, 3],
    ] as const;
    const detail = [
      [9, 9],
      [10, 1],
      [11, 1.1],
      [19, 1.9],
      [21, 5],
    ] as const;
    expect(mergeDetail(overview, detail, { from: 10, to: 20 })).toEqual([
      [0, 0],
      [10, 1],
      [11, 1.1],
      [19, 1.9],
      [30, 3],
    ]);
  });
});

describe('valueAt', () => {
  it('reads the last point at or before x', () => {
    expect(
      valueAt(
        [
          [0, 1],
          [10, 2],
        ],
        5,
      ),
    ).toBe(1);
    expect(
      valueAt(
        [
          [0, 1],
          [10, 2],
        ],
        10,
      ),
    ).toBe(2);
    expect(valueAt([[3, 1]], 2)).toBeUndefined();
  });

  it('answers as a scan from the start would, repeated steps included', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let run = 0; run < 200; run++) {
      const points: XY[] = [];
      let step = Math.floor(random() * 5);
      for (let i = Math.floor(random() * 12); i > 0; i--) {
        points.push([step, random()]);
        step += Math.floor(random() * 3);
      }
      for (let x = -1; x <= step + 1; x++) {
        let scanned: number | undefined;
        for (const [px, py] of points) if (px <= x) scanned = py;
        expect(valueAt(points, x)).toBe(scanned);
      }
    }
  });
});

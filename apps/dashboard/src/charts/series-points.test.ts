import { describe, expect, it } from 'vitest';
import { mergeDetail, seriesPoints, valueAt } from './series-points';

describe('seriesPoints', () => {
  it('keeps raw points as they are', () => {
    expect(
      seriesPoints({
        method: 'raw',
        points: [
          { step: 1, value: 2 },
          { step: 3, value: 4 },
        ],
        buckets: [],
      }),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('gives each bucket its min, max and last in step order, once per step', () => {
    const bucket = (min: [number, number], max: [number, number], last: [number, number]) => ({
      fromStep: 0,
      toStep: 9,
      n: 10,
      min: { step: min[0], value: min[1] },
      max: { step: max[0], value: max[1] },
      last: { step: last[0], value: last[1] },
    });
    const points = seriesPoints({ method: 'buckets', points: [], buckets: [bucket([5, -1], [2, 9], [9, 3]), bucket([12, 0], [19, 4], [19, 4])] });
    expect(points).toEqual([
      [2, 9],
      [5, -1],
      [9, 3],
      [12, 0],
      [19, 4],
    ]);
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
});

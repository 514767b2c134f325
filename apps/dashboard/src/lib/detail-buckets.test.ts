import { describe, expect, it } from 'vitest';
import { detailBuckets } from './detail-buckets';

describe('detailBuckets', () => {
  it('asks one bucket per 64-step block while that gives at least 150, else the floor or the cap', () => {
    expect(detailBuckets({ from: 10_000, to: 20_000 }, 400)).toBe(157);
    expect(detailBuckets({ from: 51_000, to: 60_999 }, 400)).toBe(158);
    expect(detailBuckets({ from: 0, to: 99_999 }, 400)).toBe(400);
    expect(detailBuckets({ from: 500, to: 1_500 }, 400)).toBe(150);
    expect(detailBuckets({ from: 0, to: 9_599 }, 100)).toBe(100);
  });
});

import { describe, expect, it } from 'vitest';
import { lengthscaleFloor } from './lengthscale-floor';

describe('lengthscaleFloor', () => {
  it('is half the n^(−1/d) spacing of n points in the unit cube, capped at 0.2', () => {
    expect(lengthscaleFloor(8, 4)).toBe(0.2); // few points: the cap
    expect(lengthscaleFloor(100, 1)).toBeCloseTo(0.005, 12);
    expect(lengthscaleFloor(100, 2)).toBeCloseTo(0.05, 12);
    expect(lengthscaleFloor(30, 3)).toBeCloseTo(0.5 * 30 ** (-1 / 3), 12);
  });

  it('shrinks as observations accumulate, so long runs can resolve narrow features', () => {
    for (const d of [1, 2, 3, 6]) {
      let prev = Number.POSITIVE_INFINITY;
      for (const n of [1, 5, 20, 100, 1000, 10000]) {
        const f = lengthscaleFloor(n, d);
        expect(f).toBeGreaterThan(0);
        expect(f).toBeLessThanOrEqual(prev);
        prev = f;
      }
      expect(prev).toBeLessThan(0.2);
    }
  });

  it('treats an empty design or a space with no free parameter as one point in one dimension', () => {
    expect(lengthscaleFloor(0, 0)).toBe(0.2);
  });
});

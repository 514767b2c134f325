import { createRng } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { SOBOL_MAX_DIM, sobolPoints } from './sobol';

describe('sobolPoints', () => {
  it('stratifies every one- and two-dimensional projection of the first 2^k points', () => {
    const pts = sobolPoints(256, SOBOL_MAX_DIM, createRng(3));
    for (let d = 0; d < SOBOL_MAX_DIM; d++) {
      const cells = new Set(pts.map((p) => Math.floor((p[d] as number) * 256)));
      expect(cells.size).toBe(256);
    }
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      const cells = new Set(pts.slice(0, 16).map((p) => `${Math.floor((p[a] as number) * 4)},${Math.floor((p[b] as number) * 4)}`));
      expect(cells.size).toBe(16);
    }
  });
  it('is in [0, 1), seeded, and pads extra dimensions with uniform draws', () => {
    const a = sobolPoints(8, SOBOL_MAX_DIM + 2, createRng(1));
    expect(a.flat().every((v) => v >= 0 && v < 1)).toBe(true);
    expect(sobolPoints(8, 3, createRng(1))).toEqual(sobolPoints(8, 3, createRng(1)));
    expect(sobolPoints(8, 3, createRng(1))).not.toEqual(sobolPoints(8, 3, createRng(2)));
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choleskyWithJitter, inverseFromCholesky, solveLower, solveUpperT } from './linalg';

function spd(n: number, seed: number): Float64Array {
  let s = seed;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  const b = Array.from({ length: n * n }, r);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let k = 0; k < n; k++) v += (b[i * n + k] as number) * (b[j * n + k] as number);
      a[i * n + j] = v + (i === j ? 0.1 : 0);
    }
  return a;
}

describe('Cholesky', () => {
  it('reconstructs A = L Lᵀ, solves and inverts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 1e6 }), (n, seed) => {
        const a = spd(n, seed);
        const { l, jitter } = choleskyWithJitter(a, n);
        expect(jitter).toBe(0);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            let v = 0;
            for (let k = 0; k < n; k++) v += (l[i * n + k] as number) * (l[j * n + k] as number);
            expect(Math.abs(v - (a[i * n + j] as number))).toBeLessThan(1e-9);
          }
        const inv = inverseFromCholesky(l, n);
        const b = Float64Array.from({ length: n }, (_, i) => i + 1);
        const x = solveUpperT(l, n, solveLower(l, n, Float64Array.from(b)));
        for (let i = 0; i < n; i++) {
          let v = 0;
          for (let j = 0; j < n; j++) v += (inv[i * n + j] as number) * (b[j] as number);
          expect(Math.abs(v - (x[i] as number))).toBeLessThan(1e-6 * Math.max(1, Math.abs(v)));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('survives a singular matrix (duplicate rows) by adding jitter', () => {
    const n = 3;
    const a = Float64Array.from([1, 1, 0.5, 1, 1, 0.5, 0.5, 0.5, 1]);
    const { l, jitter } = choleskyWithJitter(a, n);
    expect(jitter).toBeGreaterThan(0);
    expect(jitter).toBeLessThan(1e-2);
    for (const v of l) expect(Number.isFinite(v)).toBe(true);
  });

  it('never throws, even on NaN', () => {
    const { l } = choleskyWithJitter(Float64Array.from([Number.NaN, 0, 0, 1]), 2);
    expect(Number.isFinite(l[3] as number)).toBe(true);
  });
});

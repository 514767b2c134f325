import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cholesky, identity, matVec, shermanMorrison } from './linear-algebra';

function invert(m: number[], d: number): number[] {
  const a = m.map((v) => v);
  const inv = identity(d);
  for (let c = 0; c < d; c++) {
    const p = a[c * d + c] as number;
    for (let j = 0; j < d; j++) {
      a[c * d + j] = (a[c * d + j] as number) / p;
      inv[c * d + j] = (inv[c * d + j] as number) / p;
    }
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = a[r * d + c] as number;
      for (let j = 0; j < d; j++) {
        a[r * d + j] = (a[r * d + j] as number) - f * (a[c * d + j] as number);
        inv[r * d + j] = (inv[r * d + j] as number) - f * (inv[c * d + j] as number);
      }
    }
  }
  return inv;
}

describe('linear algebra', () => {
  it('Sherman–Morrison matches the direct inverse of λI + Σ x xᵀ (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }), (xs) => {
        const d = 3;
        const inv = identity(d, 1);
        const a = identity(d, 1);
        for (const x of xs) {
          shermanMorrison(inv, x);
          for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = (a[i * d + j] as number) + (x[i] as number) * (x[j] as number);
        }
        const direct = invert(a, d);
        return inv.every((v, i) => Math.abs(v - (direct[i] as number)) < 1e-8);
      }),
    );
  });

  it('Cholesky factor reproduces the matrix', () => {
    const m = [4, 2, 0.4, 2, 5, 1, 0.4, 1, 3];
    const l = cholesky(m, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += (l[i * 3 + k] as number) * (l[j * 3 + k] as number);
        expect(s).toBeCloseTo(m[i * 3 + j] as number, 12);
      }
    expect(matVec(identity(2, 3), [1, 2])).toEqual([3, 6]);
  });
});

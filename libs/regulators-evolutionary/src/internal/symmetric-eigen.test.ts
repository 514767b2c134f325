import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetric-eigen';

describe('symmetricEigen', () => {
  it('reconstructs random symmetric matrices with orthonormal eigenvectors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 64, maxLength: 64 }), (n, raw) => {
        const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (raw[i * 8 + j]! + raw[j * 8 + i]!) / 2));
        const { values, vectors } = symmetricEigen(a);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let rec = 0;
            let dot = 0;
            for (let k = 0; k < n; k++) {
              rec += vectors[i]![k]! * values[k]! * vectors[j]![k]!;
              dot += vectors[k]![i]! * vectors[k]![j]!;
            }
            expect(rec).toBeCloseTo(a[i]![j]!, 8);
            expect(dot).toBeCloseTo(i === j ? 1 : 0, 10);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('finds the known spectrum of a 2×2 matrix', () => {
    const { values } = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    expect([...values].sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
  });
});

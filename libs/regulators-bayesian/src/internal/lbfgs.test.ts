import { describe, expect, it } from 'vitest';
import { minimizeBox } from './lbfgs';

describe('minimizeBox', () => {
  it('minimises Rosenbrock', () => {
    const r = minimizeBox(
      (x, g) => {
        const a = x[0] as number;
        const b = x[1] as number;
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      [-1.2, 1],
      [-5, -5],
      [5, 5],
      { maxIterations: 500 },
    );
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });

  it('stops on an active bound', () => {
    const r = minimizeBox(
      (x, g) => {
        g[0] = 2 * ((x[0] as number) - 3);
        g[1] = 2 * ((x[1] as number) + 1);
        return ((x[0] as number) - 3) ** 2 + ((x[1] as number) + 1) ** 2;
      },
      [0.5, 0.5],
      [0, 0],
      [1, 1],
    );
    expect(Array.from(r.x)).toEqual([1, 0]);
  });
});

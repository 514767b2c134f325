import { describe, expect, it } from 'vitest';
import { logExpectedImprovement, upperConfidenceBound } from './acquisition';
import { normalCdf, normalPdf } from './internal/special';

const ei = (mean: number, sd: number, best: number) => {
  const z = (mean - best) / sd;
  return sd * (normalPdf(z) + z * normalCdf(z));
};

describe('logExpectedImprovement', () => {
  it('equals log(EI) where EI is representable', () => {
    for (const [m, v, b] of [
      [0, 1, 0],
      [1, 0.25, 0.5],
      [-2, 4, 1],
      [0.3, 0.01, 0.5],
      [5, 1e-4, 4.99],
    ] as const) {
      expect(logExpectedImprovement({ mean: m, variance: v }, b).value).toBeCloseTo(Math.log(ei(m, Math.sqrt(v), b)), 8);
    }
  });
  it('is finite and ordered where EI underflows to 0', () => {
    expect(ei(-50, 1, 0)).toBe(0);
    const a = logExpectedImprovement({ mean: -50, variance: 1 }, 0).value;
    const b = logExpectedImprovement({ mean: -60, variance: 1 }, 0).value;
    const c = logExpectedImprovement({ mean: -50, variance: 1e-20 }, 0).value;
    expect(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c)).toBe(true);
    expect(a).toBeGreaterThan(b);
    expect(a).toBeGreaterThan(c);
  });
  it('has the chain-rule gradient of its inputs', () => {
    const at = (x: number) => ({ mean: Math.sin(3 * x) - 2, variance: 0.05 + x * x, dMean: [3 * Math.cos(3 * x)], dVariance: [2 * x] });
    for (const x of [0.1, 0.7, 2]) {
      const g = (logExpectedImprovement(at(x), 0.5).gradient as Float64Array)[0] as number;
      const fd = (logExpectedImprovement(at(x + 1e-6), 0.5).value - logExpectedImprovement(at(x - 1e-6), 0.5).value) / 2e-6;
      expect(Math.abs(g - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      const gu = (upperConfidenceBound(at(x), 4).gradient as Float64Array)[0] as number;
      const fdu = (upperConfidenceBound(at(x + 1e-6), 4).value - upperConfidenceBound(at(x - 1e-6), 4).value) / 2e-6;
      expect(Math.abs(gu - fdu)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fdu)));
    }
  });
});

describe('upperConfidenceBound', () => {
  it('is μ + √β σ', () => {
    expect(upperConfidenceBound({ mean: 1, variance: 4 }, 9).value).toBe(7);
  });
});

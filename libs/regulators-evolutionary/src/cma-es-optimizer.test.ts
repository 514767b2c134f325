import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCmaEsOptimizer, type CmaEsOptimizerOptions } from './cma-es-optimizer';

const sphere = (x: readonly number[]) => x.reduce((s, v) => s + v * v, 0);
const rosenbrock = (x: readonly number[]) => {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i]! ** 2 - x[i + 1]!) ** 2 + (1 - x[i]!) ** 2;
  return s;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function minimise(f: (x: readonly number[]) => number, options: CmaEsOptimizerOptions) {
  const es = createCmaEsOptimizer(options);
  while (!es.status().stopped) {
    const xs = es.ask();
    es.tell(xs, xs.map(f));
  }
  return es.status();
}

describe('createCmaEsOptimizer: reference behaviour', () => {
  it('sphere-10 reaches 1e-8 within 2,000 evaluations on every seed', () => {
    const runs = Array.from({ length: 10 }, (_, seed) => minimise(sphere, { x0: Array(10).fill(1), sigma0: 0.5, seed, target: 1e-8, restarts: 0, maxEvaluations: 2_000 }));
    for (const r of runs) {
      expect(r.stopped).toBe('target');
      expect(r.best!.value).toBeLessThanOrEqual(1e-8);
    }
    // Hansen's reference implementation needs ≈ 1,300 evaluations here; λ = 10
    expect(median(runs.map((r) => r.evaluations))).toBeLessThan(1_600);
  });

  it('rosenbrock-10 reaches 1e-8 in ≤ 8,000 evaluations (median), ≥ 9 of 10 seeds', () => {
    const runs = Array.from({ length: 10 }, (_, seed) => minimise(rosenbrock, { x0: Array(10).fill(0.1), sigma0: 0.5, seed, target: 1e-8, restarts: 0, maxEvaluations: 20_000 }));
    const ok = runs.filter((r) => r.stopped === 'target');
    expect(ok.length).toBeGreaterThanOrEqual(9);
    expect(median(runs.map((r) => (r.stopped === 'target' ? r.evaluations : Number.POSITIVE_INFINITY)))).toBeLessThanOrEqual(8_000);
  });

  it('adapts the covariance: a rotated ill-conditioned ellipsoid in 5-D is solved', () => {
    const f = (x: readonly number[]) => {
      const y = x.map((_, i) => (x[i]! + x[(i + 1) % 5]!) / Math.SQRT2);
      return y.reduce((s, v, i) => s + 1e4 ** (i / 4) * v * v, 0);
    };
    const r = minimise(f, { x0: Array(5).fill(1), sigma0: 0.5, seed: 1, target: 1e-10, restarts: 0, maxEvaluations: 10_000 });
    expect(r.stopped).toBe('target');
  });

  it('the rank-μ update pays off with a large population: ellipsoid-10 with λ = 60 in < 15,000 evaluations', () => {
    const ellipsoid = (x: readonly number[]) => x.reduce((s, v, i) => s + 10 ** ((6 * i) / (x.length - 1)) * v * v, 0);
    // ≈ 9,200 evaluations with rank-μ; ≈ 34,000 with the rank-one update alone
    const r = minimise(ellipsoid, { x0: Array(10).fill(1), sigma0: 0.5, seed: 0, target: 1e-8, restarts: 0, populationSize: 60, maxEvaluations: 15_000 });
    expect(r.stopped).toBe('target');
  });

  it('IPOP restarts double λ and solve Rastrigin-5 from random starts', () => {
    const rastrigin = (x: readonly number[]) => 10 * x.length + x.reduce((s, v) => s + v * v - 10 * Math.cos(2 * Math.PI * v), 0);
    const runs = [0, 1, 2, 3, 4].map((seed) =>
      minimise(rastrigin, { dimension: 5, x0: [3, 3, 3, 3, 3], sigma0: 2, restartRegion: { lower: -5, upper: 5 }, seed, target: 1e-8, maxEvaluations: 200_000 }),
    );
    for (const r of runs) {
      expect(r.stopped).toBe('target');
      expect(r.populationSize).toBe(8 * 2 ** r.restarts);
    }
    expect(Math.max(...runs.map((r) => r.restarts))).toBeGreaterThan(0);
  });

  it('stops for good when restarts are used up, with the local reason', () => {
    const r = minimise(() => 1, { x0: [0, 0], sigma0: 0.1, seed: 2, restarts: 1 });
    expect(r.restarts).toBe(1);
    expect(r.stopped).toBeDefined();
    expect(r.stopped).not.toBe('target');
  });
});

describe('createCmaEsOptimizer: bounds, NaN, ask/tell contract', () => {
  it('mirror repair keeps every asked point inside the box and finds an optimum on the bound', () => {
    const es = createCmaEsOptimizer({ dimension: 4, bounds: { lower: 0, upper: 1 }, seed: 5, target: 1e-7 });
    let asked = 0;
    while (!es.status().stopped && asked < 4_000) {
      const xs = es.ask();
      for (const x of xs) for (const v of x) expect(v >= 0 && v <= 1).toBe(true);
      asked += xs.length;
      es.tell(
        xs,
        xs.map((x) => x.reduce((s, v) => s + (v - 1.5) ** 2, 0) - 4 * 0.25),
      );
    }
    expect(es.status().stopped).toBe('target');
    for (const v of es.status().best!.x) expect(v).toBeCloseTo(1, 5);
  });

  it('any box and start: asked points are feasible (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 1e-6, max: 50, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.integer(),
        (lo, width, sigma0, seed) => {
          const es = createCmaEsOptimizer({ dimension: 3, bounds: { lower: lo, upper: lo + width }, sigma0, seed });
          for (let g = 0; g < 5; g++) {
            const xs = es.ask();
            for (const x of xs) for (const v of x) expect(v >= lo && v <= lo + width).toBe(true);
            es.tell(
              xs,
              xs.map((x) => Math.sin(x[0]!) + x[1]! * x[2]!),
            );
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('treats NaN as the worst value', () => {
    const f = (x: readonly number[]) => (x[0]! > 0.5 ? Number.NaN : sphere(x));
    const r = minimise(f, { x0: [2, 2, 2], sigma0: 1, seed: 3, target: 1e-8, restarts: 0, maxEvaluations: 5_000 });
    expect(r.stopped).toBe('target');
  });

  it('maximises in max mode', () => {
    const r = minimise((x) => -sphere(x), { x0: [1, 1], mode: 'max', seed: 1, target: -1e-8, restarts: 0, maxEvaluations: 5_000 });
    expect(r.stopped).toBe('target');
    expect(r.best!.value).toBeGreaterThanOrEqual(-1e-8);
  });

  it('is reproducible from a seed, and a snapshot resumes the same trajectory', () => {
    const a = createCmaEsOptimizer({ x0: [1, 2, 3], seed: 9 });
    const b = createCmaEsOptimizer({ x0: [1, 2, 3], seed: 9 });
    for (let g = 0; g < 5; g++) {
      const xa = a.ask();
      expect(b.ask()).toEqual(xa);
      a.tell(xa, xa.map(sphere));
      b.tell(
        xa.map((x) => [...x]),
        xa.map(sphere),
      ); // copies are matched by value
    }
    const snap = a.snapshot();
    const pending = a.ask();
    const c = createCmaEsOptimizer({ x0: [0, 0, 0], seed: 1 });
    c.restore(snap);
    expect(c.ask()).toEqual(pending);
    // pending points survive a snapshot
    const d = createCmaEsOptimizer({ x0: [0, 0, 0] });
    d.restore(a.snapshot());
    d.tell(pending, pending.map(sphere));
    expect(d.status().generation).toBe(6);
  });

  it('refuses bad options and misuse with clear errors', () => {
    expect(() => createCmaEsOptimizer({})).toThrow(/dimension must be an integer ≥ 1 \(or give x0 or array bounds\)/);
    expect(() => createCmaEsOptimizer({ x0: [0, 0], dimension: 3 })).toThrow(/x0 must be lengths agreeing/);
    expect(() => createCmaEsOptimizer({ x0: [0], populationSize: 1 })).toThrow('options.populationSize must be an integer ≥ 2; got 1');
    expect(() => createCmaEsOptimizer({ x0: [0], sigma0: -1 })).toThrow('sigma0 must be a finite number > 0; got -1');
    expect(() => createCmaEsOptimizer({ dimension: 2, bounds: { lower: 1, upper: 0 } })).toThrow(/bounds.upper\[0\] must be ≥ lower\[0\] \(1\); got 0/);
    const es = createCmaEsOptimizer({ x0: [0, 0], seed: 1 });
    const xs = es.ask();
    expect(() => es.tell(xs.slice(1), xs.slice(1).map(sphere))).toThrow(/points must be exactly λ = 6 points asked in the current generation/);
    expect(() => es.tell([[9, 9], ...xs.slice(1)], xs.map(sphere))).toThrow(/points\[0\] must be a point returned by ask\(\) in the current generation/);
    expect(() => es.tell(xs, [1])).toThrow(/values must be an array with one number per point/);
  });
});

import { createRng, type Rng } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { fitGp, GpModel, type GpFitSettings } from './gp-core';
import { maternArdKernel } from './kernels';

/** The fit settings of `createBayesOpt` (BoTorch's noise prior), with `restarts` starts. */
const bayesOptFit = (rng: Rng, restarts: number, extra: Partial<GpFitSettings> = {}): GpFitSettings => ({
  restarts,
  maxIterations: 60,
  maxFitPoints: 100,
  noiseBounds: [1e-6, 2],
  noisePrior: { mu: -4, sd: 1 },
  meanPrior: { mu: 0, sd: 1 },
  warm: undefined,
  rng,
  ...extra,
});

describe('GpModel.withPoint (incremental Cholesky update)', () => {
  it('equals conditioning from scratch with the same hyperparameters and standardisation', () => {
    const rng = createRng(5);
    const dim = 3;
    const n = 30;
    const x = Float64Array.from({ length: (n + 1) * dim }, () => rng.next());
    const y = Array.from({ length: n + 1 }, (_, i) => Math.cos(4 * (x[i * dim] as number)) + (x[i * dim + 2] as number));
    const kernel = maternArdKernel(dim);
    const base = fitGp(kernel, x.slice(0, n * dim), y.slice(0, n), bayesOptFit(rng, 1, { maxIterations: 30 }));
    const p = x.slice(n * dim);
    const grown = base.withPoint(p, y[n] as number);
    const ys = Float64Array.from(y, (v) => (v - base.yMean) / base.yStd);
    const scratch = new GpModel(kernel, base.hyper, x, ys, base.yMean, base.yStd);
    for (let i = 0; i < grown.l.length; i++) expect(Math.abs((grown.l[i] as number) - (scratch.l[i] as number))).toBeLessThan(1e-9);
    for (const q of [
      [0.1, 0.2, 0.3],
      [0.9, 0.5, 0.4],
    ]) {
      const a = grown.predictStd(q);
      const b = scratch.predictStd(q);
      expect(a.mean).toBeCloseTo(b.mean, 9);
      expect(a.variance).toBeCloseTo(b.variance, 9);
    }
  });

  it('accepts an exact duplicate of an existing point', () => {
    const rng = createRng(6);
    const x = Float64Array.from({ length: 10 }, () => rng.next());
    const y = Array.from({ length: 10 }, (_, i) => x[i] as number);
    const m = fitGp(maternArdKernel(1), x, y, {
      restarts: 0,
      maxIterations: 20,
      maxFitPoints: 100,
      noiseBounds: [1e-6, 2],
      noisePrior: undefined,
      meanPrior: undefined,
      warm: undefined,
      rng,
    });
    const d = m.withPoint([x[3] as number], y[3] as number).withPoint([x[3] as number], y[3] as number);
    expect(d.n).toBe(12);
    expect(Number.isFinite(d.predictStd([x[3] as number]).mean)).toBe(true);
    expect(d.yMean + d.yStd * d.predictStd([x[3] as number]).mean).toBeCloseTo(y[3] as number, 2);
  });

  it('keeps every lengthscale at or above minLengthscale, which binds where the data alone would fit a narrower bump', () => {
    // a smooth trend plus one spike between the points: the unconstrained fit explains the spike by a short lengthscale
    const rng = createRng(7);
    const n = 12;
    const x = Float64Array.from({ length: n * 2 }, () => rng.next());
    const y = Array.from({ length: n }, (_, i) => (x[i * 2] as number) + (i === 5 ? 4 : 0));
    const fit = (minLengthscale?: number) => fitGp(maternArdKernel(2), x, y, bayesOptFit(createRng(8), 2, { minLengthscale }));
    const lengthscales = (m: GpModel) => [0, 1].map((d) => Math.exp(m.hyper.theta[d] as number));
    expect(Math.min(...lengthscales(fit()))).toBeLessThan(0.2);
    for (const l of lengthscales(fit(0.2))) expect(l).toBeGreaterThanOrEqual(0.2 * (1 - 1e-12));
  });
});

import { createRng } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { fitGaussianProcess } from './gaussian-process';
import { negLogPosterior, standardise } from './internal/gp-core';
import { maternArdKernel, timeVaryingKernel } from './internal/kernels';

const rng = createRng(11);
const f = (p: readonly number[]) => Math.sin(6 * (p[0] as number)) + 0.5 * (p[1] as number) ** 2;
const pts = Array.from({ length: 25 }, () => [rng.next(), rng.next()]);
const vals = pts.map(f);

describe('fitGaussianProcess', () => {
  it('interpolates noise-free data and predicts the function between points', () => {
    const gp = fitGaussianProcess(pts, vals, { seed: 1 });
    expect(gp.size).toBe(25);
    for (const [i, p] of pts.entries()) {
      const r = gp.predict(p);
      expect(Math.abs(r.mean - (vals[i] as number))).toBeLessThan(0.01);
      expect(r.variance).toBeLessThan(1e-3);
    }
    const probe = [0.5, 0.5];
    expect(Math.abs(gp.predict(probe).mean - f(probe))).toBeLessThan(0.1);
    expect(gp.predict([0.5, 0.5]).variance).toBeLessThan(gp.predict([3, 3]).variance);
  });

  it('has a log-posterior gradient matching finite differences (Matérn ARD and time-varying kernels)', () => {
    const { y } = standardise(vals);
    const x = Float64Array.from(pts.flat());
    for (const [kernel, phi, xs] of [
      [maternArdKernel(2), [Math.log(0.3), Math.log(0.7), 0.2, Math.log(0.01), 0.1], x],
      [timeVaryingKernel(2), [0.1, Math.log(0.4), 0.3, Math.log(0.05), -0.2], x],
    ] as const) {
      const p = Float64Array.from(phi);
      const g = new Float64Array(p.length);
      const s = { noisePrior: { mu: -4, sd: 1 }, meanPrior: { mu: 0, sd: 1 } };
      negLogPosterior(kernel, xs, y, p, g, s);
      for (let j = 0; j < p.length; j++) {
        const a = Float64Array.from(p);
        const b = Float64Array.from(p);
        a[j] = (a[j] as number) + 1e-6;
        b[j] = (b[j] as number) - 1e-6;
        const fd = (negLogPosterior(kernel, xs, y, a, new Float64Array(p.length), s) - negLogPosterior(kernel, xs, y, b, new Float64Array(p.length), s)) / 2e-6;
        expect(Math.abs((g[j] as number) - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('has posterior gradients matching finite differences', () => {
    const gp = fitGaussianProcess(pts, vals, { seed: 2 });
    for (const p of [
      [0.3, 0.7],
      [0.91, 0.05],
    ]) {
      const r = gp.predictWithGradient(p);
      for (let d = 0; d < 2; d++) {
        const a = [...p];
        const b = [...p];
        a[d] = (a[d] as number) + 1e-6;
        b[d] = (b[d] as number) - 1e-6;
        const dm = (gp.predict(a).mean - gp.predict(b).mean) / 2e-6;
        const dv = (gp.predict(a).variance - gp.predict(b).variance) / 2e-6;
        expect(Math.abs((r.dMean[d] as number) - dm)).toBeLessThan(1e-4 * Math.max(1, Math.abs(dm)));
        expect(Math.abs((r.dVariance[d] as number) - dv)).toBeLessThan(1e-4 * Math.max(1, Math.abs(dv)));
      }
    }
  });

  it('adds one point incrementally exactly as a refit with the same hyperparameters would', () => {
    const gp = fitGaussianProcess(pts.slice(0, 20), vals.slice(0, 20), { seed: 3 });
    const grown = gp.add(pts[20] as number[], vals[20] as number);
    expect(grown.size).toBe(21);
    // same hyperparameters and standardisation: condition directly, then compare
    const direct = fitGaussianProcess(pts.slice(0, 21), vals.slice(0, 21), { hyperparameters: gp.hyperparameters });
    const probe = [0.42, 0.17];
    // standardisation differs between the two (the incremental one keeps the old one), so compare predictions of the data
    expect(Math.abs(grown.predict(pts[20] as number[]).mean - (vals[20] as number))).toBeLessThan(0.01);
    expect(Math.abs(grown.predict(probe).mean - direct.predict(probe).mean)).toBeLessThan(0.05);
    expect(grown.predict(pts[20] as number[]).variance).toBeLessThan(gp.predict(pts[20] as number[]).variance);
  });

  it('survives duplicate points, constant outputs, NaN outputs', () => {
    const dup = fitGaussianProcess([[0.5], [0.5], [0.5], [0.2]], [1, 1.1, 0.9, 0]);
    expect(Number.isFinite(dup.predict([0.5]).mean)).toBe(true);
    expect(dup.predict([0.5]).mean).toBeCloseTo(1, 1);
    const again = dup.add([0.5], 1);
    expect(Number.isFinite(again.predict([0.5]).variance)).toBe(true);
    const flat = fitGaussianProcess([[0.1], [0.4], [0.9]], [3, 3, 3]);
    expect(flat.predict([0.6]).mean).toBeCloseTo(3, 6);
    const nan = fitGaussianProcess([[0.1], [0.4], [0.9]], [1, Number.NaN, 2]);
    expect(nan.size).toBe(2);
    expect(Number.isFinite(nan.predict([0.4]).mean)).toBe(true);
    const none = fitGaussianProcess([[0.1]], [Number.NaN]);
    expect(none.size).toBe(0);
    expect(Number.isFinite(none.predict([0.4]).variance)).toBe(true);
  });

  it('rejects malformed input with errors naming the field', () => {
    expect(() => fitGaussianProcess([[0.1, 0.2], [0.3]], [1, 2])).toThrow(/points\[1\] must be an array of 2 finite numbers/);
    expect(() => fitGaussianProcess([[0.1]], [1, 2])).toThrow(/values must be an array of 1 numbers/);
    expect(() => fitGaussianProcess([[0.1]], [1], { restarts: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.restarts' }));
    expect(() => fitGaussianProcess([[0.1]], [1], { minNoise: 0 })).toThrow('options.minNoise must be a finite number > 0 and < 1; got 0');
    expect(() => fitGaussianProcess([[0.1]], [1], { restart: 1 } as never)).toThrow('options.restart is not an option; did you mean "restarts"?');
  });
});

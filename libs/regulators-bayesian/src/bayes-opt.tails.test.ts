import { createRng, float, type Config } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createBayesOpt } from './bayes-opt';

const unit = { x: float(0, 1), y: float(0, 1) };
const sameAs = (a: Config, b: Config) => Math.abs((a.x as number) - (b.x as number)) <= 1e-6 && Math.abs((a.y as number) - (b.y as number)) <= 1e-6;
const repeats = (asked: Config[]) => asked.filter((c, i) => asked.slice(0, i).some((d) => sameAs(c, d))).length;

describe('createBayesOpt in the tails', () => {
  it('hands out one stratified Sobol sequence when the design is asked one point at a time', () => {
    const bo = createBayesOpt({ space: { a: float(0, 1), b: float(0, 1), c: float(0, 1) }, seed: 6, initial: 8 });
    const pts: Config[] = [];
    for (let i = 0; i < 8; i++) {
      const [c] = bo.ask();
      pts.push(c as Config);
      bo.tell(c as Config, 0);
    }
    for (const k of ['a', 'b', 'c']) for (const cells of [2, 4, 8]) expect(new Set(pts.map((p) => Math.floor((p[k] as number) * cells))).size).toBe(cells);
  });

  it('never repeats an earlier point on a noiseless objective, even one maximised at a corner', () => {
    const bo = createBayesOpt({ space: unit, seed: 1, initial: 4, rawSamples: 256 });
    const asked: Config[] = [];
    for (let i = 0; i < 16; i++) {
      const [c] = bo.ask();
      asked.push(c as Config);
      bo.tell(c as Config, (c?.x as number) + (c?.y as number));
    }
    expect(asked.some((c) => c.x === 1 && c.y === 1)).toBe(true); // it found the corner…
    expect(repeats(asked)).toBe(0); // …and then looked elsewhere
    expect((bo.model?.hyperparameters.noise as number) / (bo.model?.hyperparameters.outputscale as number)).toBeLessThan(0.1);
  });

  it('repeats a point only when the fitted noise is at least a tenth of the signal variance', () => {
    const noise = createRng('tails:noise');
    const f = (c: Config) => (c.x as number) + (c.y as number) + noise.normal(0, 0.5);
    // every design point measured three times: the spread between repeats can only be noise
    const design = [0, 0.5, 1].flatMap((x) => [0, 0.5, 1].map((y) => ({ x, y })));
    const prior = design.flatMap((config) => [0, 1, 2].map(() => ({ config, value: f(config) })));
    const bo = createBayesOpt({ space: unit, seed: 1, initial: 4, rawSamples: 256, prior });
    const asked: Config[] = design;
    for (let i = 0; i < 10; i++) {
      const [c] = bo.ask();
      asked.push(c as Config);
      bo.tell(c as Config, f(c as Config));
    }
    const h = bo.model?.hyperparameters;
    expect((h?.noise as number) / (h?.outputscale as number)).toBeGreaterThanOrEqual(0.1);
    expect(repeats(asked)).toBeGreaterThan(0); // the corner is measured again: averaging pays here
  });

  it('leaves a local optimum whose refinement stalled: Hartmann-3, a seed that used to settle at −3.09', () => {
    // Hartmann-3 (Surjanovic & Bingham): global minimum −3.86278 at (0.1146, 0.5556, 0.8525), a local one −3.0898 at (0.109, 0.860, 0.564)
    const A = [
      [3, 10, 30],
      [0.1, 10, 35],
      [3, 10, 30],
      [0.1, 10, 35],
    ];
    const P = [
      [3689, 1170, 2673],
      [4699, 4387, 7470],
      [1091, 8732, 5547],
      [381, 5743, 8828],
    ];
    const alpha = [1, 1.2, 3, 3.2];
    const h3 = (c: Config) =>
      -alpha.reduce((s, a, i) => s + a * Math.exp(-[c.a, c.b, c.c].reduce((e: number, v, j) => e + A[i]![j]! * ((v as number) - P[i]![j]! * 1e-4) ** 2, 0)), 0);
    const bo = createBayesOpt({ space: { a: float(0, 1), b: float(0, 1), c: float(0, 1) }, mode: 'min', seed: 6, initial: 6 });
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 30; i++) {
      const [c] = bo.ask() as [Config];
      best = Math.min(best, h3(c));
      bo.tell(c, h3(c));
    }
    expect(best + 3.86278).toBeLessThan(0.1);
  });

  it('does not settle in a valley of Levy-4 whose lengthscale collapsed: seed 17 used to stay at x₂ ≈ −8.1 (regret 5.5)', () => {
    // Levy (Surjanovic & Bingham) on [−10, 10]⁴, minimum 0 at (1, 1, 1, 1); x₂ ≈ −8.27 is a valley of value ≈ 5.4.
    const levy = (x: number[]) => {
      const w = x.map((v) => 1 + (v - 1) / 4);
      let s = Math.sin(Math.PI * w[0]!) ** 2;
      for (let i = 0; i < 3; i++) s += (w[i]! - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i]! + 1) ** 2);
      return s + (w[3]! - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[3]!) ** 2);
    };
    const keys = ['x0', 'x1', 'x2', 'x3'];
    const bo = createBayesOpt({ space: Object.fromEntries(keys.map((k) => [k, float(-10, 10)])), mode: 'min', seed: 17, initial: 8 });
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 40; i++) {
      const [c] = bo.ask() as [Config];
      const v = levy(keys.map((k) => c[k] as number));
      best = Math.min(best, v);
      bo.tell(c, v);
    }
    // the run beats random search's median regret over 20 seeds at the same budget (4.43)…
    expect(best).toBeLessThan(4.43);
    // …because the fit may not explain one value by a bump narrower than the data can resolve (ℓ ≥ min(0.2, ½ n^(−1/4)))
    for (const l of bo.model?.hyperparameters.lengthscales ?? []) expect(l).toBeGreaterThanOrEqual(0.2 - 1e-9);
  });

  it('recommends by the posterior mean with noisy values, not the luckiest measurement', () => {
    const noise = createRng('tails:best');
    const bo = createBayesOpt({ space: { x: float(0, 1) }, seed: 2 });
    const truth = (x: number) => -((x - 0.3) ** 2);
    for (let i = 0; i <= 10; i++) for (let r = 0; r < 4; r++) bo.tell({ x: i / 10 }, truth(i / 10) + noise.normal(0, 0.05));
    bo.tell({ x: 0.9 }, 0.3); // one lucky measurement at a poor point
    const luckiest = bo.observations.reduce((a, b) => (b.value > a.value ? b : a));
    expect(luckiest.config.x).toBe(0.9);
    const best = bo.best();
    expect(Math.abs((best?.config.x as number) - 0.3)).toBeLessThanOrEqual(0.1);
    expect(best?.mean).toBeLessThan(luckiest.value);
    expect(best?.mean).toBeGreaterThan(-0.05);
    // pure: asking the same question twice, or asking after it, changes nothing
    const snap = bo.snapshot();
    expect(bo.best()).toBe(best);
    expect(bo.snapshot()).toEqual(snap);
  });
});

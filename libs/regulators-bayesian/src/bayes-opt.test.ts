import { choice, createRng, float, int, sampleConfig, validateConfig, type Config } from '@epigenome/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBayesOpt } from './bayes-opt';

const branin = (c: Config) => {
  const x = c.x as number;
  const y = c.y as number;
  const b = 5.1 / (4 * Math.PI ** 2);
  return (y - b * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
};
const braninSpace = { x: float(-5, 10), y: float(0, 15) };

describe('createBayesOpt', () => {
  it('beats random search on Branin (25 evaluations, 3 seeds)', () => {
    for (const seed of [0, 1, 2]) {
      const bo = createBayesOpt({ space: braninSpace, mode: 'min', seed, initial: 5, rawSamples: 256 });
      for (let i = 0; i < 25; i++) {
        const [c] = bo.ask();
        bo.tell(c as Config, branin(c as Config));
      }
      const rng = createRng(seed);
      let random = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 25; i++) random = Math.min(random, branin(sampleConfig(braninSpace, rng)));
      const best = bo.best()?.value as number;
      expect(best).toBeLessThan(random);
      expect(best - 0.397887).toBeLessThan(0.1);
    }
  });

  it('proposes valid configurations of a mixed space, ints rounded, zero-width and one-value parameters fixed', () => {
    const space = {
      lr: float(1e-4, 1e-1, { log: true }),
      layers: int(1, 6),
      bs: int(16, 256, { log: true }),
      opt: choice(['adam', 'sgd', 'rmsprop']),
      fixed: float(2, 2),
      one: choice(['x']),
    };
    const bo = createBayesOpt({ space, seed: 3, initial: 4, rawSamples: 128, restarts: 3 });
    const f = (c: Config) => -((Math.log10(c.lr as number) + 2.5) ** 2) - ((c.layers as number) - 3) ** 2 / 4 + (c.opt === 'adam' ? 1 : 0);
    for (let i = 0; i < 20; i++) {
      const batch = bo.ask(i % 3 === 0 ? 2 : 1);
      for (const c of batch) {
        validateConfig(space, c);
        expect(c.fixed).toBe(2);
        expect(c.one).toBe('x');
        bo.tell(c, f(c));
      }
    }
    expect(bo.best()?.value as number).toBeGreaterThan(0.5);
  });

  it('optimises with UCB too', () => {
    const bo = createBayesOpt({ space: braninSpace, mode: 'min', seed: 8, initial: 5, acquisition: 'ucb', beta: 2, rawSamples: 256 });
    for (let i = 0; i < 20; i++) {
      const [c] = bo.ask();
      bo.tell(c as Config, branin(c as Config));
    }
    expect((bo.best()?.value as number) - 0.397887).toBeLessThan(0.5);
  });

  it('spreads a batch (Kriging believer) and avoids pending configurations', () => {
    const bo = createBayesOpt({ space: braninSpace, mode: 'min', seed: 4, initial: 5, rawSamples: 256 });
    for (let i = 0; i < 8; i++) {
      const [c] = bo.ask();
      bo.tell(c as Config, branin(c as Config));
    }
    const batch = bo.ask(4);
    const keys = new Set(batch.map((c) => `${(c.x as number).toFixed(3)},${(c.y as number).toFixed(3)}`));
    expect(keys.size).toBe(4);
    const [alone] = bo.ask(1);
    const [withPending] = bo.ask(1, { pending: [alone as Config] });
    expect(withPending).not.toEqual(alone);
  });

  it('keeps going through NaN outputs, constant outputs and duplicate points', () => {
    const bo = createBayesOpt({ space: braninSpace, seed: 5, initial: 3, rawSamples: 64, restarts: 2 });
    for (let i = 0; i < 3; i++) bo.tell(bo.ask()[0] as Config, Number.NaN);
    expect(bo.ask()).toHaveLength(1); // still quasi-random: no finite value yet
    for (let i = 0; i < 6; i++) {
      const [c] = bo.ask();
      bo.tell(c as Config, 7);
      bo.tell(c as Config, 7);
    }
    bo.tell({ x: 1, y: 1 }, Number.POSITIVE_INFINITY);
    const [next] = bo.ask();
    validateConfig(braninSpace, next as Config);
    expect(bo.best()?.value).toBe(7);
  });

  it('takes prior observations as a warm start (the GP takes over at once)', () => {
    const prior = Array.from({ length: 6 }, (_, i) => {
      const c = { x: -5 + 2.5 * i, y: 2 * i };
      return { config: c, value: branin(c) };
    });
    const warm = createBayesOpt({ space: braninSpace, mode: 'min', seed: 6, initial: 5, prior, rawSamples: 128 });
    const cold = createBayesOpt({ space: braninSpace, mode: 'min', seed: 6, initial: 5, rawSamples: 128 });
    expect(warm.observations).toHaveLength(6);
    warm.ask();
    expect(warm.model?.size).toBe(6);
    cold.ask();
    expect(cold.model).toBeUndefined();
  });

  it('snapshots and restores: the restored optimiser asks what the original asks', () => {
    const a = createBayesOpt({ space: braninSpace, mode: 'min', seed: 7, initial: 4, rawSamples: 128 });
    for (let i = 0; i < 6; i++) {
      const [c] = a.ask();
      bo2Tell(a, c as Config);
    }
    a.tell({ x: 0, y: 0 }, Number.NaN);
    const state = JSON.parse(JSON.stringify(a.snapshot()));
    const b = createBayesOpt({ space: braninSpace, mode: 'min', seed: 99, initial: 4, rawSamples: 128 });
    b.restore(state);
    expect(b.observations).toHaveLength(7);
    expect(Number.isNaN(b.observations[6]?.value)).toBe(true);
    expect(b.ask()).toEqual(a.ask());
    function bo2Tell(o: typeof a, c: Config) {
      o.tell(c, branin(c));
    }
  });

  it('rejects invalid options with errors naming the field and the allowed range', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ mode: 'up' }, /mode must be "max" or "min"; got "up"/],
      [{ initial: 0 }, /initial must be an integer ≥ 1; got 0/],
      [{ acquisition: 'pi' }, /acquisition must be "logEI" or "ucb"/],
      [{ beta: -1 }, /beta must be a finite number ≥ 0/],
      [{ rawSamples: 1.5 }, /rawSamples must be an integer ≥ 1/],
      [{ maxFitPoints: 1 }, /maxFitPoints must be an integer ≥ 2/],
    ];
    for (const [opts, re] of cases) {
      expect(() => createBayesOpt({ space: braninSpace, ...opts })).toThrow(re);
      expect(() => createBayesOpt({ space: braninSpace, ...opts })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: `options.${Object.keys(opts)[0]}` }));
    }
    expect(() => createBayesOpt({ space: braninSpace, acquisiton: 'ucb' } as never)).toThrow('options.acquisiton is not an option; did you mean "acquisition"?');
    const bo = createBayesOpt({ space: braninSpace });
    expect(() => bo.tell({ x: 20, y: 1 }, 1)).toThrow(/config\.x must be a number in \[-5, 10\]/);
    expect(() => bo.ask(0)).toThrow(/q must be an integer ≥ 1/);
  });

  it('never proposes outside the bounds (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (lo, width, seed) => {
        const space = { a: float(lo, lo + width), b: int(-3, 3) };
        const bo = createBayesOpt({ space, seed, initial: 2, rawSamples: 32, restarts: 1 });
        for (let i = 0; i < 4; i++) {
          const [c] = bo.ask();
          validateConfig(space, c as Config);
          bo.tell(c as Config, Math.sin(c?.a as number) + (c?.b as number));
        }
      }),
      { numRuns: 8 },
    );
  });
});

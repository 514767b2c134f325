import { createRegulome, float, type Adjustment, type Regulator, type Signal } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { signal } from './test/step-signal';
import { createHypergradient } from './hypergradient';
import { createSimTask, runSimTrial } from './test/simulated-training';

const space = { lr: float(1e-5, 10, { log: true }) };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const ctx = undefined as never;
/** A synchronous regulate() result, factors read as numbers. */
const run = (r: Regulator, s: Signal) => r.regulate?.(s, ctx) as (Adjustment & { factor: Record<string, number> }) | undefined;

describe('createHypergradient: the update rules', () => {
  it('declares the metric it needs, so a host that cannot report it refuses it before training', () => {
    expect(createHypergradient().needs).toEqual(['grad_cos']);
    expect(createHypergradient({ horizon: 'slice' }).needs).toEqual(['slice_cos']);
    expect(createHypergradient({ rule: 'additive' }).needs).toEqual(['grad_dot']);
  });

  it('multiplicative: α ← α (1 + β cos)ⁿ, n = steps since the previous signal', () => {
    const hg = createHypergradient({ beta: 0.1 });
    expect(run(hg, signal({ grad_cos: 0.5, lr_effective: 0.1 }, { step: 1 }))).toEqual({ factor: { lr: 1.05 }, reason: 'hypergradient: grad_cos 0.500 over 1 steps' });
    const second = run(hg, signal({ grad_cos: -0.5, lr_effective: 0.105 }, { step: 4 }))!;
    expect(second.factor.lr).toBeCloseTo(0.95 ** 3, 12);
  });

  it('additive: α ← α + β n grad_dot (Baydin et al. 2018, SGD-HD / Adam-HD)', () => {
    const hg = createHypergradient({ rule: 'additive', beta: 0.001 });
    const adj = run(hg, signal({ grad_dot: 2, lr_effective: 0.1 }, { step: 10 }))!;
    expect((adj.factor.lr as number) * 0.1).toBeCloseTo(0.1 + 0.001 * 10 * 2, 12);
    // a step that would make the rate negative is bounded by maxFactor instead
    const down = run(createHypergradient({ rule: 'additive', beta: 1, maxFactor: 4 }), signal({ grad_dot: -50, lr_effective: 0.1 }, { step: 1 }))!;
    expect(down.factor.lr).toBe(0.25);
  });

  it('bounds one signal’s change by maxFactor, and ignores evaluations', () => {
    const hg = createHypergradient({ beta: 0.5, maxFactor: 1.5 });
    expect(run(hg, signal({ grad_cos: 1 }, { step: 100 }))!.factor.lr).toBe(1.5);
    expect(run(hg, signal({ val_loss: 1 }, { kind: 'eval', step: 100 }))).toBeUndefined();
  });

  it('tolerates a missing metric twice in a row, then throws naming it', () => {
    const hg = createHypergradient();
    expect(run(hg, signal({ loss: 1 }, { step: 1 }))).toBeUndefined();
    expect(run(hg, signal({ loss: 1, grad_cos: 0.5 }, { step: 2 }))?.factor.lr).toBeCloseTo(1.05, 12);
    expect(run(hg, signal({ loss: 1 }, { step: 3 }))).toBeUndefined();
    expect(run(hg, signal({ loss: 1 }, { step: 4 }))).toBeUndefined();
    expect(() => run(hg, signal({ loss: 1 }, { step: 5 }))).toThrow(
      /signal\.metrics\.grad_cos must be a number reported by the engine in step signals \(missing in 3 in a row; regulator "hypergradient", multiplicative rule/,
    );
    const add = createHypergradient({ rule: 'additive' });
    for (const step of [1, 2]) run(add, signal({ loss: 1 }, { step }));
    expect(() => run(add, signal({ loss: 1 }, { step: 3 }))).toThrow(/signal\.metrics\.grad_dot/);
  });

  it('rolls back at once on divergence', () => {
    const hg = createHypergradient();
    expect(run(hg, signal({ loss: Number.NaN, grad_cos: 0.3 }))).toEqual({ rollback: true, factor: { lr: 0.5 }, reason: 'rollback: divergence (loss NaN); lr ×0.5' });
    expect(run(hg, signal({ loss: 3, grad_cos: 0.3 }, { features: { diverged: 1 } }))?.reason).toMatch(/^rollback:/);
  });

  it('validates its options with field and allowed range', () => {
    expect(() => createHypergradient({ beta: 0 })).toThrow('options.beta must be a finite number > 0 and ≤ 0.999; got 0');
    expect(() => createHypergradient({ rule: 'exp' as 'additive' })).toThrow(/rule must be "multiplicative" or "additive"; got "exp"/);
    expect(() => createHypergradient({ maxFactor: 0.5 })).toThrow(/maxFactor must be a finite number ≥ 1; got 0.5/);
    expect(() => createHypergradient({ params: '' })).toThrow(/params must be a hyperparameter name or a non-empty array of hyperparameter names/);
    expect(() => createHypergradient({ params: ['lr', 'momentum'] })).toThrow(
      'options.params must be one hyperparameter name (the hypergradient adapts one learning rate); got ["lr","momentum"]',
    );
    expect(() => createRegulome({ space, regulators: [createHypergradient({ params: 'learning_rate' })] })).toThrow(/controls one the space lacks; got "learning_rate"/);
    expect(createHypergradient({ params: ['lr'] }).controls).toEqual(['lr']);
  });
});

describe('createHypergradient: horizon, budget-steered target, ceiling', () => {
  it("horizon 'slice' reads slice_cos (the slice's hypergradient), and needs it", () => {
    const hg = createHypergradient({ beta: 0.1, horizon: 'slice' });
    const adj = run(hg, signal({ grad_cos: -0.9, slice_cos: 0.5, lr_effective: 0.1 }, { step: 1 }))!;
    expect(adj).toEqual({ factor: { lr: 1.05 }, reason: 'hypergradient: slice_cos 0.500 over 1 steps' });
    for (const step of [2, 3]) run(hg, signal({ grad_cos: 0.5 }, { step }));
    expect(() => run(hg, signal({ grad_cos: 0.5 }, { step: 4 }))).toThrow(/signal\.metrics\.slice_cos must be a number/);
  });

  it('targetCos { start, end } moves with features.budget_used (start while it is absent)', () => {
    const hg = createHypergradient({ beta: 0.1, targetCos: { start: -0.4, end: 0.2 } });
    const at = (used: number | undefined, step: number) =>
      run(hg, signal({ grad_cos: 0, lr_effective: 0.1 }, { step, features: used === undefined ? { diverged: 0 } : { diverged: 0, budget_used: used } }))!.factor.lr;
    expect(at(undefined, 1)).toBeCloseTo(1.04, 12); // cos 0 − target −0.4
    expect(at(0.5, 2)).toBeCloseTo(1.01, 12); // target −0.1
    expect(at(1, 3)).toBeCloseTo(0.98, 12); // target +0.2: the rate anneals
  });

  it('after a divergence never climbs back above ceilingFactor × the rate that diverged', () => {
    const hg = createHypergradient({ beta: 0.5, ceilingFactor: 0.25 });
    expect(run(hg, signal({ loss: Number.NaN, lr_effective: 0.8 }, { step: 10 }))?.rollback).toBe(true);
    // at 0.4 (after the rollback halving) the ceiling 0.2 allows no rise, but a fall
    expect(run(hg, signal({ grad_cos: 1, lr_effective: 0.4 }, { step: 20 }))).toBeUndefined();
    expect(run(hg, signal({ grad_cos: -1, lr_effective: 0.4 }, { step: 21 }))?.factor.lr).toBe(0.5);
    expect(run(hg, signal({ grad_cos: 1, lr_effective: 0.1 }, { step: 31 }))?.factor.lr).toBeCloseTo(2, 12); // capped at 0.2 ÷ 0.1
    expect(run(hg, signal({ grad_cos: 1, lr_effective: 0.1 }, { step: 41, trialId: 'other' }))?.factor.lr).toBe(2); // per trial
    // the default ceiling is the rate it restarts from (rollbackFactor × the rate that diverged)
    const d = createHypergradient({ beta: 0.5 });
    run(d, signal({ loss: Number.NaN, lr_effective: 0.8 }, { step: 10 }));
    expect(run(d, signal({ grad_cos: 1, lr_effective: 0.3 }, { step: 20 }))?.factor.lr).toBeCloseTo(0.4 / 0.3, 12);
  });

  it('undoes its rollback when the next signal shows a context shift (the restored weights were as bad)', () => {
    const hg = createHypergradient({ beta: 0.5, ceilingFactor: 0.25 });
    expect(run(hg, signal({ loss: 3, lr_effective: 0.8 }, { step: 10, features: { diverged: 1 } }))?.factor.lr).toBe(0.5);
    const undo = run(hg, signal({ loss: 3, grad_cos: 1, lr_effective: 0.4 }, { step: 20, features: { diverged: 0, context_shift: 1 } }));
    expect(undo?.factor.lr).toBe(2);
    expect(undo?.reason).toMatch(/^hypergradient: context shift/);
    // the ceiling of the false divergence is gone: it may rise again
    expect(run(hg, signal({ grad_cos: 1, lr_effective: 0.8 }, { step: 30 }))?.factor.lr).toBeGreaterThan(1);
    // a shift flag without its own rollback before changes nothing of the kind
    const other = createHypergradient({ beta: 0.5 });
    expect(run(other, signal({ grad_cos: 0, lr_effective: 0.4 }, { step: 20, features: { diverged: 0, context_shift: 1 } }))?.reason ?? '').not.toMatch(/context shift/);
  });

  it('keeps the ceiling across snapshot and restore', () => {
    const a = createHypergradient({ beta: 0.5 });
    run(a, signal({ loss: Number.NaN, lr_effective: 0.8 }, { step: 10 }));
    const b = createHypergradient({ beta: 0.5 });
    b.restore?.(JSON.parse(JSON.stringify(a.snapshot?.())));
    expect(run(b, signal({ grad_cos: 1, lr_effective: 0.4 }, { step: 20 }))).toBeUndefined();
  });

  it('validates the new options with field and allowed range', () => {
    expect(() => createHypergradient({ horizon: 'epoch' as 'step' })).toThrow(/options\.horizon must be "step" or "slice"; got "epoch"/);
    expect(() => createHypergradient({ rule: 'additive', horizon: 'slice' })).toThrow(/horizon must be "step" with rule "additive"; got "slice"/);
    expect(() => createHypergradient({ targetCos: { start: -1, end: 0 } })).toThrow(/options\.targetCos\.start must be a finite number > -1 and < 1; got -1/);
    expect(() => createHypergradient({ targetCos: { start: 0, end: Number.NaN } })).toThrow(/targetCos\.end must be a finite number/);
    expect(() => createHypergradient({ ceilingFactor: 1.5 })).toThrow(/options\.ceilingFactor must be a finite number > 0 and ≤ 1; got 1.5/);
    expect(() => createHypergradient({ rule: 'additive', targetCos: { start: -0.2, end: 0 } })).toThrow(/targetCos must be absent with rule "additive"/);
  });
});

describe('createHypergradient on a simulated training task (through createRegulome)', () => {
  for (const [optimizer, low, high] of [
    ['sgd', 0.01, 1],
    ['adam', 0.001, 0.1],
  ] as const) {
    it(`${optimizer}: runs started 100× apart end much closer, and beat their fixed poor starts`, async () => {
      const seeds = [0, 1, 2];
      const lowRuns = [];
      const highRuns = [];
      const fixedLow = [];
      const fixedHigh = [];
      for (const seed of seeds) {
        const task = createSimTask({ seed });
        lowRuns.push(await runSimTrial({ task, optimizer, lr: low, space, regulators: [createHypergradient()], seed }));
        highRuns.push(await runSimTrial({ task, optimizer, lr: high, space, regulators: [createHypergradient()], seed }));
        fixedLow.push((await runSimTrial({ task, optimizer, lr: low, space, regulators: [], seed })).testAccuracy);
        fixedHigh.push((await runSimTrial({ task, optimizer, lr: high, space, regulators: [], seed })).testAccuracy);
      }
      const endLow = median(lowRuns.map((r) => r.lrs.at(-1) as number));
      const endHigh = median(highRuns.map((r) => r.lrs.at(-1) as number));
      // the small rate rises (SGD-HD then decays again, as in the paper's plots), the large one falls
      expect(median(lowRuns.map((r) => Math.max(...r.lrs)))).toBeGreaterThan(low * 2);
      expect(endHigh).toBeLessThan(high / 1.5);
      expect(endHigh / endLow).toBeLessThan(15); // from 100× apart to < 15×
      expect(median(lowRuns.map((r) => r.testAccuracy))).toBeGreaterThan(median(fixedLow) + 0.03);
      expect(median(highRuns.map((r) => r.testAccuracy))).toBeGreaterThanOrEqual(median(fixedHigh));
    });
  }
});

describe('createHypergradient: snapshot and restore', () => {
  it('resumes with the same per-trial step bookkeeping', async () => {
    const { createRegulome, float } = await import('@epigenome/core');
    const space = { lr: float(1e-5, 1, { log: true }) };
    const a = createHypergradient();
    const ra = createRegulome({ space, regulators: [a] });
    await ra.addTrial('t', { config: { lr: 0.01 } });
    await ra.observe({ trialId: 't', kind: 'step', step: 10, metrics: { loss: 1, grad_cos: 0.5, lr_effective: 0.01 } });
    const b = createHypergradient();
    const rb = createRegulome({ space, regulators: [b] });
    rb.restore(JSON.parse(JSON.stringify(ra.snapshot())));
    const next = { trialId: 't', kind: 'step' as const, step: 20, metrics: { loss: 0.9, grad_cos: 0.5, lr_effective: 0.0105 } };
    const [oa, ob] = [await ra.observe(next), await rb.observe(next)];
    expect(ob.config.lr).toBe(oa.config.lr);
    expect(ob.events[0]?.reason).toBe('hypergradient: grad_cos 0.500 over 10 steps');
    expect(() => b.restore?.({})).toThrow(/hypergradient.restore\(state\) must be a snapshot of createHypergradient\(\)/);
  });
});

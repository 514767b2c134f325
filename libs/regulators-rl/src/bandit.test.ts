import { createRegulome, float, type Signal } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { deltas, factors } from './actions';
import { createBandit } from './bandit';
import type { ControllerEvent } from './controller-options';
import { best, rightWay, runToy } from './test/contextual-toy';
import { createSimTask, runSimTrial } from './test/simulated-training';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

describe('createBandit learns a contextual toy (through createRegulome)', () => {
  for (const algorithm of ['linucb', 'thompson'] as const) {
    it(`${algorithm}: moves the rate the right way for the context, and mostly by the best action`, async () => {
      const run = await runToy(createBandit({ algorithm, every: { steps: 1 }, rewardHorizon: 1, seed: 1 }), { decisions: 300, seed: 3 });
      expect(rightWay(run, 0, 30)).toBeLessThan(0.9); // it did not know at first
      expect(rightWay(run, 200, 300)).toBeGreaterThan(0.9);
      expect(best(run, 200, 300)).toBeGreaterThan(0.8);
    });
  }

  it('an inherited (restored) bandit does better early than a fresh one on a similar task', async () => {
    const teacher = createBandit({ every: { steps: 1 }, rewardHorizon: 1, seed: 1 });
    await runToy(teacher, { decisions: 300, seed: 3 });
    const state = JSON.parse(JSON.stringify(teacher.snapshot?.()));
    const inherited = createBandit({ every: { steps: 1 }, rewardHorizon: 1, seed: 2 });
    inherited.restore?.(state);
    const a = await runToy(inherited, { decisions: 40, seed: 9 });
    const b = await runToy(createBandit({ every: { steps: 1 }, rewardHorizon: 1, seed: 2 }), { decisions: 40, seed: 9 });
    expect(rightWay(a)).toBeGreaterThan(0.9);
    expect(rightWay(a)).toBeGreaterThan(rightWay(b) + 0.2);
  });
});

describe('createBandit: learned state', () => {
  it('snapshot() is JSON and round-trips through restore(), reproducing decisions', async () => {
    const a = createBandit({ algorithm: 'thompson', every: { steps: 1 }, rewardHorizon: 1, seed: 5 });
    await runToy(a, { decisions: 60, seed: 1 });
    const snap = a.snapshot?.();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    const b = createBandit({ algorithm: 'thompson', every: { steps: 1 }, rewardHorizon: 1, seed: 5 });
    b.restore?.(JSON.parse(JSON.stringify(snap)));
    expect(b.snapshot?.()).toEqual(snap);
    const c = createBandit({ algorithm: 'thompson', every: { steps: 1 }, rewardHorizon: 1, seed: 5 });
    c.restore?.(JSON.parse(JSON.stringify(snap)));
    expect((await runToy(b, { decisions: 30, seed: 2 })).factors).toEqual((await runToy(c, { decisions: 30, seed: 2 })).factors);
  });

  it('refuses a snapshot of another shape, naming the field', () => {
    const snap = createBandit().snapshot?.() as Record<string, unknown>;
    expect(() => createBandit({ actions: { lr: factors(0.5, 2) } }).restore?.(snap)).toThrow(/bandit\.restore\(state\)\.actions must be the same action sets/);
    expect(() => createBandit({ algorithm: 'thompson' }).restore?.(snap)).toThrow(/bandit\.restore\(state\)\.learner\.algorithm must be "thompson"; got "linucb"/);
    expect(() => createBandit().restore?.({ ...snap, version: 2 })).toThrow(/bandit\.restore\(state\)\.version must be 1/);
    expect(() => createBandit().restore?.(null)).toThrow(/version must be 1/);
    const broken = JSON.parse(JSON.stringify(snap));
    broken.learner.arms.lr[0].b[0] = 'x';
    expect(() => createBandit().restore?.(broken)).toThrow(/learner\.arms\.lr\[0\] must be/);
  });
});

describe('createBandit: safety', () => {
  const space = { lr: float(1e-5, 10, { log: true }), dropout: float(0, 0.5) };

  it('divergence: an immediate rollback action and a negative reward for the last decision', async () => {
    const events: ControllerEvent[] = [];
    const bandit = createBandit({ every: { steps: 1 }, rewardHorizon: 1, seed: 1, onEvent: (e) => events.push(e) });
    const regulome = createRegulome({ space, regulators: [bandit] });
    await regulome.addTrial('t0', { config: { lr: 0.1, dropout: 0.1 } });
    await regulome.observe({ trialId: 't0', kind: 'step', step: 1, metrics: { loss: 1 } });
    const before = regulome.trial('t0').config.lr as number;
    const out = await regulome.observe({ trialId: 't0', kind: 'step', step: 2, metrics: { loss: Number.NaN } });
    expect(out.config.lr).toBeCloseTo(before * 0.5, 12);
    expect(out.events[0]?.reason).toMatch(/^rollback: divergence \(loss NaN\); lr ×0\.5/);
    expect(events.filter((e) => e.type === 'reward')).toEqual([{ type: 'reward', trialId: 't0', step: 2, reward: -1, diverged: true }]);
    expect(events.at(-1)).toMatchObject({ type: 'rollback', step: 2 });
  });

  it('diverging simulated training is rolled back, penalised, and recovers', async () => {
    const rewards: number[] = [];
    // only risky actions on offer: ×1 or ×4 — it will overshoot and must be caught
    const bandit = createBandit({ seed: 1, actions: { lr: factors(1, 4) }, onEvent: (e) => e.type === 'reward' && e.diverged && rewards.push(e.reward) });
    const wide = { lr: float(1e-5, 1000, { log: true }) };
    const r = await runSimTrial({ task: createSimTask({ seed: 0 }), optimizer: 'sgd', lr: 0.1, space: wide, regulators: [bandit], seed: 0 });
    expect(r.rollbacks).toBeGreaterThan(0);
    expect(rewards.length).toBeGreaterThan(0);
    expect(rewards.every((x) => x === -1)).toBe(true);
    expect(Number.isFinite(r.valLoss)).toBe(true);
    expect(r.valAccuracy).toBeGreaterThan(0.5);
  });

  it('after a divergence never raises the rate above ceilingFactor × the rate that diverged (in that trial)', async () => {
    for (const ceilingFactor of [undefined, 0.25]) {
      const bandit = createBandit({
        every: { steps: 1 },
        rewardHorizon: 1,
        seed: 4,
        actions: { lr: factors(0.5, 1, 2) },
        ...(ceilingFactor === undefined ? {} : { ceilingFactor }),
      });
      const regulome = createRegulome({ space, regulators: [bandit], features: { divergenceFactor: 1e12 } });
      await regulome.addTrial('t0', { config: { lr: 0.8, dropout: 0.1 } });
      await regulome.observe({ trialId: 't0', kind: 'step', step: 1, metrics: { loss: 1 } });
      const diverged = regulome.trial('t0').config.lr as number;
      await regulome.observe({ trialId: 't0', kind: 'step', step: 2, metrics: { loss: Number.NaN } });
      const lrs: number[] = [];
      for (let step = 3; step <= 80; step++) {
        // the reward favours rises (the loss falls faster the higher the rate)
        const lr = regulome.trial('t0').config.lr as number;
        lrs.push((await regulome.observe({ trialId: 't0', kind: 'step', step, metrics: { loss: 1 / (1 + step * lr) } })).config.lr as number);
      }
      const cap = diverged * (ceilingFactor ?? 0.5);
      expect(Math.max(...lrs)).toBeLessThanOrEqual(diverged * 0.5 * (1 + 1e-9)); // never above the restart rate
      const under = lrs.findIndex((x) => x <= cap * (1 + 1e-9));
      expect(under).toBeGreaterThanOrEqual(0);
      expect(Math.max(...lrs.slice(under))).toBeLessThanOrEqual(cap * (1 + 1e-9)); // once under the ceiling, it stays under
      // another trial has no ceiling
      await regulome.addTrial('t1', { config: { lr: 0.8, dropout: 0.1 } });
      let other = 0;
      for (let step = 1; step <= 80; step++) {
        const lr = regulome.trial('t1').config.lr as number;
        other = Math.max(other, (await regulome.observe({ trialId: 't1', kind: 'step', step, metrics: { loss: 1 / (1 + step * lr) } })).config.lr as number);
      }
      expect(other).toBeGreaterThan(0.8);
    }
    expect(() => createBandit({ ceilingFactor: 0 })).toThrow(/options\.ceilingFactor must be a finite number > 0 and ≤ 1; got 0/);
  });

  it('keeps every value inside the space and masks actions that would push past a bound', async () => {
    const chosen: Record<string, number>[] = [];
    const bandit = createBandit({
      every: { steps: 1 },
      rewardHorizon: 1,
      seed: 3,
      actions: { lr: factors(0.5, 1, 2), dropout: deltas(-0.05, 0, 0.05) },
      onEvent: (e) => e.type === 'decision' && chosen.push({ ...e.actions }),
    });
    const regulome = createRegulome({ space, regulators: [bandit], features: { divergenceFactor: 1e12 } });
    await regulome.addTrial('t0', { config: { lr: 10, dropout: 0.5 } });
    for (let step = 1; step <= 200; step++) {
      const out = await regulome.observe({ trialId: 't0', kind: 'step', step, metrics: { loss: 1 + 0.1 * Math.sin(step) } });
      expect(out.config.lr).toBeLessThanOrEqual(10);
      expect(out.config.dropout).toBeLessThanOrEqual(0.5);
      expect(out.config.dropout).toBeGreaterThanOrEqual(0);
    }
    expect(chosen[0]?.lr).not.toBe(2); // at the upper bound ×2 is not an option
    expect(chosen[0]?.dropout).not.toBe(0.05);
  });
});

describe('createBandit: bad input', () => {
  it('an unknown hyperparameter in the action set fails when the regulome is built (or at setup)', async () => {
    const space = { lr: float(1e-4, 1, { log: true }) };
    expect(() => createRegulome({ space, regulators: [createBandit({ actions: { momentum: factors(0.9, 1.1) } })] })).toThrow(/controls one the space lacks; got "momentum"/);
    const b = createBandit({ actions: { momentum: factors(0.9, 1.1) } });
    expect(() => b.setup?.({ space } as never)).toThrow(/bandit\.actions\.momentum must be a hyperparameter of the space \(lr\)/);
  });

  it('an empty action set is refused', () => {
    expect(() => createBandit({ actions: {} })).toThrow(/options\.actions must be at least one hyperparameter with its actions/);
    expect(() => createBandit({ actions: { lr: { kind: 'factor', values: [] } } })).toThrow(/options\.actions\.lr\.values must be a non-empty array/);
  });

  it('a NaN reward from a custom reward function throws naming it; a NaN loss is divergence', async () => {
    const space = { lr: float(1e-4, 1, { log: true }) };
    const bandit = createBandit({ every: { steps: 1 }, rewardHorizon: 1, reward: () => Number.NaN });
    const regulome = createRegulome({ space, regulators: [bandit] });
    await regulome.addTrial('t0', { config: { lr: 0.01 } });
    await regulome.observe({ trialId: 't0', kind: 'step', step: 1, metrics: { loss: 1 } });
    await expect(regulome.observe({ trialId: 't0', kind: 'step', step: 2, metrics: { loss: 0.9 } })).rejects.toThrow(
      /bandit\.reward must be a finite number \(returned for loss 1 → 0\.9\); got NaN/,
    );
    const ok = createRegulome({ space, regulators: [createBandit({ every: { steps: 1 } })] });
    await ok.addTrial('t0', { config: { lr: 0.01 } });
    const out = await ok.observe({ trialId: 't0', kind: 'step', step: 1, metrics: { loss: Number.NaN } });
    expect(out.events[0]?.reason).toMatch(/^rollback:/);
  });

  it('validates options with field and allowed range', () => {
    expect(() => createBandit({ algorithm: 'ucb1' as 'linucb' })).toThrow('options.algorithm must be "linucb" or "thompson"; got "ucb1"');
    expect(() => createBandit({ every: { steps: 0 } })).toThrow('options.every.steps must be an integer ≥ 1; got 0');
    expect(() => createBandit({ exploration: -1 })).toThrow(/exploration must be a finite number ≥ 0; got -1/);
    expect(() => createBandit({ ridge: 0 })).toThrow(/ridge must be a finite number > 0; got 0/);
    expect(() => createBandit({ rewardScale: Number.NaN })).toThrow(/rewardScale must be a finite number > 0; got NaN/);
    expect(() => createBandit({ rollback: { factor: 2 } })).toThrow(/rollback\.factor must be a finite number > 0 and ≤ 1; got 2/);
    expect(() => createBandit({ rollback: { params: ['momentum'] } })).toThrow(/rollback\.params must be a hyperparameter with actions \(lr\); got "momentum"/);
    expect(() => createBandit({ features: ['bias', 'loss'] })).toThrow(/features must be one of bias, position:lr/);
    expect(() => createBandit({ features: 'bias' as never })).toThrow('options.features must be a non-empty array of state feature names; got "bias"');
    expect(() => createBandit({ rewardMetric: 'accuracy' as 'loss' })).toThrow(/rewardMetric must be one of "auto", "val_loss", "loss", "hypergradient"/);
  });

  it('decides at evaluations at the epoch level with every: "eval", rewarded by validation loss', async () => {
    const events: ControllerEvent[] = [];
    const bandit = createBandit({ every: { evals: 1 }, rewardHorizon: 1, seed: 1, onEvent: (e) => events.push(e) });
    expect(bandit.level).toBe('epoch');
    const regulome = createRegulome({ space: { lr: float(1e-4, 1, { log: true }) }, regulators: [bandit] });
    await regulome.addTrial('t0', { config: { lr: 0.01 } });
    await regulome.observe({ trialId: 't0', kind: 'step', step: 5, metrics: { loss: 1 } });
    await regulome.observe({ trialId: 't0', kind: 'eval', step: 5, metrics: { val_loss: 1 } });
    await regulome.observe({ trialId: 't0', kind: 'eval', step: 10, metrics: { val_loss: Math.exp(-0.1) } });
    expect(events.map((e) => e.type)).toEqual(['decision', 'reward', 'decision']);
    expect((events[1] as { reward: number }).reward).toBeCloseTo(0.1 / 0.2, 12);
  });
});

describe('createBandit on the simulated task', () => {
  it('inherited from an earlier experiment, it beats a fresh bandit early from a poor start (median of 3)', async () => {
    const space = { lr: float(1e-5, 1, { log: true }) };
    const teacher = createBandit({ seed: 0 });
    for (let e = 0; e < 6; e++)
      await runSimTrial({ task: createSimTask({ seed: 100 + e }), optimizer: 'adam', lr: [0.001, 0.1][e % 2] as number, space, regulators: [teacher], seed: 100 + e, steps: 400 });
    const state = JSON.parse(JSON.stringify(teacher.snapshot?.()));
    const inherited: number[] = [];
    const fresh: number[] = [];
    for (const seed of [0, 1, 2]) {
      const task = createSimTask({ seed: 200 + seed, classSubset: [0, 2, 3, 5] });
      const a = createBandit({ seed });
      a.restore?.(state);
      inherited.push((await runSimTrial({ task, optimizer: 'adam', lr: 0.001, space, regulators: [a], seed, steps: 150 })).valAccuracy);
      fresh.push((await runSimTrial({ task, optimizer: 'adam', lr: 0.001, space, regulators: [createBandit({ seed })], seed, steps: 150 })).valAccuracy);
    }
    expect(median(inherited)).toBeGreaterThan(median(fresh));
  });
});

// keeps the Signal import honest for readers of this file
export type { Signal };

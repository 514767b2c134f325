import { createRegulome, float } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { factors } from './actions';
import type { ControllerEvent } from './controller-options';
import { createPolicyGradient } from './policy-gradient';
import { best, rightWay, runToy } from './test/contextual-toy';

describe('createPolicyGradient learns a contextual toy (through createRegulome)', () => {
  for (const hidden of [0, 8]) {
    it(`${hidden === 0 ? 'linear' : 'MLP'} policy: prefers the good action for the context`, async () => {
      const pg = createPolicyGradient({ every: { steps: 1 }, seed: 1, hidden });
      const run = await runToy(pg, { decisions: 500, seed: 3 });
      expect(rightWay(run, 0, 50)).toBeLessThan(0.7);
      expect(rightWay(run, 400, 500)).toBeGreaterThan(0.85);
      expect(best(run, 400, 500)).toBeGreaterThan(0.6);
    });
  }

  it('is episodic across trials: learning carries from one trial to the next', async () => {
    const pg = createPolicyGradient({ every: { steps: 1 }, seed: 1 });
    for (let e = 0; e < 5; e++) await runToy(pg, { decisions: 100, seed: 10 + e, trialId: `t${e}` });
    const after = await runToy(pg, { decisions: 60, seed: 20, trialId: 'last' });
    expect(rightWay(after)).toBeGreaterThan(0.85);
  });

  it('an inherited (restored) policy does better early than a fresh one on a similar task', async () => {
    const teacher = createPolicyGradient({ every: { steps: 1 }, seed: 1 });
    await runToy(teacher, { decisions: 500, seed: 3 });
    const inherited = createPolicyGradient({ every: { steps: 1 }, seed: 2 });
    inherited.restore?.(JSON.parse(JSON.stringify(teacher.snapshot?.())));
    const a = await runToy(inherited, { decisions: 40, seed: 9 });
    const b = await runToy(createPolicyGradient({ every: { steps: 1 }, seed: 2 }), { decisions: 40, seed: 9 });
    expect(rightWay(a)).toBeGreaterThan(rightWay(b) + 0.25);
  });
});

describe('createPolicyGradient: state, seeds and safety', () => {
  it('is seedable: equal seeds, equal decisions; another seed, other decisions', async () => {
    const run = (seed: number, initSeed = 0) => runToy(createPolicyGradient({ every: { steps: 1 }, seed, initSeed, hidden: 4 }), { decisions: 80, seed: 4 });
    expect((await run(7)).factors).toEqual((await run(7)).factors);
    expect((await run(7)).factors).not.toEqual((await run(8)).factors);
    expect((await run(7, 0)).factors).not.toEqual((await run(7, 1)).factors);
  });

  it('snapshot() is JSON and round-trips through restore()', async () => {
    const a = createPolicyGradient({ every: { steps: 1 }, seed: 1, hidden: 4 });
    await runToy(a, { decisions: 50, seed: 1 });
    const snap = a.snapshot?.();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    const b = createPolicyGradient({ every: { steps: 1 }, seed: 1, hidden: 4 });
    b.restore?.(JSON.parse(JSON.stringify(snap)));
    expect(b.snapshot?.()).toEqual(snap);
    expect(() => createPolicyGradient({ hidden: 8 }).restore?.(snap)).toThrow(/policy-gradient\.restore\(state\)\.learner\.hidden must be 8 \(the policy's hidden units\); got 4/);
    expect(() => createPolicyGradient({ hidden: 4 }).restore?.({ ...(snap as object), kind: 'bandit' })).toThrow(/restore\(state\)\.kind must be "policy-gradient"; got "bandit"/);
  });

  it('divergence: rollback at once and a negative reward for the last decision', async () => {
    const events: ControllerEvent[] = [];
    const pg = createPolicyGradient({ every: { steps: 1 }, seed: 1, actions: { lr: factors(0.5, 1, 2) }, divergencePenalty: 2, onEvent: (e) => events.push(e) });
    const regulome = createRegulome({ space: { lr: float(1e-5, 10, { log: true }) }, regulators: [pg] });
    await regulome.addTrial('t0', { config: { lr: 0.1 } });
    await regulome.observe({ trialId: 't0', kind: 'step', step: 1, metrics: { loss: 1 } });
    const lr = regulome.trial('t0').config.lr as number;
    const out = await regulome.observe({ trialId: 't0', kind: 'step', step: 2, metrics: { loss: 50 } }); // 50 > 4 × running min
    expect(out.signal.features.diverged).toBe(1);
    expect(out.config.lr).toBeCloseTo(lr / 2, 12);
    expect(out.events[0]?.reason).toMatch(/^rollback:/);
    expect(events.find((e) => e.type === 'reward')).toEqual({ type: 'reward', trialId: 't0', step: 2, reward: -2, diverged: true });
  });

  it('validates options with field and allowed range', () => {
    expect(() => createPolicyGradient({ hidden: -1 })).toThrow('options.hidden must be an integer ≥ 0 and ≤ 256; got -1');
    expect(() => createPolicyGradient({ discount: 1.5 })).toThrow(/discount must be a finite number ≥ 0 and ≤ 1; got 1.5/);
    expect(() => createPolicyGradient({ actorRate: 0 })).toThrow(/actorRate must be a finite number > 0; got 0/);
    expect(() => createPolicyGradient({ rewardHorizon: 3 })).toThrow(/rewardHorizon must be 1 or absent \(the critic looks ahead\); got 3/);
    expect(() => createPolicyGradient({ actions: {} })).toThrow(/actions must be at least one hyperparameter/);
    expect(() => createPolicyGradient({ initSeed: Number.NaN })).toThrow(/initSeed must be a finite number or a string/);
  });
});

describe('createPolicyGradient on the simulated task', () => {
  it('inherited from an earlier experiment, it beats a fresh policy early from a poor start (median of 3)', async () => {
    const { createSimTask, runSimTrial } = await import('./test/simulated-training');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
    const space = { lr: float(1e-5, 1, { log: true }) };
    const teacher = createPolicyGradient({ seed: 0 });
    for (let e = 0; e < 8; e++)
      await runSimTrial({ task: createSimTask({ seed: 100 + e }), optimizer: 'adam', lr: 10 ** (-4 + 3.5 * ((e * 0.618034) % 1)), space, regulators: [teacher], seed: 100 + e });
    const state = JSON.parse(JSON.stringify(teacher.snapshot?.()));
    const inherited: number[] = [];
    const fresh: number[] = [];
    for (const seed of [0, 1, 2]) {
      const task = createSimTask({ seed: 200 + seed, classSubset: [0, 2, 3, 5] });
      const a = createPolicyGradient({ seed });
      a.restore?.(state);
      inherited.push((await runSimTrial({ task, optimizer: 'adam', lr: 0.001, space, regulators: [a], seed, steps: 200 })).valAccuracy);
      fresh.push((await runSimTrial({ task, optimizer: 'adam', lr: 0.001, space, regulators: [createPolicyGradient({ seed })], seed, steps: 200 })).valAccuracy);
    }
    expect(median(inherited)).toBeGreaterThan(median(fresh));
  });
});

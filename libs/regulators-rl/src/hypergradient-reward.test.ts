import { createRegulome, float, type Regulator } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { factors } from './actions';
import { createBandit } from './bandit';
import type { ControllerEvent, ControllerOptions } from './controller-options';
import { createPolicyGradient } from './policy-gradient';

const space = { lr: float(1e-4, 10, { log: true }) };

const makers: [string, (o: ControllerOptions) => Regulator][] = [
  ['bandit', (o) => createBandit(o)],
  ['policy gradient', (o) => createPolicyGradient(o)],
];

/** Drives one trial by hand: a step signal every 10 steps with the given cosines; returns the events. */
async function drive(make: (o: ControllerOptions) => Regulator, options: ControllerOptions, metrics: (step: number) => Record<string, number>, steps = 30) {
  const events: ControllerEvent[] = [];
  const regulome = createRegulome({
    space,
    regulators: [make({ every: { steps: 10 }, seed: 1, actions: { lr: factors(0.5, 2) }, rewardScale: 1, ...options, onEvent: (e) => events.push(e) })],
    budget: { stepsPerTrial: 100 },
  });
  await regulome.addTrial('t', { config: { lr: 0.1 } });
  for (let step = 10; step <= steps; step += 10) await regulome.observe({ trialId: 't', kind: 'step', step, metrics: { loss: 1, ...metrics(step) } });
  return events;
}

describe("rewardMetric 'hypergradient' (bandit and policy gradient)", () => {
  for (const [name, make] of makers) {
    it(`${name}: rewards log₂(factor) × (interval slice_cos − target at budget_used)`, async () => {
      const events = await drive(make, { rewardMetric: 'hypergradient', targetCos: { start: -0.3, end: 0.1 } }, (step) => ({
        slice_cos: step === 20 ? 0.1 : -0.5,
        grad_cos: -0.9,
      }));
      const decisions = events.filter((e) => e.type === 'decision');
      const rewards = events.filter((e) => e.type === 'reward');
      expect(rewards).toHaveLength(2);
      // the decision at step 10 is judged by the interval up to step 20: cos 0.1, target −0.3 + 0.4 × 0.2
      const f10 = (decisions[0] as { actions: Record<string, number> }).actions.lr as number;
      expect(rewards[0]).toMatchObject({ step: 20, diverged: false });
      expect((rewards[0] as { reward: number }).reward).toBeCloseTo(Math.log2(f10) * (0.1 - (-0.3 + 0.4 * 0.2)), 12);
      const f20 = (decisions[1] as { actions: Record<string, number> }).actions.lr as number;
      expect((rewards[1] as { reward: number }).reward).toBeCloseTo(Math.log2(f20) * (-0.5 - (-0.3 + 0.4 * 0.3)), 12);
    });

    it(`${name}: falls back to grad_cos, learns nothing without either, clips to [−1, 1]`, async () => {
      const fallback = await drive(make, { rewardMetric: 'hypergradient', targetCos: 0 }, () => ({ grad_cos: 0.25 }), 20);
      const f = (fallback.find((e) => e.type === 'decision') as { actions: Record<string, number> }).actions.lr as number;
      expect((fallback.find((e) => e.type === 'reward') as { reward: number }).reward).toBeCloseTo(Math.log2(f) * 0.25, 12);
      const none = await drive(make, { rewardMetric: 'hypergradient' }, () => ({}));
      expect(none.filter((e) => e.type === 'reward')).toEqual([]);
      expect(none.filter((e) => e.type === 'decision')).toHaveLength(3);
      const clipped = await drive(make, { rewardMetric: 'hypergradient', targetCos: 0, rewardScale: 0.01 }, () => ({ slice_cos: 0.5 }), 20);
      expect(Math.abs((clipped.find((e) => e.type === 'reward') as { reward: number }).reward)).toBe(1);
    });
  }

  it('sees bias, position, the interval means of slice_cos and grad_cos, and budget_used', async () => {
    const b = createBandit({ rewardMetric: 'hypergradient' });
    expect((b.snapshot?.() as { features: string[] }).features).toEqual(['bias', 'position:lr', 'slice_cos', 'grad_cos', 'budget_used']);
    const events: ControllerEvent[] = [];
    const regulome = createRegulome({
      space,
      regulators: [createBandit({ every: { steps: 20 }, seed: 1, rewardMetric: 'hypergradient', onEvent: (e) => events.push(e) })],
      budget: { stepsPerTrial: 100 },
    });
    await regulome.addTrial('t', { config: { lr: 0.1 } });
    await regulome.observe({ trialId: 't', kind: 'step', step: 10, metrics: { loss: 1, slice_cos: 0.1, grad_cos: -0.2 } });
    await regulome.observe({ trialId: 't', kind: 'step', step: 20, metrics: { loss: 1, slice_cos: 0.3, grad_cos: 0 } });
    const state = (events.find((e) => e.type === 'decision') as { state: readonly number[] }).state;
    expect(state[2]).toBeCloseTo(Math.tanh(4 * 0.2), 12);
    expect(state[3]).toBeCloseTo(Math.tanh(4 * -0.1), 12);
    expect(state[4]).toBeCloseTo(0.2, 12);
  });

  it("prior 'hypergradient': a fresh bandit acts like the rule from its first decision", async () => {
    const first = async (cos: number) => {
      const events = await drive(
        (o) => createBandit({ ...o, exploration: 0, actions: { lr: factors(0.5, 0.8, 1, 1.25, 2) } }),
        { rewardMetric: 'hypergradient', prior: 'hypergradient', state: { cosineGain: 1 }, rewardScale: 0.2 },
        () => ({ slice_cos: cos }),
        10,
      );
      return (events.find((e) => e.type === 'decision') as { actions: Record<string, number> }).actions.lr;
    };
    expect(await first(0.5)).toBe(2); // successive directions agree: the rate is too small
    expect(await first(-0.6)).toBe(0.8); // mildly below the target: a small cut, not the largest
    expect(await first(-0.3)).toBe(1); // at the target early in the budget: no change
  });

  it("prior 'hypergradient': a fresh linear policy raises the rate while the slices agree", async () => {
    const events = await drive(
      (o) => createPolicyGradient({ ...o, hidden: 0, actions: { lr: factors(0.5, 0.8, 1, 1.25, 2) } }),
      { rewardMetric: 'hypergradient', prior: 'hypergradient', state: { cosineGain: 1 }, rewardScale: 0.2 },
      () => ({ slice_cos: 0.6 }),
      50,
    );
    // from 0.1, five rises stay inside the space's bound (10)
    const factorsChosen = events.filter((e) => e.type === 'decision').map((e) => (e as { actions: Record<string, number> }).actions.lr as number);
    expect(factorsChosen).toHaveLength(5);
    expect(factorsChosen.every((f) => f > 1)).toBe(true);
  });

  it('prior: validated, naming the field and what is allowed', () => {
    expect(() => createBandit({ prior: 'rule' as 'none' })).toThrow(/options\.prior must be "none" or "hypergradient"; got "rule"/);
    expect(() => createBandit({ prior: 'hypergradient' })).toThrow(/prior must be "none" unless rewardMetric is "hypergradient"/);
    expect(() => createBandit({ rewardMetric: 'hypergradient', prior: 'hypergradient', features: ['bias', 'budget_used'] })).toThrow(
      /options\.features must be features that include "bias" and "slice_cos" or "grad_cos"/,
    );
    expect(() => createPolicyGradient({ rewardMetric: 'hypergradient', prior: 'hypergradient' })).toThrow(
      /policy-gradient\.prior must be "none" with a hidden layer \(the prior sets a linear policy: hidden 0\)/,
    );
    expect(() => createPolicyGradient({ rewardMetric: 'hypergradient', prior: 'hypergradient', hidden: 0 })).not.toThrow();
  });

  it('validates targetCos and rewardMetric, naming the field and the allowed values', () => {
    expect(() => createBandit({ rewardMetric: 'accuracy' as 'loss' })).toThrow(/options\.rewardMetric must be one of "auto", "val_loss", "loss", "hypergradient"; got "accuracy"/);
    expect(() => createBandit({ targetCos: -0.2 })).toThrow(/options\.targetCos must be absent unless rewardMetric is "hypergradient"; got -0.2/);
    expect(() => createPolicyGradient({ rewardMetric: 'hypergradient', targetCos: { start: -0.2, end: 1 } })).toThrow(
      /options\.targetCos\.end must be a finite number > -1 and < 1; got 1/,
    );
  });
});

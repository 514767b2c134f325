import { float, width, type Regulator } from '@epigenome/core';
import { runScripted, toyTraining, type ScriptedRunOptions, type TranscriptEntry } from '@epigenome/core/testing';
import { describe, expect, it } from 'vitest';
import { deltas } from './actions';
import { createBandit } from './bandit';
import { createDivergenceReflex } from './divergence-reflex';
import { createGrowthReflex } from './growth-reflex';
import { createHypergradient } from './hypergradient';
import { createPlateauReflex } from './plateau-reflex';
import { createPolicyGradient } from './policy-gradient';

const space = { lr: float(1e-4, 1, { log: true }), dropout: float(0, 0.6) };
// lr starts high enough that rises cross 0.5 and diverge: rollbacks and ceilings are exercised
const world = toyTraining({ trials: 3, concurrent: 2, steps: 150, slice: 5, evalEvery: 25, divergeAbove: 0.3 });

const cases: Record<string, () => Regulator[]> = {
  'bandit (linucb, reward horizon 3)': () => [
    createBandit({ every: { steps: 10 }, actions: { lr: { kind: 'factor', values: [0.5, 1, 2] }, dropout: deltas(-0.1, 0, 0.1) }, explosionFactor: 3 }),
  ],
  'bandit (thompson, own seed)': () => [createBandit({ algorithm: 'thompson', every: { steps: 10 }, seed: 3 })],
  'bandit (hypergradient reward)': () => [createBandit({ every: { steps: 10 }, rewardMetric: 'hypergradient', prior: 'hypergradient' })],
  'policy gradient (own seed)': () => [createPolicyGradient({ every: { steps: 10 }, hidden: 4, seed: 5 })],
  'policy gradient (at evaluations)': () => [createPolicyGradient({ every: { evals: 1 }, hidden: 0 })],
  hypergradient: () => [createHypergradient({ beta: 0.3, targetCos: { start: -0.3, end: 0.1 }, explosionFactor: 2 })],
  'plateau reflex': () => [createPlateauReflex({ patience: 1, factor: 1.6, cooldown: 1, minDelta: 0.6 })],
  'divergence reflex': () => [createDivergenceReflex({ level: 'epoch', factor: 0.9, maxRollbacks: 3 })],
};

const options = (regulators: () => Regulator[]): ScriptedRunOptions => ({ space, regulators, script: world, seed: 7, budget: { stepsPerTrial: 150 } });
const decisions = (t: TranscriptEntry[]) => t.filter((e) => e.type === 'observe' && e.events.length > 0);
const run = async (regulators: () => Regulator[], interruptAt?: number) => await runScripted(options(regulators), { interruptAt });

describe('resume: interrupted, snapshot → JSON → fresh regulator → restore, continues exactly', () => {
  for (const [name, regulators] of Object.entries(cases)) {
    it(name, async () => {
      const full = await run(regulators);
      // the run must decide things, or equality proves nothing
      expect(decisions(full).length).toBeGreaterThan(3);
      for (const k of [7, 41, 96]) expect(await run(regulators, k)).toEqual(full);
    });
  }

  it('growth reflex (widths and dropout)', async () => {
    // a longer world, so that training losses flatten and widths change
    const opts: ScriptedRunOptions = {
      space: { ...space, 'width.0': width(4, 256, { log: true }) },
      regulators: () => [createGrowthReflex({ params: ['width.0', 'dropout'], patience: 1, cooldown: 1, minOverfitGap: 0.04 })],
      script: toyTraining({ trials: 3, concurrent: 2, steps: 600, slice: 5, evalEvery: 25, divergeAbove: 2 }),
      seed: 7,
      budget: { stepsPerTrial: 600 },
    };
    const full = await runScripted(opts);
    expect(decisions(full).length).toBeGreaterThan(3);
    for (const k of [7, 41, 96, 300]) expect(await runScripted(opts, { interruptAt: k })).toEqual(full);
  });

  it('the toy world makes the rollbacks and ceilings happen that a resume must carry', async () => {
    const full = await run(cases.hypergradient!);
    expect(full.filter((e) => e.type === 'observe' && e.rollback !== undefined).length).toBeGreaterThan(0);
  });
});

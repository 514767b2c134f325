import { float, type Regulator } from '@epigenome/core';
import { runScripted, toyTraining } from '@epigenome/core/testing';
import { describe, expect, it } from 'vitest';
import { createBandit } from '../bandit';
import { createPolicyGradient } from '../policy-gradient';
import { signal } from '../test/step-signal';
import { capRise, lowerCeiling, risesAboveCeiling, rollbackAdjustment } from './rollback-rule';

const space = { lr: float(1e-4, 1, { log: true }) };

/** Trains a controller a little in the toy world and returns it. */
async function trained(make: () => Regulator): Promise<Regulator> {
  const made: Regulator[] = [];
  await runScripted({ space, regulators: () => [(made[made.length] = make())], script: toyTraining({ trials: 1, steps: 60 }), seed: 1 });
  return made[0] as Regulator;
}

describe('learned controllers: knowledge is the inheritable part of the snapshot', () => {
  for (const [name, make] of [
    ['bandit', () => createBandit({ every: { steps: 10 } })],
    ['policy gradient', () => createPolicyGradient({ every: { steps: 10 }, hidden: 2, seed: 2 })],
  ] as [string, () => Regulator][]) {
    it(`${name}: knowledge() is the learned state alone, learn() and an old-style restore() take it`, async () => {
      const c = await trained(make);
      const k = c.knowledge?.() as Record<string, unknown>;
      expect(Object.keys(k).sort()).toEqual(['actions', 'decisions', 'features', 'kind', 'learner', 'rollbacks', 'version']);
      expect(k.decisions).toBeGreaterThan(0);
      const snap = c.snapshot?.() as Record<string, unknown>;
      expect({ ...snap, resume: undefined }).toEqual({ ...k, resume: undefined });
      expect(Object.keys(snap.resume as object)).toEqual(expect.arrayContaining(['trials', 'firstLoss', 'peakGradNorm']));
      const a = make();
      a.learn?.(JSON.parse(JSON.stringify(k)));
      const b = make();
      b.restore?.(JSON.parse(JSON.stringify(k)));
      expect(a.knowledge?.()).toEqual(k);
      expect(b.snapshot?.()).toEqual(a.snapshot?.());
      expect((a.snapshot?.() as { resume: { trials: object } }).resume.trials).toEqual({});
    });
  }

  it('restore() continues its own stream only: a controller given another seed keeps the one it asked for', async () => {
    const a = await trained(() => createBandit({ algorithm: 'thompson', every: { steps: 10 }, seed: 1 }));
    const snap = JSON.parse(JSON.stringify(a.snapshot?.())) as { resume: { rng: { path: string; words: number[] } } };
    const same = createBandit({ algorithm: 'thompson', every: { steps: 10 }, seed: 1 });
    same.restore?.(snap);
    expect((same.snapshot?.() as typeof snap).resume.rng).toEqual(snap.resume.rng);
    const other = createBandit({ algorithm: 'thompson', every: { steps: 10 }, seed: 2 });
    const fresh = (createBandit({ algorithm: 'thompson', every: { steps: 10 }, seed: 2 }).snapshot?.() as typeof snap).resume.rng;
    other.restore?.(snap);
    expect((other.snapshot?.() as typeof snap).resume.rng).toEqual(fresh);
    expect(fresh.path).not.toBe(snap.resume.rng.path);
  });

  it('refuses a state of another kind, naming the hook', () => {
    const b = createBandit();
    expect(() => b.learn?.({ version: 1, kind: 'policy-gradient' })).toThrow('bandit.learn(knowledge).kind must be "bandit"; got "policy-gradient"');
    const k = b.knowledge?.() as object;
    expect(() => b.restore?.({ ...k, resume: 3 })).toThrow(/bandit\.restore\(state\)\.resume must be the resume part of a snapshot\(\)/);
  });
});

describe('the rollback/ceiling rule', () => {
  it('builds the rollback adjustment with its reason', () => {
    expect(rollbackAdjustment('divergence', signal({ loss: Number.NaN }), ['lr', 'momentum'], 0.5)).toEqual({
      rollback: true,
      factor: { lr: 0.5, momentum: 0.5 },
      reason: 'rollback: divergence (loss NaN); lr ×0.5, momentum ×0.5',
    });
  });

  it('lowers the ceiling to the diverged rate × ceilingFactor, never raises it, ignores a bad rate', () => {
    expect(lowerCeiling(undefined, 0.4, 0.5)).toBe(0.2);
    expect(lowerCeiling(0.1, 0.4, 0.5)).toBe(0.1);
    expect(lowerCeiling(0.3, 0.4, 0.5)).toBe(0.2);
    expect(lowerCeiling(undefined, Number.NaN, 0.5)).toBeUndefined();
    expect(lowerCeiling(0.3, -1, 0.5)).toBe(0.3);
  });

  it('masks and caps rises above the ceiling, not cuts', () => {
    expect(risesAboveCeiling(0.1, 2, 0.15)).toBe(true);
    expect(risesAboveCeiling(0.1, 1.5, 0.15)).toBe(false);
    expect(risesAboveCeiling(0.3, 0.5, 0.1)).toBe(false);
    expect(capRise(2, 0.1, 0.15)).toBeCloseTo(1.5, 12);
    expect(capRise(2, 0.2, 0.15)).toBe(1);
    expect(capRise(0.5, 0.2, 0.15)).toBe(0.5);
    expect(capRise(2, 0.2, undefined)).toBe(2);
  });
});

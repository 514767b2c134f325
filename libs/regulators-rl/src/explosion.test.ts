import { createRegulome, float, type Adjustment, type Regulator, type Signal } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { signal } from './test/step-signal';
import { createBandit } from './bandit';
import type { ControllerEvent } from './controller-options';
import { createHypergradient } from './hypergradient';
import { createPolicyGradient } from './policy-gradient';

const space = { lr: float(1e-5, 10, { log: true }) };
const ctx = undefined as never;
const run = (r: Regulator, s: Signal) => r.regulate?.(s, ctx) as (Adjustment & { factor: Record<string, number> }) | undefined;

describe('createHypergradient: targetCos', () => {
  it('steers the rate to the target cosine: α ← α (1 + β (cos − targetCos))ⁿ', () => {
    const hg = createHypergradient({ beta: 0.1, targetCos: -0.2 });
    expect(run(hg, signal({ grad_cos: -0.2 }, { step: 1 }))).toBeUndefined(); // at the target: no change
    expect(run(hg, signal({ grad_cos: 0 }, { step: 3 }))?.factor.lr).toBeCloseTo(1.02 ** 2, 12); // above: grows
    expect(run(hg, signal({ grad_cos: -0.7 }, { step: 4 }))?.factor.lr).toBeCloseTo(0.95, 12); // below: shrinks
  });

  it('validates it: in (−1, 1), multiplicative rule only', () => {
    expect(() => createHypergradient({ targetCos: -1 })).toThrow(/targetCos must be a finite number > -1 and < 1; got -1/);
    expect(() => createHypergradient({ rule: 'additive', targetCos: -0.2 })).toThrow(/targetCos must be absent with rule "additive"/);
  });
});

describe('explosionFactor: a loss far above the first one is divergence (rollback)', () => {
  it('hypergradient: the first step loss is the reference; above factor × it → rollback, lr ×0.5', () => {
    const hg = createHypergradient({ explosionFactor: 1.5 });
    expect(run(hg, signal({ loss: 2.3, grad_cos: 0.1 }, { step: 1 }))?.reason).toMatch(/^hypergradient/);
    expect(run(hg, signal({ loss: 3.4, grad_cos: 0.1 }, { step: 10 }))?.reason).toMatch(/^hypergradient/); // 3.4 < 3.45
    expect(run(hg, signal({ loss: 40, grad_cos: 0.1 }, { step: 20 }))).toEqual({ rollback: true, factor: { lr: 0.5 }, reason: 'rollback: loss exploded (loss 40); lr ×0.5' });
    // per trial: another trial has its own reference
    expect(run(hg, signal({ loss: 40, grad_cos: 0.1 }, { step: 1, trialId: 'u' }))?.rollback).toBeUndefined();
    // evaluations never count
    expect(run(hg, signal({ loss: 400, val_loss: 400 }, { kind: 'eval', step: 30 }))).toBeUndefined();
  });

  it('hypergradient: the reference survives snapshot() / restore() (a resumed run trips exactly as an uninterrupted one)', () => {
    const a = createHypergradient({ explosionFactor: 1.5 });
    run(a, signal({ loss: 2.3, grad_cos: 0.1 }, { step: 1 }));
    const b = createHypergradient({ explosionFactor: 1.5 });
    b.restore?.(JSON.parse(JSON.stringify(a.snapshot?.())));
    expect(run(b, signal({ loss: 4, grad_cos: 0.1 }, { step: 10 }))?.rollback).toBe(true);
    // an older snapshot without the references is still accepted
    const c = createHypergradient({ explosionFactor: 1.5 });
    c.restore?.({ lastStep: { t: 1 }, missing: {} });
    expect(run(c, signal({ loss: 4, grad_cos: 0.1 }, { step: 10 }))?.rollback).toBeUndefined();
  });

  it('a vanished gradient with no progress is divergence too (dead units), judged from the peak since the last rollback', () => {
    const hg = createHypergradient({ explosionFactor: 1.5 });
    run(hg, signal({ loss: 2.3, grad_norm: 1, grad_cos: 0.1 }, { step: 1 }));
    run(hg, signal({ loss: 2.2, grad_norm: 4, grad_cos: 0.1 }, { step: 10 }));
    // progress (loss ≤ 0.9 × 2.3) makes a small gradient healthy
    expect(run(hg, signal({ loss: 1.5, grad_norm: 0.2, grad_cos: 0.1 }, { step: 20 }))?.rollback).toBeUndefined();
    // no progress and below 1/10 of the peak: the units died
    expect(run(hg, signal({ loss: 2.3, grad_norm: 0.2, grad_cos: 0.1 }, { step: 30 }))).toMatchObject({
      rollback: true,
      reason: 'rollback: gradient vanished (loss 2.3); lr ×0.5',
    });
    // the peak restarts after the rollback: restored weights with an ordinary gradient are fine
    expect(run(hg, signal({ loss: 2.3, grad_norm: 0.3, grad_cos: 0.1 }, { step: 40 }))?.rollback).toBeUndefined();
    // the peak survives snapshot() / restore()
    const b = createHypergradient({ explosionFactor: 1.5 });
    b.restore?.(JSON.parse(JSON.stringify(hg.snapshot?.())));
    expect(run(b, signal({ loss: 2.3, grad_norm: 0.01, grad_cos: 0.1 }, { step: 50 }))?.rollback).toBe(true);
  });

  it('off by default: a finite loss, however large, is not divergence', () => {
    const hg = createHypergradient();
    run(hg, signal({ loss: 2.3, grad_cos: 0.1 }, { step: 1 }));
    expect(run(hg, signal({ loss: 400, grad_cos: 0.1 }, { step: 10 }))?.rollback).toBeUndefined();
  });

  for (const [name, make] of [
    ['bandit', (onEvent: (e: ControllerEvent) => void) => createBandit({ every: { steps: 10 }, rewardHorizon: 1, seed: 1, explosionFactor: 1.5, onEvent })],
    ['policy gradient', (onEvent: (e: ControllerEvent) => void) => createPolicyGradient({ every: { steps: 10 }, seed: 1, explosionFactor: 1.5, onEvent })],
  ] as const) {
    it(`${name}: rollback with a negative reward through the regulome, then a fresh reference after the trial ends`, async () => {
      const rewards: number[] = [];
      const ctl = make((e) => {
        if (e.type === 'reward') rewards.push(e.reward);
      });
      const regulome = createRegulome({ space, regulators: [ctl] });
      await regulome.start();
      await regulome.addTrial('t', { config: { lr: 0.1 } });
      await regulome.observe({ trialId: 't', kind: 'step', step: 1, metrics: { loss: 2.3 } });
      await regulome.observe({ trialId: 't', kind: 'step', step: 10, metrics: { loss: 2.2 } }); // a decision
      const out = await regulome.observe({ trialId: 't', kind: 'step', step: 20, metrics: { loss: 9 } });
      expect(out.rollback?.reason).toBe('rollback: loss exploded (loss 9); lr ×0.5');
      expect(out.config.lr).toBeCloseTo((out.signal.config.lr as number) * 0.5, 12);
      expect(rewards).toEqual([-1]); // the pending decision is penalised
      await regulome.endTrial('t');
      // a new trial whose first loss is large is its own reference
      await regulome.addTrial('u', { config: { lr: 0.1 } });
      await regulome.observe({ trialId: 'u', kind: 'step', step: 1, metrics: { loss: 9 } });
      expect((await regulome.observe({ trialId: 'u', kind: 'step', step: 10, metrics: { loss: 9.5 } })).rollback).toBeUndefined();
    });
  }

  it('validates it: a number > 1', () => {
    expect(() => createBandit({ explosionFactor: 1 })).toThrow(/options\.explosionFactor must be a finite number > 1; got 1/);
    expect(() => createPolicyGradient({ explosionFactor: Number.NaN })).toThrow(/explosionFactor must be a finite number > 1/);
    expect(() => createHypergradient({ explosionFactor: 0.5 })).toThrow(/options\.explosionFactor must be a finite number > 1; got 0.5/);
  });
});

import type { Adjustment, Regulator, Signal } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { signal } from './test/step-signal';
import { createHypergradient } from './hypergradient';

const ctx = undefined as never;
const run = (r: Regulator, s: Signal) => r.regulate?.(s, ctx) as (Adjustment & { factor: Record<string, number> }) | undefined;

describe('createHypergradient: noiseScaled, the target cosine times the gradient signal share relative to signalReference', () => {
  it('noise-dominated gradients (grad_signal 0): the greedy rule, no push from a negative target', () => {
    const hg = createHypergradient({ beta: 0.1, targetCos: -0.3 });
    // cos 0 is noise: it neither raises nor lowers the rate
    expect(run(hg, signal({ slice_cos: 0, grad_cos: 0, grad_signal: 0 }, { step: 10 }))).toBeUndefined();
    // the same signal without noise scaling pushes the rate up
    const unscaled = createHypergradient({ beta: 0.1, targetCos: -0.3, noiseScaled: false });
    expect(run(unscaled, signal({ grad_cos: 0, grad_signal: 0 }, { step: 10 }))?.factor.lr).toBeCloseTo(1.03 ** 10, 12);
  });

  it('a gradient that is all signal (grad_signal 1) keeps the target as set', () => {
    const hg = createHypergradient({ beta: 0.1, targetCos: -0.2 });
    expect(run(hg, signal({ grad_cos: -0.2, grad_signal: 1 }, { step: 1 }))).toBeUndefined();
    expect(run(hg, signal({ grad_cos: 0, grad_signal: 1 }, { step: 3 }))?.factor.lr).toBeCloseTo(1.02 ** 2, 12);
  });

  it('at and above signalReference (default 0.2) the target applies as set; below it, in proportion', () => {
    const hg = createHypergradient({ beta: 0.1, targetCos: -0.3 });
    expect(run(hg, signal({ grad_cos: -0.3, grad_signal: 0.2 }, { step: 1 }))).toBeUndefined();
    expect(run(hg, signal({ grad_cos: -0.3, grad_signal: 0.9 }, { step: 1, trialId: 'u' }))).toBeUndefined();
    // share 0.05 → a quarter of the target
    expect(run(hg, signal({ grad_cos: -0.075, grad_signal: 0.05 }, { step: 1, trialId: 'v' }))).toBeUndefined();
    const half = createHypergradient({ beta: 0.1, targetCos: -0.3, signalReference: 0.1 });
    expect(run(half, signal({ grad_cos: -0.15, grad_signal: 0.05 }, { step: 1 }))).toBeUndefined();
  });

  it('uses a running mean per trial: a new value weighs 0.1, the first one starts it', () => {
    const hg = createHypergradient({ beta: 0.1, targetCos: -0.5, signalReference: 1 });
    // share 0.4 → target −0.2
    expect(run(hg, signal({ grad_cos: -0.2, grad_signal: 0.4 }, { step: 1 }))).toBeUndefined();
    // share 0.4 + 0.1 (0.9 − 0.4) = 0.45 → target −0.225; cos −0.2 is above it: the rate grows
    expect(run(hg, signal({ grad_cos: -0.2, grad_signal: 0.9 }, { step: 2 }))?.factor.lr).toBeCloseTo(1 + 0.1 * 0.025, 12);
    // another trial has its own mean: share 0 → target 0
    expect(run(hg, signal({ grad_cos: 0, grad_signal: 0 }, { step: 1, trialId: 'u' }))).toBeUndefined();
    // a signal without grad_signal keeps the trial's mean (0.45 → target −0.225)
    expect(run(hg, signal({ grad_cos: -0.225 }, { step: 3 }))).toBeUndefined();
  });

  it('an engine that reports no grad_signal gets the target as set', () => {
    const hg = createHypergradient({ beta: 0.1, targetCos: -0.2 });
    expect(run(hg, signal({ grad_cos: -0.2 }, { step: 1 }))).toBeUndefined();
  });

  it('the running mean survives snapshot() / restore(), so a resumed run regulates as an uninterrupted one', () => {
    const a = createHypergradient({ beta: 0.1, targetCos: -0.5, signalReference: 1 });
    run(a, signal({ grad_cos: 0, grad_signal: 0.2 }, { step: 10 }));
    const b = createHypergradient({ beta: 0.1, targetCos: -0.5, signalReference: 1 });
    b.restore?.(JSON.parse(JSON.stringify(a.snapshot?.())));
    const next = signal({ grad_cos: -0.1, grad_signal: 0.6 }, { step: 20 });
    expect(run(b, next)).toEqual(run(a, next));
    expect(run(b, signal({ grad_cos: -0.12 }, { step: 30 }))).toBeUndefined(); // share 0.24 → target −0.12
  });

  it('validates the options, naming the field and the allowed range', () => {
    expect(() => createHypergradient({ noiseScaled: 'yes' as never })).toThrow(/options\.noiseScaled must be true or false; got "yes"/);
    expect(() => createHypergradient({ signalReference: 0 })).toThrow(/options\.signalReference must be a finite number > 0 and ≤ 1; got 0/);
    expect(() => createHypergradient({ signalReference: 1.5 })).toThrow(/options\.signalReference must be a finite number > 0 and ≤ 1; got 1\.5/);
  });
});

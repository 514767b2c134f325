import type { Adjustment, Regulator, RegulatorContext, Signal } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { signal } from './test/step-signal';
import { createHypergradient } from './hypergradient';

const maxAccuracy = { objective: { metric: 'val_accuracy', mode: 'max' } } as unknown as RegulatorContext;
const minLoss = { objective: { metric: 'val_loss', mode: 'min' } } as unknown as RegulatorContext;
const run = (r: Regulator, s: Signal, ctx = maxAccuracy) => r.regulate?.(s, ctx) as (Adjustment & { factor: Record<string, number> }) | undefined;
const evaluation = (value: number, lr: number, step: number, metric = 'val_accuracy') => signal({ [metric]: value, lr_effective: lr }, { kind: 'eval', step, config: { lr } });
const push = (lr: number, step: number) => signal({ grad_cos: 0.5, lr_effective: lr }, { step, config: { lr } });

describe('createHypergradient: the validation brake (a bold driver on evaluations)', () => {
  it('sends the rate back to the rate of the best evaluation once the objective falls more than 1% below it, and caps it there', () => {
    const hg = createHypergradient({ beta: 0.1, targetCos: -0.3 });
    expect(run(hg, evaluation(0.9, 0.001, 50))).toBeUndefined(); // the first evaluation is the best so far
    expect(run(hg, evaluation(0.95, 0.004, 100))).toBeUndefined(); // better: the new best, at rate 0.004
    expect(run(hg, evaluation(0.945, 0.02, 150))).toBeUndefined(); // 0.5% below: within the tolerance
    const brake = run(hg, evaluation(0.9, 0.03, 200)); // 5% below, at a higher rate
    expect(brake?.factor.lr).toBeCloseTo(0.004 / 0.03, 12);
    expect(brake?.reason).toMatch(/validation brake: val_accuracy 0.900 fell more than 0.01 below its best; lr back to 0.00400 and capped there/);
    // the push may not raise the rate above the cap again; it may still lower it
    expect(run(hg, push(0.004, 210))).toBeUndefined();
    expect(run(hg, push(0.002, 220))?.factor.lr).toBeCloseTo(2, 12);
    // other trials are not braked
    expect(run(hg, { ...push(0.004, 10), trialId: 'u' })?.factor.lr).toBeGreaterThan(1);
  });

  it('does not brake a fall at a rate no higher than the best one (the rate did not cause it)', () => {
    const hg = createHypergradient({ beta: 0.1, targetCos: -0.3 });
    run(hg, evaluation(0.95, 0.01, 100));
    expect(run(hg, evaluation(0.8, 0.005, 150))).toBeUndefined();
  });

  it('reads a minimised objective the other way round, relative to the best value', () => {
    const hg = createHypergradient({ beta: 0.1, targetCos: -0.3 });
    run(hg, evaluation(0.2, 0.001, 50, 'val_loss'), minLoss);
    expect(run(hg, evaluation(0.201, 0.01, 100, 'val_loss'), minLoss)).toBeUndefined(); // 0.5% worse
    expect(run(hg, evaluation(0.25, 0.01, 150, 'val_loss'), minLoss)?.factor.lr).toBeCloseTo(0.1, 12);
  });

  it('validationBrake: false turns it off; a bad value is refused naming the option and the range', () => {
    const off = createHypergradient({ beta: 0.1, targetCos: -0.3, validationBrake: false });
    run(off, evaluation(0.95, 0.004, 100));
    expect(run(off, evaluation(0.5, 0.03, 200))).toBeUndefined();
    expect(() => createHypergradient({ validationBrake: 1 })).toThrow('options.validationBrake must be a finite number ≥ 0 and < 1, or false; got 1');
    expect(() => createHypergradient({ validationBrake: true as never })).toThrow(/options\.validationBrake must be a finite number/);
  });

  it('the best evaluation survives snapshot() / restore(): a resumed run brakes where the uninterrupted one does', () => {
    const a = createHypergradient({ beta: 0.1, targetCos: -0.3 });
    run(a, evaluation(0.95, 0.004, 100));
    const b = createHypergradient({ beta: 0.1, targetCos: -0.3 });
    b.restore?.(JSON.parse(JSON.stringify(a.snapshot?.())));
    const fall = evaluation(0.9, 0.03, 200);
    expect(run(b, fall)).toEqual(run(a, fall));
    expect(run(b, fall)?.factor.lr).toBeCloseTo(0.004 / 0.03, 12);
  });
});

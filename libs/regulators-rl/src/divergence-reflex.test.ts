import { createRegulome, float } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createDivergenceReflex } from './divergence-reflex';
import { createHypergradient } from './hypergradient';
import { isRollbackReason } from './rollback';

const space = { lr: float(1e-5, 1, { log: true }) };

describe('createDivergenceReflex', () => {
  it('halves the rate at once on a non-finite or exploding loss, with a rollback reason', async () => {
    const regulome = createRegulome({ space, regulators: [createDivergenceReflex()] });
    await regulome.addTrial('t0', { config: { lr: 0.1 } });
    expect((await regulome.observe({ trialId: 't0', kind: 'step', step: 1, metrics: { loss: 1 } })).config.lr).toBe(0.1);
    const nan = await regulome.observe({ trialId: 't0', kind: 'step', step: 2, metrics: { loss: Number.NaN } });
    expect(nan.config.lr).toBeCloseTo(0.05, 12);
    expect(nan.events[0]?.reason).toBe('rollback: divergence (loss NaN); lr ×0.5 (1)');
    expect(isRollbackReason(nan.events[0]?.reason ?? '')).toBe(true);
    const spike = await regulome.observe({ trialId: 't0', kind: 'step', step: 3, metrics: { loss: 10 } });
    expect(spike.config.lr).toBeCloseTo(0.025, 12);
    const inf = await regulome.observe({ trialId: 't0', kind: 'eval', step: 3, metrics: { val_loss: Infinity } });
    expect(inf.config.lr).toBeCloseTo(0.0125, 12);
    // the engine's own flag counts too
    const flagged = await regulome.observe({ trialId: 't0', kind: 'step', step: 4, metrics: { loss: 1, diverged: 1 } });
    expect(flagged.config.lr).toBeCloseTo(0.00625, 12);
  });

  it('stops the trial after maxRollbacks', async () => {
    const regulome = createRegulome({ space, regulators: [createDivergenceReflex({ maxRollbacks: 2 })] });
    await regulome.addTrial('t0', { config: { lr: 0.1 } });
    for (const step of [1, 2]) expect((await regulome.observe({ trialId: 't0', kind: 'step', step, metrics: { loss: Number.NaN } })).stop).toBeUndefined();
    const out = await regulome.observe({ trialId: 't0', kind: 'step', step: 3, metrics: { loss: Number.NaN } });
    expect(out.stop).toEqual({ regulator: 'divergence', reason: 'divergence (loss NaN) after 2 rollbacks: stopped' });
  });

  it('sits at the epoch level beside a step-level controller of the same hyperparameter', async () => {
    const regulome = createRegulome({ space, regulators: [createHypergradient(), createDivergenceReflex({ level: 'epoch' })] });
    await regulome.addTrial('t0', { config: { lr: 0.1 } });
    const out = await regulome.observe({ trialId: 't0', kind: 'eval', step: 1, metrics: { val_loss: Number.NaN } });
    expect(out.events.map((e) => `${e.regulator}:${e.kind}`)).toEqual(['divergence:rollback', 'divergence:change', 'hypergradient:rollback', 'hypergradient:change']);
    // at one level too: both only multiply, so their factors compose
    expect(createRegulome({ space, regulators: [createHypergradient(), createDivergenceReflex()] }).controllers.lr?.map((c) => c.regulator)).toEqual([
      'hypergradient',
      'divergence',
    ]);
  });

  it('validates options', () => {
    expect(() => createDivergenceReflex({ factor: 1 })).toThrow('options.factor must be a finite number > 0 and ≤ 0.999999; got 1');
    expect(() => createDivergenceReflex({ level: 'population' as 'step' })).toThrow(/level must be "step" or "epoch"/);
    expect(() => createDivergenceReflex({ maxRollbacks: 0 })).toThrow(/maxRollbacks must be an integer ≥ 1; got 0/);
  });
});

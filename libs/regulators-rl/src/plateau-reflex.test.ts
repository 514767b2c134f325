import { createRegulome, float } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createPlateauReflex } from './plateau-reflex';

const space = { lr: float(1e-5, 1, { log: true }) };

async function feed(values: number[], options = {}) {
  const reflex = createPlateauReflex(options);
  const regulome = createRegulome({ space, regulators: [reflex] });
  await regulome.addTrial('t0', { config: { lr: 0.1 } });
  const lrs: number[] = [];
  const reasons: string[] = [];
  for (const [i, v] of values.entries()) {
    // step signals are not seen by an epoch-level reflex
    await regulome.observe({ trialId: 't0', kind: 'step', step: 10 * i + 5, metrics: { loss: 99 } });
    const out = await regulome.observe({ trialId: 't0', kind: 'eval', step: 10 * (i + 1), metrics: { val_loss: v, val_accuracy: 1 - v } });
    lrs.push(out.config.lr as number);
    reasons.push(...out.events.map((e) => e.reason));
  }
  return { lrs, reasons, reflex };
}

describe('createPlateauReflex', () => {
  it('reduces after `patience` evaluations without improvement, then counts again', async () => {
    const { lrs, reasons } = await feed([1, 0.9, 0.9, 0.91, 0.9, 0.95, 0.9, 0.9, 0.92]);
    expect(lrs.map((x) => Number(x.toPrecision(6)))).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]);
    expect(reasons[0]).toBe('plateau: val_loss not improved for 3 evaluations; lr ×0.5');
  });

  it('honours minDelta, cooldown and mode max', async () => {
    expect((await feed([1, 0.9995, 0.9992, 0.9991], { patience: 3 })).lrs.at(-1)).toBeCloseTo(0.05, 12); // < 0.1% is no improvement
    expect((await feed([1, 0.9995, 0.9992, 0.998], { patience: 3 })).lrs.at(-1)).toBe(0.1);
    const cooled = await feed([1, 1, 1, 1, 1, 1, 1], { patience: 2, cooldown: 2 });
    expect(cooled.lrs.map((x) => Number(x.toPrecision(6)))).toEqual([0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025]);
    // val_accuracy = 1 − v: rising accuracy is improvement in mode max, falling is not
    expect((await feed([0.5, 0.4, 0.3, 0.2], { monitor: 'val_accuracy', mode: 'max', patience: 2 })).lrs.at(-1)).toBe(0.1);
    expect((await feed([0.2, 0.3, 0.4], { monitor: 'val_accuracy', mode: 'max', patience: 2 })).lrs.at(-1)).toBeCloseTo(0.05, 12);
  });

  it('ignores missing or non-finite values, and keeps its per-trial state in snapshots', async () => {
    const { lrs, reflex } = await feed([1, Number.NaN, Number.NaN, Number.NaN, 1.1], { patience: 2 });
    expect(lrs.at(-1)).toBe(0.1);
    const snap = JSON.parse(JSON.stringify(reflex.snapshot?.()));
    const other = createPlateauReflex({ patience: 2 });
    other.restore?.(snap);
    expect(other.snapshot?.()).toEqual(snap);
    expect(snap.t0.wait).toBe(1);
  });

  it('validates options with field and allowed range', () => {
    expect(() => createPlateauReflex({ patience: 0 })).toThrow('options.patience must be an integer ≥ 1; got 0');
    expect(() => createPlateauReflex({ factor: 1 })).toThrow(/factor must be a number > 0 other than 1; got 1/);
    expect(() => createPlateauReflex({ mode: 'up' as 'max' })).toThrow(/mode must be "min" or "max"/);
    expect(() => createPlateauReflex({ cooldown: 1.5 })).toThrow(/cooldown must be an integer ≥ 0; got 1.5/);
  });
});

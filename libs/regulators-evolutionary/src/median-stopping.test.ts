import { createRegulome, float } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createMedianStopping } from './median-stopping';

const space = { lr: float(1e-4, 1e-1, { log: true }) };

async function setup(regulator: ReturnType<typeof createMedianStopping>, n: number) {
  const regulome = createRegulome({ space, regulators: [regulator], seed: 1, objective: { metric: 'val_accuracy', mode: 'max' } });
  await regulome.start();
  for (let i = 0; i < n; i++) await regulome.addTrial(`t${i}`);
  return regulome;
}

describe('createMedianStopping', () => {
  it('stops a trial whose best is below the median of the others’ running averages', async () => {
    const rule = createMedianStopping({ gracePeriod: 2, minSamples: 3 });
    const regulome = await setup(rule, 5);
    const curve = (i: number, step: number) => (i / 10) * (1 - 1 / (step + 1));
    const stopped: string[] = [];
    for (let step = 1; step <= 6; step++) {
      for (let i = 4; i >= 0; i--) {
        const id = `t${i}`;
        if (stopped.includes(id)) continue;
        const out = await regulome.observe({ trialId: id, kind: 'eval', step, metrics: { val_accuracy: curve(i, step) } });
        if (out.stop) {
          stopped.push(id);
          expect(out.stop.reason).toMatch(/^median-stopping: best fitness [\d.]+ at steps \d below the median [\d.]+ of \d trials' running averages$/);
        }
      }
    }
    // the two worst are stopped, at the first step past the grace period where 3 peers are known
    expect(stopped.sort()).toEqual(['t0', 't1']);
    expect(regulome.trial('t2').status).toBe('running');
  });

  it('does not stop before the grace period or without enough peers; NaN is worst', async () => {
    const rule = createMedianStopping({ gracePeriod: 5, minSamples: 1 });
    const regulome = await setup(rule, 2);
    await regulome.observe({ trialId: 't0', kind: 'eval', step: 5, metrics: { val_accuracy: 0.5 } });
    expect((await regulome.observe({ trialId: 't1', kind: 'eval', step: 4, metrics: { val_accuracy: Number.NaN } })).stop).toBeUndefined();
    const out = await regulome.observe({ trialId: 't1', kind: 'eval', step: 5, metrics: { val_accuracy: Number.NaN } });
    expect(out.stop?.reason).toMatch(/best fitness NaN at steps 5 below the median 0.5 of 1 trials/);
    expect(() => createMedianStopping({ minSamples: 0 })).toThrow('options.minSamples must be an integer ≥ 1; got 0');
  });
});

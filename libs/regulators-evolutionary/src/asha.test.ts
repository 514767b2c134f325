import { createRegulome, float } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createAsha } from './asha';

const space = { lr: float(1e-4, 1e-1, { log: true }) };

async function setup(regulator: ReturnType<typeof createAsha>, n: number, stepsPerTrial = 27) {
  const regulome = createRegulome({ space, regulators: [regulator], seed: 1, objective: { metric: 'val_accuracy', mode: 'max' }, budget: { stepsPerTrial } });
  await regulome.start();
  for (let i = 0; i < n; i++) await regulome.addTrial(`t${i}`);
  return regulome;
}

describe('createAsha', () => {
  it('stops the trials outside the top 1/η at each rung, and only those', async () => {
    const asha = createAsha({ gracePeriod: 1, reductionFactor: 3 });
    const regulome = await setup(asha, 3); // rungs at steps 1, 3, 9 (maxT 27 from the budget)
    const acc = { t0: 0.1, t1: 0.5, t2: 0.9 } as Record<string, number>;
    const stops: string[] = [];
    const report = async (id: string, step: number) => {
      const out = await regulome.observe({ trialId: id, kind: 'eval', step, metrics: { val_accuracy: acc[id]! } });
      if (out.stop) stops.push(`${id}@${step}: ${out.stop.reason}`);
    };
    // rung 0: t1 alone continues; t2 beats the 2/3 quantile of {0.5, 0.9}; t0 is below that of {0.5, 0.9, 0.1} (0.633)
    for (const id of ['t1', 't2', 't0']) await report(id, 1);
    // rung 1 (step 3): t1 first, then t2, both continue; rung 2 (step 9): t2 first, then t1 below 0.767
    for (const id of ['t1', 't2']) await report(id, 3);
    for (const id of ['t2', 't1']) await report(id, 9);
    await report('t2', 20);
    expect(stops).toEqual([
      't0@1: asha: rung 0 (steps 1): fitness 0.1 below the top-1/3 cutoff 0.6333 (rank 3/3)',
      't1@9: asha: rung 2 (steps 9): fitness 0.5 below the top-1/3 cutoff 0.7667 (rank 2/2)',
    ]);
    expect(regulome.trial('t2').status).toBe('running');
    expect(regulome.trial('t0').status).toBe('stopped');
    expect(asha.rungs().map((r) => r.milestone)).toEqual([1, 3, 9]);
    expect(asha.rungs()[2]!.recorded).toEqual({ t2: 0.9, t1: 0.5 });
  });

  it('records a trial once per rung and skips rungs it jumped over', async () => {
    const asha = createAsha({ gracePeriod: 1, reductionFactor: 3, maxT: 100 });
    const regulome = await setup(asha, 2);
    await regulome.observe({ trialId: 't0', kind: 'eval', step: 10, metrics: { val_accuracy: 0.9 } });
    await regulome.observe({ trialId: 't0', kind: 'eval', step: 11, metrics: { val_accuracy: 0.9 } });
    expect(asha.rungs()).toEqual([{ milestone: 9, recorded: { t0: 0.9 } }]);
  });

  it('lets the first trial at a rung continue and stops a NaN at its rung', async () => {
    const asha = createAsha({ gracePeriod: 2, reductionFactor: 2, maxT: 100 });
    const regulome = await setup(asha, 2);
    expect((await regulome.observe({ trialId: 't0', kind: 'eval', step: 1, metrics: { val_accuracy: 0.1 } })).stop).toBeUndefined();
    expect((await regulome.observe({ trialId: 't0', kind: 'eval', step: 2, metrics: { val_accuracy: 0.1 } })).stop).toBeUndefined();
    const out = await regulome.observe({ trialId: 't1', kind: 'eval', step: 2, metrics: { val_accuracy: Number.NaN } });
    expect(out.stop?.reason).toBe('asha: rung 0 (steps 2): val_accuracy is NaN');
  });

  it('ranks the trials of one round against each other, whatever their order (observeRound)', async () => {
    const asha = createAsha({ gracePeriod: 10, reductionFactor: 2, maxT: 100 });
    const regulome = await setup(asha, 2);
    const round = (step: number, a0: number, a1: number) =>
      regulome.observeRound([
        { trialId: 't0', kind: 'eval', step, metrics: { val_accuracy: a0 } },
        { trialId: 't1', kind: 'eval', step, metrics: { val_accuracy: a1 } },
      ]);
    // t0 is first in order and worse: it stops at the first rung (fed one by one, it would continue)
    const [o0, o1] = await round(10, 0.4, 0.6);
    expect(o0?.stop?.reason).toBe('asha: rung 0 (steps 10): fitness 0.4 below the top-1/2 cutoff 0.5 (rank 2/2)');
    expect(o1?.stop).toBeUndefined();
    expect(asha.rungs()).toEqual([{ milestone: 10, recorded: { t0: 0.4, t1: 0.6 } }]);
    // the survivor alone at the next rung continues, and is decided once per rung
    expect((await regulome.observe({ trialId: 't1', kind: 'eval', step: 20, metrics: { val_accuracy: 0.1 } })).stop).toBeUndefined();
    expect((await regulome.observe({ trialId: 't1', kind: 'eval', step: 20, metrics: { val_accuracy: 0.1 } })).stop).toBeUndefined();
    // a snapshot keeps who was decided: restored, t1 is not decided again at rung 0
    const copy = createAsha({ gracePeriod: 10, reductionFactor: 2, maxT: 100 });
    copy.restore?.(asha.snapshot?.());
    expect(copy.snapshot?.()).toEqual(asha.snapshot?.());
  });

  it('restores a snapshot written before rungs kept who was decided', () => {
    const asha = createAsha({ gracePeriod: 10, reductionFactor: 2 });
    asha.restore?.({ rungs: { '0': { t0: 0.4, t1: 0.6 } } });
    expect(asha.snapshot?.()).toEqual({ rungs: { '0': { t0: 0.4, t1: 0.6 } }, decided: { '0': ['t0', 't1'] } });
  });

  it('refuses bad options', () => {
    expect(() => createAsha({ reductionFactor: 1 })).toThrow('options.reductionFactor must be a number > 1; got 1');
    expect(() => createAsha({ gracePeriod: 0 })).toThrow('options.gracePeriod must be a finite number > 0; got 0');
    expect(() => createAsha({ time: 'hours' as 'steps' })).toThrow(/time must be "steps" or "epochs"/);
  });
});

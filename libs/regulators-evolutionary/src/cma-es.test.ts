import { choice, createRegulome, float, int } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createCmaEs } from './cma-es';

const space = { x: float(-5, 5), lr: float(1e-5, 1, { log: true }), units: int(1, 100), act: choice(['relu', 'tanh']) };
// optimum at x = 1, lr = 1e-2, units = 42; higher val_accuracy is better
const loss = (c: Record<string, unknown>) => ((c.x as number) - 1) ** 2 + (Math.log10(c.lr as number) + 2) ** 2 + (((c.units as number) - 42) / 10) ** 2;

describe('createCmaEs: bad input', () => {
  it('refuses a space without numeric hyperparameters, naming what is allowed', () => {
    const make = () => createCmaEs({ space: { act: choice(['relu', 'tanh']), opt: choice(['adam', 'sgd']) } });
    expect(make).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.space' }));
    expect(make).toThrow(
      'options.space must be a space with at least one numeric (float or int) hyperparameter; CMA-ES has nothing to optimise in a purely categorical space (use createGeneticAlgorithm); got ["act","opt"]',
    );
  });

  it('refuses categorical or unknown params and bad options', () => {
    expect(() => createCmaEs({ space, params: ['act'] })).toThrow(/params must be a numeric \(float or int\) hyperparameter; CMA-ES cannot optimise the categorical "act"/);
    expect(() => createCmaEs({ space, params: ['nope'] })).toThrow(/params must be a hyperparameter of the space/);
    expect(() => createCmaEs({ space, sigma0: 0 })).toThrow('sigma0 must be a finite number > 0; got 0');
    expect(() => createCmaEs({ space, populationSize: 1 })).toThrow('options.populationSize must be an integer ≥ 2; got 1');
  });
});

async function optimise(trials: number, seed: number, random = false) {
  const cma = createCmaEs({ space, sigma0: 0.3 });
  const regulome = createRegulome({ space, regulators: random ? [] : [cma], seed, objective: { metric: 'val_loss', mode: 'min' } });
  await regulome.start();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < trials; i++) {
    const config = await regulome.addTrial(`t${i}`);
    const l = loss(config);
    best = Math.min(best, l);
    await regulome.observe({ trialId: `t${i}`, kind: 'eval', step: 1, metrics: { val_loss: l } });
    await regulome.endTrial(`t${i}`);
  }
  return { best, cma };
}

describe('createCmaEs: proposing trials', () => {
  it('controls the numeric hyperparameters only and proposes configurations inside the space', async () => {
    const { cma } = await optimise(60, 1);
    expect(cma.controls).toEqual(['x', 'lr', 'units']);
    expect(cma.level).toBe('population');
  });

  it('converges on a quadratic bowl through propose/conclude (vs random search)', async () => {
    const { best, cma } = await optimise(400, 2);
    expect(best).toBeLessThan(0.02);
    const random = await optimise(400, 2, true);
    expect(random.best).toBeGreaterThan(10 * best);
    expect(cma.status()!.evaluations).toBeGreaterThanOrEqual(390);
    expect(cma.status()!.best!.value).toBeGreaterThan(-0.02);
  });

  it('hands out more points when trials outrun results, and ignores stale generations', async () => {
    const cma = createCmaEs({ space, populationSize: 4 });
    const regulome = createRegulome({ space, regulators: [cma], seed: 5, objective: { metric: 'val_loss', mode: 'min' } });
    await regulome.start();
    const ids = Array.from({ length: 10 }, (_, i) => `t${i}`);
    for (const id of ids) {
      const c = await regulome.addTrial(id);
      expect(c.x as number).toBeGreaterThanOrEqual(-5);
      expect(c.x as number).toBeLessThanOrEqual(5);
    }
    for (const id of ids) {
      await regulome.observe({ trialId: id, kind: 'eval', step: 1, metrics: { val_loss: loss(regulome.trial(id).config) } });
      await regulome.endTrial(id);
    }
    // 10 results of generation 0: the first 4 are told, the rest are stale
    expect(cma.status()!.generation).toBe(1);
    expect(cma.status()!.evaluations).toBe(4);
  });

  it('counts NaN and failed trials as worst', async () => {
    const cma = createCmaEs({ space, populationSize: 4 });
    const regulome = createRegulome({ space, regulators: [cma], seed: 6, objective: { metric: 'val_loss', mode: 'min' } });
    await regulome.start();
    for (let i = 0; i < 4; i++) {
      await regulome.addTrial(`t${i}`);
      await regulome.observe({ trialId: `t${i}`, kind: 'eval', step: 1, metrics: { val_loss: i === 0 ? Number.NaN : i } });
      await regulome.endTrial(`t${i}`, i === 3 ? 'failed' : undefined);
    }
    expect(cma.status()!.best!.value).toBe(-1);
  });

  it('snapshots and restores mid-generation', async () => {
    const a = createCmaEs({ space, populationSize: 4 });
    const ra = createRegulome({ space, regulators: [a], seed: 7, objective: { metric: 'val_loss', mode: 'min' } });
    await ra.start();
    await ra.addTrial('t0');
    await ra.addTrial('t1');
    const snap = ra.snapshot();
    const next = await ra.addTrial('t2');
    const b = createCmaEs({ space, populationSize: 4 });
    const rb = createRegulome({ space, regulators: [b], seed: 7, objective: { metric: 'val_loss', mode: 'min' } });
    await rb.start();
    rb.restore(snap);
    const again = await rb.addTrial('t2');
    expect(again).toEqual(next);
    expect(() => b.restore?.(null)).toThrow(/cma-es: cannot restore null; expected a snapshot taken by createCmaEs\(\)/);
  });
});

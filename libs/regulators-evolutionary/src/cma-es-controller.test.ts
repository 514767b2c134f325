import { createRegulome, float, choice } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createCmaEsController } from './cma-es-controller';

const space = { lr: float(1e-4, 1, { log: true }), opt: choice(['adam', 'sgd']) };
// progress per evaluation interval, best at lr = 1e-2
const progress = (lr: number) => 0.01 * (1 - (Math.log10(lr) + 2) ** 2 / 4);

async function train(evals: number, seed: number) {
  const controller = createCmaEsController({ space, params: ['lr'] });
  const regulome = createRegulome({ space, regulators: [controller], seed, objective: { metric: 'val_loss', mode: 'min' } });
  await regulome.start();
  let config = await regulome.addTrial('t0', { config: { lr: 10 ** -3.5 } });
  let loss = 10;
  const lrs: number[] = [];
  for (let e = 1; e <= evals; e++) {
    loss -= progress(config.lr as number);
    const out = await regulome.observe({ trialId: 't0', kind: 'eval', step: e * 100, metrics: { val_loss: loss } });
    config = out.config;
    lrs.push(config.lr as number);
  }
  return { lrs, controller, regulome };
}

describe('createCmaEsController', () => {
  it('steers a hyperparameter inside one trial towards the fastest progress', async () => {
    const { lrs } = await train(240, 1);
    const tail = lrs.slice(-40).map((v) => Math.log10(v));
    const mean = tail.reduce((a, b) => a + b, 0) / tail.length;
    expect(Math.abs(mean + 2)).toBeLessThan(0.35);
    expect(Math.abs(Math.log10(lrs[0]!) + 3.5)).toBeLessThan(1.5); // starts near the trial's own value
  });

  it('snapshots and restores its per-trial state', async () => {
    const { controller } = await train(20, 2);
    const snap = controller.snapshot?.();
    const copy = createCmaEsController({ space, params: ['lr'] });
    copy.restore?.(snap);
    expect(copy.snapshot?.()).toEqual(snap);
  });

  it('refuses a space or params without numeric hyperparameters', () => {
    expect(() => createCmaEsController({ space: { opt: choice(['a', 'b']) } })).toThrow(/space must be a space with at least one numeric/);
    expect(() => createCmaEsController({ space, params: ['opt'] })).toThrow(/params must be a numeric \(float or int\) hyperparameter of the space \(lr\); got "opt"/);
    expect(() => createCmaEsController({ space, level: 'population' as 'epoch' })).toThrow(/level must be "epoch" or "step"/);
  });
});

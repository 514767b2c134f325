import { createRegulome, float, int, type Regulator } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { builtinPlugins } from './builtin-plugins';
import type { PluginEnv } from './regulator-registry';

// GP-BO (chooses whole configurations of new trials) with PBT (regulates them in training), as
// specs compose them: the case issue 14 reported as refused, then, split by hand, as PBT's
// exploit overwriting the parameter GP-BO owns ("pbt change batch_size 85→32").
const space = { lr: float(1e-4, 1e-1, { log: true }), batch_size: int(16, 128) };
const plugins = builtinPlugins();
const env = (name: string): PluginEnv => ({
  space,
  level: 'population',
  name,
  population: 2,
  seed: 0,
  stepsPerTrial: 100,
  evaluateEvery: 10,
  objective: { metric: 'val_loss', mode: 'min' },
});
const make = (use: string, options: Record<string, unknown> = {}): Regulator => (plugins[use] as NonNullable<(typeof plugins)[string]>).create(options, env(use));

async function exploitOnce(regulators: Regulator[]) {
  const regulome = createRegulome({ space, regulators, seed: 3 });
  await regulome.start();
  const a = await regulome.addTrial('a');
  const b = await regulome.addTrial('b');
  await regulome.observe({ trialId: 'a', kind: 'eval', step: 10, metrics: { val_loss: 0.1 } });
  regulome.setCheckpoint('a');
  const out = await regulome.observe({ trialId: 'b', kind: 'eval', step: 10, metrics: { val_loss: 5 } });
  return { a, b, out };
}

describe('composition of built-in plugins: GP-BO with PBT on one space', () => {
  it('builds (different hooks never conflict); GP-BO proposes the trials, PBT exploits and explores them', async () => {
    const { a, b, out } = await exploitOnce([make('gp-bo', { initial: 2, rawSamples: 16, restarts: 1 }), make('pbt', { quantile: 0.5 })]);
    const sampledOnly = createRegulome({ space, regulators: [], seed: 3 });
    expect([a, b]).not.toEqual([await sampledOnly.addTrial('a'), await sampledOnly.addTrial('b')]); // proposed by GP-BO, not sampled
    expect(out.exploit).toMatchObject({ from: 'a', regulator: 'pbt' });
    expect(out.events.length).toBeGreaterThan(1);
    expect(out.events.every((e) => e.regulator === 'pbt')).toBe(true);
  });

  it('split by hand, PBT exploits only its own params: GP-BO’s batch_size stays the trial’s', async () => {
    const { a, b, out } = await exploitOnce([
      make('gp-bo', { params: 'batch_size', initial: 2, rawSamples: 16, restarts: 1 }),
      make('pbt', { params: 'lr', quantile: 0.5, explore: false }),
    ]);
    expect(a.batch_size).not.toBe(b.batch_size);
    expect(out.exploit).toMatchObject({ from: 'a', regulator: 'pbt' });
    expect(out.config).toEqual({ lr: a.lr, batch_size: b.batch_size });
    expect(out.events.filter((e) => e.kind === 'change').map((e) => [e.regulator, e.param])).toEqual([['pbt', 'lr']]);
  });

  it('two proposers of one space need a priority; with one, the higher wins', async () => {
    expect(() => createRegulome({ space, regulators: [make('gp-bo'), make('cmaes')] })).toThrow(
      expect.objectContaining({ code: 'REGULOME_CONFLICT', message: expect.stringContaining('"gp-bo" and "cmaes" both write "lr" at level "population" by propose') }),
    );
    const regulome = createRegulome({ space, regulators: [make('gp-bo', { initial: 2, rawSamples: 16, restarts: 1 }), make('cmaes', { priority: 1 })], seed: 3 });
    await regulome.start();
    const cmaesOnly = createRegulome({ space, regulators: [make('cmaes')], seed: 3 });
    await cmaesOnly.start();
    expect(await regulome.addTrial('t0')).toEqual(await cmaesOnly.addTrial('t0'));
  });
});

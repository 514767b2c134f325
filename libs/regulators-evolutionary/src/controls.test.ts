import { choice, createRegulome, float, int } from '@epigenome/core';
import { runScripted, toyTraining } from '@epigenome/core/testing';
import { describe, expect, it } from 'vitest';
import { createCmaEs } from './cma-es';
import { createCmaEsController } from './cma-es-controller';
import { createGeneticAlgorithm } from './genetic-algorithm';
import { createPbt } from './pbt';

const space = { lr: float(1e-4, 0.2, { log: true }), dropout: float(0, 0.6), width: int(8, 64), opt: choice(['sgd', 'adam']) };

describe('controls resolved from the space, without repeating it', () => {
  it('createPbt({ every: { steps: 4 } }) works in a regulome and explores every hyperparameter', async () => {
    const regulome = createRegulome({ space, regulators: [createPbt({ every: { steps: 4 } })] });
    expect(regulome.controls('pbt')).toEqual(['lr', 'dropout', 'width', 'opt']);
    const t = await runScripted({ space, regulators: () => [createPbt({ every: { steps: 25 }, quantile: 0.5 })], script: toyTraining({ trials: 4, steps: 100 }), seed: 2 });
    const exploits = t.filter((e) => e.type === 'observe' && e.exploit !== undefined);
    expect(exploits.length).toBeGreaterThan(0);
  });

  it('gives the same list as a factory told the space', () => {
    const told = (r: ReturnType<typeof createRegulome>, name: string) => r.controls(name);
    expect(told(createRegulome({ space, regulators: [createGeneticAlgorithm({})] }), 'genetic-algorithm')).toEqual(
      told(createRegulome({ space, regulators: [createGeneticAlgorithm({ space })] }), 'genetic-algorithm'),
    );
    expect(told(createRegulome({ space, regulators: [createCmaEs({})] }), 'cma-es')).toEqual(['lr', 'dropout', 'width']);
    expect(told(createRegulome({ space, regulators: [createCmaEs({ space })] }), 'cma-es')).toEqual(['lr', 'dropout', 'width']);
    expect(told(createRegulome({ space, regulators: [createCmaEsController({})] }), 'cma-es-controller')).toEqual(['lr', 'dropout', 'width']);
  });

  it('proposes the same configurations resolved from the space as told it', async () => {
    const run = (make: () => ReturnType<typeof createCmaEs>) =>
      runScripted({ space, regulators: () => [make()], script: toyTraining({ trials: 6, concurrent: 2, steps: 25 }), seed: 4 });
    expect(await run(() => createCmaEs({ populationSize: 3 }))).toEqual(await run(() => createCmaEs({ space, populationSize: 3 })));
    const ga = (make: () => ReturnType<typeof createGeneticAlgorithm>) =>
      runScripted({ space, regulators: () => [make()], script: toyTraining({ trials: 6, concurrent: 2, steps: 25 }), seed: 4 });
    expect(await ga(() => createGeneticAlgorithm({ populationSize: 2 }))).toEqual(await ga(() => createGeneticAlgorithm({ space, populationSize: 2 })));
  });

  it('refuses a categorical hyperparameter for CMA-ES when the regulome is built', () => {
    expect(() => createRegulome({ space, regulators: [createCmaEs({ params: ['opt'] })] })).toThrow(
      'regulator "cma-es" acts on float, int or width hyperparameters, but "opt" is a choice',
    );
  });
});

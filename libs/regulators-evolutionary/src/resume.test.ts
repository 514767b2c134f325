import { choice, float, int, type Regulator } from '@epigenome/core';
import { runScripted, toyTraining, type ScriptedRunOptions, type TranscriptEntry, type ToyTrainingOptions } from '@epigenome/core/testing';
import { describe, expect, it } from 'vitest';
import { createAsha } from './asha';
import { createCmaEs } from './cma-es';
import { createCmaEsController } from './cma-es-controller';
import { createGeneticAlgorithm } from './genetic-algorithm';
import { createMedianStopping } from './median-stopping';
import { createPbt } from './pbt';

const space = { lr: float(1e-4, 0.2, { log: true }), dropout: float(0, 0.6), width: int(8, 64), opt: choice(['sgd', 'adam']) };
const numeric = { lr: space.lr, dropout: space.dropout, width: space.width };

const cases: Record<string, { regulators: () => Regulator[]; world: ToyTrainingOptions; space?: typeof numeric }> = {
  'PBT (async)': { regulators: () => [createPbt({ space, every: { steps: 25 }, quantile: 0.5 })], world: { trials: 4, steps: 150 } },
  'PBT (sync)': { regulators: () => [createPbt({ space, every: { steps: 25 }, mode: 'sync', quantile: 0.5, population: 4 })], world: { trials: 4, steps: 150 } },
  'genetic algorithm': { regulators: () => [createGeneticAlgorithm({ space, populationSize: 3 })], world: { trials: 8, concurrent: 2, steps: 50 } },
  'CMA-ES': { regulators: () => [createCmaEs({ space, populationSize: 3 })], world: { trials: 8, concurrent: 2, steps: 50 } },
  'CMA-ES controller': {
    regulators: () => [createCmaEsController({ space: numeric, every: { signals: 1 }, populationSize: 3 })],
    world: { trials: 2, steps: 200, evalEvery: 10 },
    space: numeric,
  },
  ASHA: { regulators: () => [createAsha({ gracePeriod: 25, reductionFactor: 2 })], world: { trials: 6, concurrent: 3, steps: 150 } },
  'median stopping': { regulators: () => [createMedianStopping({ gracePeriod: 25, minSamples: 1 })], world: { trials: 6, concurrent: 3, steps: 150 } },
};

const options = (c: (typeof cases)[string]): ScriptedRunOptions => ({ space: c.space ?? space, regulators: c.regulators, script: toyTraining(c.world), seed: 11 });
const decided = (t: TranscriptEntry[]) => t.filter((e) => (e.type === 'observe' && e.events.length > 0) || e.type === 'addTrial');
const run = async (c: (typeof cases)[string], interruptAt?: number) => await runScripted(options(c), { interruptAt });

describe('resume: interrupted, snapshot → JSON → fresh regulator → restore, continues exactly', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const full = await run(c);
      expect(decided(full).length).toBeGreaterThan(3);
      for (const k of [5, 33, 71]) expect(await run(c, k)).toEqual(full);
    });
  }
});

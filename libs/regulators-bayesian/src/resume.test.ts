import { choice, createRegulome, float, int, type Regulator } from '@epigenome/core';
import { runScripted, toyTraining, type ScriptedRunOptions, type ToyTrainingOptions, type TranscriptEntry } from '@epigenome/core/testing';
import { describe, expect, it } from 'vitest';
import { createGpBo } from './gp-bo';
import { createPb2 } from './pb2';

const space = { lr: float(1e-4, 0.2, { log: true }), dropout: float(0, 0.6), width: int(8, 64), opt: choice(['sgd', 'adam']) };

const cases: Record<string, { regulators: () => Regulator[]; world: ToyTrainingOptions }> = {
  'GP-BO': { regulators: () => [createGpBo({ params: ['lr', 'dropout', 'opt'], initial: 3, rawSamples: 64, restarts: 2 })], world: { trials: 7, concurrent: 2, steps: 50 } },
  PB2: { regulators: () => [createPb2({ every: { steps: 25 }, quantile: 0.5 })], world: { trials: 4, steps: 150 } },
};

const options = (c: (typeof cases)[string]): ScriptedRunOptions => ({ space, regulators: c.regulators, script: toyTraining(c.world), seed: 3 });
const decided = (t: TranscriptEntry[]) => t.filter((e) => (e.type === 'observe' && e.events.length > 0) || e.type === 'addTrial');
const run = async (c: (typeof cases)[string], interruptAt?: number) => await runScripted(options(c), { interruptAt });

describe('resume: interrupted, snapshot → JSON → fresh regulator → restore, continues exactly', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const full = await run(c);
      expect(decided(full).length).toBeGreaterThan(3);
      for (const k of [4, 29, 63]) expect(await run(c, k)).toEqual(full);
    });
  }
});

describe('controls resolved from the space', () => {
  it('GP-BO proposes every hyperparameter, PB2 explores every numeric one, when not told', () => {
    expect(createRegulome({ space, regulators: [createGpBo()] }).controls('gp-bo')).toEqual(['lr', 'dropout', 'width', 'opt']);
    expect(createRegulome({ space, regulators: [createPb2()] }).controls('pb2')).toEqual(['lr', 'dropout', 'width']);
  });
});

import type { MarkInput, MemoryStore, Regulator } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import type { TrialSummary } from '../experiment/experiment-result';
import { WEIGHTS } from './lineage-constants';
import { markStrength, writeMarks } from './write-marks';

describe('markStrength', () => {
  it('grows with how decisively the best trial won, within [0.25, 1]', () => {
    // 0.25 + 0.75 × (best − median) ÷ (best − worst)
    expect(markStrength(1, [0, 0.5, 1])).toBeCloseTo(0.625, 12);
    expect(markStrength(1, [0, 0, 1])).toBe(1);
    expect(markStrength(1, [0, 1, 1])).toBe(0.25);
  });

  it('is 0.5 when nothing can be told apart', () => {
    expect(markStrength(0.8, [0.8])).toBe(0.5);
    expect(markStrength(0.8, [0.8, 0.8, 0.8])).toBe(0.5);
    expect(markStrength(Number.NEGATIVE_INFINITY, [0, 1])).toBe(0.5);
    expect(markStrength(1, [Number.NaN, 1])).toBe(0.5);
  });
});

function fakeStore() {
  const marks: MarkInput[] = [];
  const store = {
    mark: async (input: MarkInput) => {
      marks.push(input);
      return { id: `m${marks.length}` };
    },
  } as unknown as MemoryStore;
  return { store, marks };
}

const trial = (id: string, fitness: number, schedule: TrialSummary['schedule']): TrialSummary => ({
  id,
  status: 'completed',
  steps: 20,
  config: { lr: 0.1 },
  fitness,
  metrics: { val_accuracy: fitness },
  generation: 0,
  parentId: undefined,
  schedule,
});
const context = { dataset: { name: 'blobs', samples: 10, features: 2, classes: 2, inputShape: [2] }, model: { family: 'softmax' } };

describe('writeMarks', () => {
  it('writes the best configuration, its schedule, the weights and inheritable knowledge, in that order', async () => {
    const { store, marks } = fakeStore();
    const best = trial('e-t1', 0.9, [
      { step: 0, config: { lr: 0.2 } },
      { step: 10, config: { lr: 0.1 } },
    ]);
    const regulators: Regulator[] = [
      { specificationVersion: 'v1', name: 'learner', level: 'step', controls: [], inheritable: true, snapshot: () => ({ pending: 1 }), knowledge: () => ({ weights: [1, 2] }) },
      { specificationVersion: 'v1', name: 'old-style', level: 'epoch', controls: [], inheritable: true, snapshot: () => ({ counts: 3 }) },
      { specificationVersion: 'v1', name: 'not-inheritable', level: 'population', controls: [], snapshot: () => ({ memo: 1 }) },
      { specificationVersion: 'v1', name: 'nothing-yet', level: 'step', controls: [], inheritable: true, snapshot: () => undefined },
    ];
    const ids = await writeMarks({
      memory: store,
      context,
      experimentId: 'e',
      best,
      trials: [best, trial('e-t0', 0.5, [])],
      regulators,
      objective: { metric: 'val_accuracy', mode: 'max' },
      weights: { step: 20, config: { lr: 0.1, optimizer: 'adam' }, bytes: new Uint8Array([1, 2, 3]) },
    });
    expect(ids).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(marks.map((m) => m.regulation)).toEqual([
      { kind: 'config', config: { lr: 0.1 } },
      { kind: 'schedule', points: best.schedule },
      { kind: 'state', regulator: WEIGHTS, state: { step: 20, config: { lr: 0.1, optimizer: 'adam' }, bytes: 'AQID' } },
      { kind: 'state', regulator: 'learner', state: { weights: [1, 2] } },
      { kind: 'state', regulator: 'old-style', state: { counts: 3 } },
    ]);
    expect(marks.every((m) => m.fitness === 0.9 && m.strength === 1 && m.sourceExperimentId === 'e' && m.sourceTrialId === 'e-t1')).toBe(true);
  });

  it('skips a one-point schedule and the weights when none are given; a non-finite best fitness is stored as a very low finite one', async () => {
    const { store, marks } = fakeStore();
    const best = trial('e-t0', Number.NEGATIVE_INFINITY, [{ step: 0, config: { lr: 0.1 } }]);
    await writeMarks({ memory: store, context, experimentId: 'e', best, trials: [best], regulators: [], objective: { metric: 'val_accuracy', mode: 'max' } });
    expect(marks.map((m) => [m.regulation.kind, m.fitness, m.strength])).toEqual([['config', -1e300, 0.5]]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseExperimentSpec } from './experiment-spec';

const valid = {
  name: 'quickstart',
  dataset: { name: 'spirals', samples: 400 },
  model: { kind: 'mlp', hidden: [16] },
  space: { lr: { kind: 'float', min: 1e-4, max: 0.1, log: true }, optimizer: { kind: 'choice', values: ['adam', 'sgd'] } },
  budget: { steps: 200 },
  regulators: { population: [{ use: 'pbt', options: { interval: 50 } }] },
};

describe('parseExperimentSpec', () => {
  it('fills defaults', () => {
    const spec = parseExperimentSpec(valid);
    expect(spec.seed).toBe(0);
    expect(spec.population).toBe(4);
    expect(spec.objective).toEqual({ metric: 'val_accuracy', mode: 'max' });
    expect(spec.regulators.step).toEqual([]);
    expect(spec.memory).toEqual({ inherit: true, writeMarks: true });
  });

  it('names the path, the value and what is allowed', () => {
    expect(() => parseExperimentSpec({ ...valid, population: 0 })).toThrow('spec.population must be ≥ 1; got 0');
    expect(() => parseExperimentSpec({ ...valid, population: 2.5 })).toThrow('spec.population must be an integer; got 2.5');
    expect(() => parseExperimentSpec({ ...valid, dataset: { name: 'cifar' } })).toThrow('spec.dataset.name must be one of "mnist", "iris", "spirals", "drifting"; got "cifar"');
    expect(() => parseExperimentSpec({ ...valid, budget: {} })).toThrow('spec.budget must be exactly one of steps or epochs; got {}');
    expect(() => parseExperimentSpec({ ...valid, space: { lr: { kind: 'float', min: 1, max: 0 } } })).toThrow('spec.space.lr.max must be ≥ min (1); got 0');
    expect(() => parseExperimentSpec({ ...valid, space: { lr: { kind: 'gauss' } } })).toThrow(/spec.space.lr.kind must be/);
    expect(() => parseExperimentSpec({ ...valid, colour: 'red' })).toThrow(/spec must be no key "colour" \(unknown\)/);
    expect(() => parseExperimentSpec({ ...valid, regulators: { daily: [] } })).toThrow(/spec.regulators must be no key "daily"/);
  });

  it('lists every problem, one per line', () => {
    try {
      parseExperimentSpec({ ...valid, population: 0, seed: -1 });
      expect.unreachable();
    } catch (e) {
      expect(String((e as Error).message).split('\n')).toHaveLength(2);
    }
  });
});

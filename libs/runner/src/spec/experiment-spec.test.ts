import { describe, expect, it } from 'vitest';
import { parseExperimentSpec } from './experiment-spec';

const valid = {
  name: 'quickstart',
  dataset: { name: 'spirals', samples: 400 },
  model: { kind: 'mlp', hidden: [16] },
  space: { lr: { kind: 'float', min: 1e-4, max: 0.1, log: true }, optimizer: { kind: 'choice', values: ['adam', 'sgd'] } },
  budget: { steps: 200 },
  regulators: { population: [{ use: 'pbt', options: { every: { steps: 50 } } }] },
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
    expect(() => parseExperimentSpec({ ...valid, colour: 'red' })).toThrow(/^spec.colour is not an option \(known: budget, checkpointEvery, dataset, /);
    expect(() => parseExperimentSpec({ ...valid, regulators: { daily: [] } })).toThrow('spec.regulators.daily is not an option (known: epoch, lineage, population, step)');
  });

  it('accepts a live width of a layer the model has, and refuses one it lacks, naming the allowed names', () => {
    const w = { kind: 'width', min: 8, max: 256 };
    expect(parseExperimentSpec({ ...valid, space: { ...valid.space, 'width.0': w } }).space['width.0']).toEqual(w);
    const cnn = { ...valid, dataset: { name: 'mnist' }, model: { kind: 'cnn', filters: [4, 8], dense: [32] } };
    expect(Object.keys(parseExperimentSpec({ ...cnn, space: { 'filters.1': w, 'width.0': w } }).space)).toEqual(['filters.1', 'width.0']);
    expect(() => parseExperimentSpec({ ...valid, space: { 'width.1': w } })).toThrow('spec.space.width.1 must be a layer of the model: this mlp has width.0; got "width.1"');
    expect(() => parseExperimentSpec({ ...cnn, space: { 'filters.2': w } })).toThrow(
      /spec.space.filters.2 must be a layer of the model: this cnn has filters.0, filters.1, width.0/,
    );
    expect(() => parseExperimentSpec({ ...valid, space: { 'width.0': { kind: 'int', min: 8, max: 64 } } })).toThrow(
      'spec.space.width.0.kind must be "width" (a layer\'s width is structural); got "int"',
    );
    expect(() => parseExperimentSpec({ ...valid, space: { 'width.0': { kind: 'width', min: 0, max: 64 } } })).toThrow(/spec.space.width.0.min must be an integer ≥ 1/);
    expect(() => parseExperimentSpec({ ...valid, space: { 'width.x': w } })).toThrow(/spec.space.width.x/);
  });

  it('refuses unknown keys of the dataset and the model for their kind, suggesting the nearest', () => {
    expect(() => parseExperimentSpec({ ...valid, dataset: { name: 'spirals', validaton: 100 } })).toThrow(
      'spec.dataset.validaton is not an option; did you mean "validation"? (known: name, noise, samples, seed, turns, validation)',
    );
    expect(() => parseExperimentSpec({ ...valid, dataset: { name: 'iris', samples: 100 } })).toThrow('spec.dataset.samples is not an option (known: name, seed, validation)');
    expect(() => parseExperimentSpec({ ...valid, model: { kind: 'mlp', hiden: [16] } })).toThrow(
      'spec.model.hiden is not an option; did you mean "hidden"? (known: activation, dropout, hidden, kind)',
    );
    expect(() => parseExperimentSpec({ ...valid, model: { kind: 'mlp', filters: [8] } })).toThrow(/^spec.model.filters is not an option/);
    expect(() => parseExperimentSpec({ ...valid, model: { kind: 'cnn', filters: [8], kernelSize: 3 } })).not.toThrow();
    expect(() => parseExperimentSpec({ ...valid, regulators: { step: [{ use: 'hypergradient', option: {} }] } })).toThrow(
      'spec.regulators.step[0].option is not an option; did you mean "options"? (known: name, options, use)',
    );
    expect(() => parseExperimentSpec({ ...valid, dataset: { name: 'cifar' } })).toThrow(expect.objectContaining({ field: 'spec.dataset.name', code: 'INVALID_ARGUMENT' }));
  });

  it('refuses hyperparameter ranges the engine refuses, naming the spec path', () => {
    expect(() => parseExperimentSpec({ ...valid, space: { lr: { kind: 'float', min: 1e-3, max: 50 } } })).toThrow('spec.space.lr.max must be ≤ 10; got 50');
    expect(() => parseExperimentSpec({ ...valid, space: { momentum: { kind: 'float', min: 0.5, max: 1 } } })).toThrow('spec.space.momentum.max must be < 1; got 1');
    expect(() => parseExperimentSpec({ ...valid, space: { dropout: { kind: 'choice', values: [0, 0.5, 1.5] } } })).toThrow(
      'spec.space.dropout.values[2] must be a finite number ≥ 0 and < 1; got 1.5',
    );
    expect(() => parseExperimentSpec({ ...valid, space: { optimizer: { kind: 'choice', values: ['adam', 'adagrad'] } } })).toThrow(
      'spec.space.optimizer.values[1] must be one of "sgd", "momentum", "adam", "rmsprop"; got "adagrad"',
    );
    expect(() => parseExperimentSpec({ ...valid, space: { batch_size: { kind: 'float', min: 8, max: 64 } } })).toThrow(/^spec.space.batch_size.kind must be "int"/);
    expect(() => parseExperimentSpec({ ...valid, space: { lr: { kind: 'float', min: 1e-4, max: 10 }, custom: { kind: 'float', min: -5, max: 500 } } })).not.toThrow();
  });

  it('refuses a spec whose JSON is over 1 MB, naming the limit', () => {
    const big = { ...valid, dataset: { name: 'spirals', junk: 'x'.repeat(1_100_000) } };
    expect(() => parseExperimentSpec(big)).toThrow(/the spec is 1,100,\d{3} bytes; a spec may be at most 1 MB \(1,000,000 bytes\)/);
    expect(() => parseExperimentSpec(big)).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  });

  it('lists every problem, one per line', () => {
    expect(() => parseExperimentSpec({ ...valid, population: 0, seed: -1 })).toThrow(/^spec.seed must be ≥ 0; got -1\nspec.population must be ≥ 1; got 0$/);
  });
});

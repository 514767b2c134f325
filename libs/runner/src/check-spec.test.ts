import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSpec } from './check-spec';

const valid = {
  name: 'check',
  dataset: { name: 'spirals', samples: 200, validation: 50 },
  model: { kind: 'mlp', hidden: [8] },
  space: { lr: { kind: 'float', min: 1e-3, max: 0.1, log: true }, batch_size: { kind: 'int', min: 8, max: 32 } },
  budget: { steps: 100 },
  regulators: { population: [{ use: 'pbt' }], step: [{ use: 'hypergradient' }] },
};

describe('checkSpec', () => {
  it('returns the parsed spec and its regulators, outermost level first, without writing anything', () => {
    const before = readdirSync(process.cwd()).sort();
    const started = performance.now();
    const { spec, regulators } = checkSpec(valid);
    console.info(`checkSpec took ${(performance.now() - started).toFixed(1)} ms`);
    expect(spec.population).toBe(4);
    expect(regulators.map((r) => [r.name, r.level])).toEqual([
      ['pbt', 'population'],
      ['hypergradient', 'step'],
    ]);
    expect(readdirSync(process.cwd()).sort()).toEqual(before);
  });

  it("starts from the engine's defaults the space admits, or from the spec's defaultConfig", () => {
    // lr 1e-3 and batch 32 are the engine's defaults, both inside this space; the model's width is not in it
    expect(checkSpec(valid).defaultConfig).toEqual({ lr: 1e-3, batch_size: 32 });
    // a space that excludes a default leaves that hyperparameter to the draw
    const narrow = {
      ...valid,
      model: { kind: 'mlp', hidden: [8] },
      space: { ...valid.space, lr: { kind: 'float', min: 0.01, max: 0.1 }, 'width.0': { kind: 'width', min: 4, max: 16 } },
    };
    expect(checkSpec(narrow).defaultConfig).toEqual({ batch_size: 32, 'width.0': 8 });
    expect(checkSpec({ ...valid, defaultConfig: { lr: 0.05 } }).defaultConfig).toEqual({ lr: 0.05 });
    expect(() => checkSpec({ ...valid, defaultConfig: { lr: 0.5 } })).toThrow(/^spec: defaultConfig.lr must be a number in \[0.001, 0.1\] \(log\); got 0.5/);
    expect(() => checkSpec({ ...valid, defaultConfig: { momentum: 0.9 } })).toThrow(expect.objectContaining({ field: 'spec.defaultConfig.momentum' }));
  });

  it('refuses an unknown regulator, listing the known ones', () => {
    expect(() => checkSpec({ ...valid, regulators: { step: [{ use: 'hypergradiant' }] } })).toThrow(
      /^spec.regulators.step\[0\].use: unknown regulator "hypergradiant"; known: .*hypergradient/,
    );
  });

  it('refuses a bad composition: a duplicate name, two setters of one parameter at one level', () => {
    expect(() => checkSpec({ ...valid, regulators: { step: [{ use: 'hypergradient' }, { use: 'hypergradient' }] } })).toThrow(/hypergradient/);
    expect(() => checkSpec({ ...valid, regulators: { step: [{ use: 'bandit' }, { use: 'policy-gradient' }] } })).toThrow(
      expect.objectContaining({ code: 'REGULOME_CONFLICT', message: expect.stringContaining('give one a higher priority (its options.priority)') }),
    );
  });

  it('accepts the compositions users expect: factors at one level, proposer beside trainer, a priority deciding sets', () => {
    expect(() => checkSpec({ ...valid, regulators: { step: [{ use: 'hypergradient' }, { use: 'hypergradient', name: 'second' }] } })).not.toThrow();
    expect(() => checkSpec({ ...valid, regulators: { step: [{ use: 'plateau', options: { monitor: 'loss' } }, { use: 'hypergradient' }] } })).not.toThrow();
    expect(() => checkSpec({ ...valid, regulators: { population: [{ use: 'gp-bo' }, { use: 'pbt' }] } })).not.toThrow();
    expect(() => checkSpec({ ...valid, regulators: { step: [{ use: 'bandit', options: { priority: 1 } }, { use: 'policy-gradient' }] } })).not.toThrow();
  });

  it('refuses a regulator on a hyperparameter of a kind it cannot act on, before any run', () => {
    const plugins = {
      halver: {
        levels: ['epoch' as const],
        description: 'halves lr',
        create: () => ({ specificationVersion: 'v1' as const, name: 'halver', level: 'epoch' as const, controls: ['lr'], kinds: ['float' as const, 'int' as const] }),
      },
    };
    const choiceLr = { ...valid, space: { lr: { kind: 'choice', values: [0.01, 0.1] } }, regulators: { epoch: [{ use: 'halver' }] } };
    expect(() => checkSpec(choiceLr, { plugins })).toThrow('regulator "halver" acts on float or int hyperparameters, but "lr" is a choice');
  });

  it('refuses what the engine refuses: data and model options, batch sizes over the training split', () => {
    expect(() => checkSpec({ ...valid, dataset: { name: 'spirals', noise: 5 } })).toThrow(/^spec.dataset: spirals.noise must be/);
    expect(() => checkSpec({ ...valid, model: { kind: 'mlp', hidden: [0] } })).toThrow(/^spec.model: model.hidden must be an array of integers in \[1, 65536\]/);
    expect(() => checkSpec({ ...valid, model: { kind: 'mlp', activation: 'gelu' } })).toThrow(/^spec.model: model.activation must be one of/);
    expect(() => checkSpec({ ...valid, space: { ...valid.space, batch_size: { kind: 'int', min: 8, max: 500 } } })).toThrow(
      'spec.space.batch_size.max must be ≤ 200 (the training samples of this dataset); got 500',
    );
  });

  it('refuses a regulator option under its spec path, and plugins passed in are resolved', () => {
    expect(() => checkSpec({ ...valid, regulators: { population: [{ use: 'pbt', options: { quantile: 0.9 } }] } })).toThrow(
      /^spec.regulators.population\[0\].options.quantile must be/,
    );
    const plugins = {
      noop: { levels: ['epoch' as const], description: 'nothing', create: () => ({ specificationVersion: 'v1' as const, name: 'noop', level: 'epoch' as const, controls: [] }) },
    };
    expect(checkSpec({ ...valid, regulators: { epoch: [{ use: 'noop' }] } }, { plugins }).regulators.map((r) => r.name)).toEqual(['noop']);
    expect(() => checkSpec({ ...valid, regulators: { epoch: [{ use: 'noop' }] } })).toThrow(/unknown regulator "noop"/);
  });
});

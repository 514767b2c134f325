import { float } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createSoftmaxEngine } from '../test-fixtures/softmax-engine';
import { resolveOptions } from './resolve-options';
import { runExperimentOptionsSchema } from './run-options-schema';

const engine = createSoftmaxEngine();
const space = { lr: float(1e-3, 1, { log: true }) };

describe('runExperimentOptionsSchema', () => {
  it("accepts valid options and keeps the caller's objects", () => {
    const parsed = runExperimentOptionsSchema.parse({ engine, space, budget: { steps: 10 }, onProgress: () => {} });
    expect(parsed.engine).toBe(engine);
  });

  it('names the field, what is allowed and the value', () => {
    expect(() => resolveOptions({ engine, space, budget: { steps: 0 } })).toThrow('budget.steps must be an integer ≥ 1; got 0');
    expect(() => resolveOptions({ engine, space, budget: { steps: 1 }, checkpointEvery: -1 })).toThrow('checkpointEvery must be an integer ≥ 0; got -1');
    expect(() => resolveOptions({ engine, space, budget: { steps: 1 }, inheritWeights: 2 })).toThrow('inheritWeights must be a number in [0, 1]; got 2');
    expect(() => resolveOptions({ engine: {} as never, space, budget: { steps: 1 } })).toThrow('engine must be a TrainingEngine (e.g. createTfjsEngine()); got {}');
    expect(() => resolveOptions({ engine, space, budget: { steps: 1 }, regulators: [1 as never] })).toThrow(/^regulators\[0\] must be a Regulator/);
    expect(() => resolveOptions({ engine, space, budget: 5 as never })).toThrow('budget must be an object { steps } or { epochs }, optionally with seconds; got 5');
    expect(() => resolveOptions({ engine, space, budget: { steps: 1 }, populaton: 3 } as never)).toThrow('populaton is not an option; did you mean "population"?');
    expect(() => resolveOptions({ engine, space, budget: { steps: 1, epoch: 2 } as never })).toThrow(
      'budget.epoch is not an option; did you mean "epochs"? (known: epochs, reallocate, seconds, steps)',
    );
    expect(() => resolveOptions({ engine, space, budget: { steps: 1 }, seed: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'seed', value: 1.5 }));
  });

  it('resolves the defaults', () => {
    expect(resolveOptions({ engine, space, budget: { steps: 1 } })).toEqual({
      population: 4,
      evaluateEvery: 100,
      signalEvery: 10,
      checkpointEvery: 1,
      seed: 0,
      objective: { metric: 'val_accuracy', mode: 'max' },
      weightFraction: 0.5,
    });
  });
});

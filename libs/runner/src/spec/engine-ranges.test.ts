import { HYPERPARAMETER_RANGES, validateHyperparameters } from '@epigenome/engine-tfjs';
import { describe, expect, it } from 'vitest';
import { checkEngineRanges } from './engine-ranges';

const accepts = (name: string, value: number) => {
  try {
    validateHyperparameters({ [name]: value }, undefined, 1_000);
    return true;
  } catch {
    return false;
  }
};

describe('the engine ranges the spec is checked against', () => {
  it('are the ones validateHyperparameters applies, bound by bound', () => {
    for (const [name, r] of Object.entries(HYPERPARAMETER_RANGES)) {
      if (r.min !== undefined) {
        expect([name, 'min', accepts(name, r.min)]).toEqual([name, 'min', !r.minOpen]);
        expect([name, 'below min', accepts(name, r.min - 1e-9)]).toEqual([name, 'below min', false]);
      }
      if (r.max !== undefined) {
        expect([name, 'max', accepts(name, r.max)]).toEqual([name, 'max', !r.maxOpen]);
        expect([name, 'above max', accepts(name, r.max + 1e-9)]).toEqual([name, 'above max', false]);
      }
    }
  });

  it('refuse bounds outside them with the spec path, and let unknown hyperparameters pass', () => {
    expect(() => checkEngineRanges({ epsilon: { kind: 'float', min: 0, max: 1e-3 } })).toThrow('spec.space.epsilon.min must be > 0; got 0');
    expect(() => checkEngineRanges({ lr: { kind: 'float', min: 20, max: 30 } })).toThrow('spec.space.lr.min must be ≤ 10; got 20\nspec.space.lr.max must be ≤ 10; got 30');
    expect(() => checkEngineRanges({ width: { kind: 'int', min: -5, max: 5000 } })).not.toThrow();
  });
});

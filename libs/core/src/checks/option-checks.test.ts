import { describe, expect, it } from 'vitest';
import { checkBoolean, checkInteger, checkNumber, checkOneOf, checkOptions, checkString, describeRange } from './option-checks';
import { nearestName } from './nearest-name';
import { checkParams } from './check-params';
import { checkEvery, describeEvery } from './check-every';

describe('option checks', () => {
  it('returns the fallback for undefined and the value when allowed', () => {
    expect(checkNumber('options.x', undefined, 3)).toBe(3);
    expect(checkNumber('options.x', 0.5, 3, { min: 0, max: 1 })).toBe(0.5);
    expect(checkInteger('options.every', 4, 1, 1)).toBe(4);
    expect(checkString('options.name', undefined, 'pbt')).toBe('pbt');
    expect(checkOneOf('options.mode', 'min', ['min', 'max'], 'max')).toBe('min');
    expect(checkBoolean('options.on', false, true)).toBe(false);
  });

  it('names the field, the allowed range and the value', () => {
    expect(() => checkInteger('options.every', 0, 1, 1)).toThrow('options.every must be an integer ≥ 1; got 0');
    expect(() => checkNumber('options.beta', 1, 0.5, { min: 0, max: 0.999, minOpen: true })).toThrow('options.beta must be a finite number > 0 and ≤ 0.999; got 1');
    expect(() => checkNumber('options.x', Number.NaN, 1)).toThrow('options.x must be a finite number; got NaN');
    expect(() => checkInteger('options.n', 1.5, 1, 0, 10)).toThrow('options.n must be an integer ≥ 0 and ≤ 10; got 1.5');
    expect(() => checkOneOf('options.algorithm', 'ucb1', ['linucb', 'thompson'], 'linucb')).toThrow('options.algorithm must be "linucb" or "thompson"; got "ucb1"');
    expect(() => checkOneOf('options.mode', 'x', ['a', 'b', 'c'], 'a')).toThrow('options.mode must be one of "a", "b", "c"; got "x"');
    expect(() => checkString('options.name', '', 'x')).toThrow('options.name must be a non-empty string; got ""');
    expect(() => checkBoolean('options.on', 'yes', true)).toThrow('options.on must be true or false; got "yes"');
    expect(describeRange({ max: 1, maxOpen: true })).toBe('a finite number < 1');
  });

  it('refuses unknown option keys, suggesting the nearest known one', () => {
    expect(checkOptions('options', { beta: 1 }, ['beta', 'every'])).toEqual({ beta: 1 });
    expect(checkOptions('options', undefined, ['beta'])).toEqual({});
    expect(() => checkOptions('options', { betta: 1 }, ['beta', 'every'])).toThrow('options.betta is not an option; did you mean "beta"? (known: beta, every)');
    expect(() => checkOptions('options', { zzz: 1 }, ['beta', 'every'])).toThrow('options.zzz is not an option (known: beta, every)');
    expect(() => checkOptions('options', { quantil: 1 }, ['quantile'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.quantil' }));
    expect(() => checkOptions('options', [1] as unknown as object, ['a'])).toThrow('options must be an options object; got [1]');
  });

  it('suggests only plausible typos', () => {
    expect(nearestName('validaton', ['validation', 'test'])).toBe('validation');
    expect(nearestName('hiden', ['hidden', 'activation'])).toBe('hidden');
    expect(nearestName('completely', ['beta', 'every'])).toBeUndefined();
    expect(nearestName('x', [])).toBeUndefined();
  });
});

describe('one vocabulary: params, every and the renamed options', () => {
  it('refuses a renamed option with its new name, only where the factory knows the new one', () => {
    expect(() => checkOptions('options', { controls: ['lr'] }, ['params', 'name'])).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.controls', message: expect.stringMatching(/^options\.controls was renamed to options\.params/) }),
    );
    expect(() => checkOptions('options', { param: 'lr' }, ['params'])).toThrow(/options\.param was renamed to options\.params/);
    expect(() => checkOptions('options', { interval: 100 }, ['every'])).toThrow(/options\.interval was renamed to options\.every/);
    expect(() => checkOptions('options', { interval: 100 }, ['time'])).toThrow(/options\.interval is not an option/);
  });

  it('params: a name or a non-empty array of names', () => {
    expect(checkParams('options.params', 'lr')).toEqual(['lr']);
    expect(checkParams('options.params', ['lr', 'dropout', 'lr'])).toEqual(['lr', 'dropout']);
    expect(checkParams('options.params', undefined)).toBeUndefined();
    expect(checkParams('options.params', [], { allowEmpty: true })).toEqual([]);
    expect(() => checkParams('options.params', [])).toThrow('options.params must be a hyperparameter name or a non-empty array of hyperparameter names; got []');
    expect(() => checkParams('options.params', ['lr', ''])).toThrow(/options\.params must be/);
  });

  it('every: one unit the factory takes, with its count in range', () => {
    const units = { steps: { min: 1, integer: true }, evals: { min: 1, max: 1, integer: true } };
    expect(checkEvery('options.every', { steps: 20 }, units, { steps: 20 })).toEqual({ unit: 'steps', length: 20 });
    expect(checkEvery('options.every', undefined, units, { evals: 1 })).toEqual({ unit: 'evals', length: 1 });
    expect(() => checkEvery('options.every', 20, units, { steps: 20 })).toThrow('options.every must be an object with one of steps or evals; got 20');
    expect(() => checkEvery('options.every', { step: 20 }, units, { steps: 20 })).toThrow('options.every.step is not an option; did you mean "steps"?');
    expect(() => checkEvery('options.every', { steps: 20, evals: 1 }, units, { steps: 20 })).toThrow('options.every must be exactly one of { steps } or { evals }');
    expect(() => checkEvery('options.every', { evals: 2 }, units, { steps: 20 })).toThrow('options.every.evals must be an integer ≥ 1 and ≤ 1; got 2');
    expect(() => checkEvery('options.every', { seconds: 2 }, { steps: {} }, { steps: 1 })).toThrow('options.every.seconds is not an option (known: steps)');
    expect(describeEvery(['steps'])).toBe('an object { steps: n }');
  });
});

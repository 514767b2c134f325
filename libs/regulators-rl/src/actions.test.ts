import { createRegulome, float, int, width } from '@epigenome/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHypergradient } from './hypergradient';
import { createPlateauReflex } from './plateau-reflex';
import { applyAction, checkActionSpace, checkActionsInSpace, deltas, factors, feasibleActions } from './actions';

describe('action sets', () => {
  it('builds factor and delta sets', () => {
    expect(factors(0.5, 1, 2)).toEqual({ kind: 'factor', values: [0.5, 1, 2] });
    expect(deltas(-0.05, 0, 0.05)).toEqual({ kind: 'delta', values: [-0.05, 0, 0.05] });
  });

  it('refuses an empty action set, naming it', () => {
    expect(() => factors()).toThrow('factors.values must be a non-empty array of actions (an empty action set leaves nothing to choose); got []');
    expect(() => checkActionSpace('actions', {})).toThrow(/actions must be at least one hyperparameter with its actions/);
    expect(() => checkActionSpace('actions', { lr: { kind: 'factor', values: [] } })).toThrow(/actions\.lr\.values must be a non-empty array/);
  });

  it('refuses non-positive, non-finite and duplicate actions', () => {
    expect(() => factors(0.5, 0)).toThrow('factors.values[1] must be a finite number > 0 (a factor); got 0');
    expect(() => factors(Number.NaN)).toThrow(/factors.values\[0\] must be a finite number > 0 \(a factor\); got NaN/);
    expect(() => deltas(0.1, Infinity)).toThrow(/deltas.values\[1\] must be a finite number \(a delta\); got Infinity/);
    expect(() => factors(2, 2)).toThrow(/factors.values must be distinct actions/);
    expect(() => checkActionSpace('actions', { lr: { kind: 'scale', values: [1] } })).toThrow(/actions\.lr\.kind must be "factor" or "delta"; got "scale"/);
  });

  it('refuses hyperparameters the space lacks, and categorical ones', () => {
    const space = { lr: float(1e-4, 1, { log: true }), opt: { kind: 'choice' as const, values: ['adam', 'sgd'] } };
    expect(() => checkActionsInSpace('bandit.actions', { momentum: factors(0.5, 2) }, space, 'bandit')).toThrow(
      /bandit\.actions\.momentum must be a hyperparameter of the space \(lr, opt\); regulator "bandit" has actions for one the space lacks; got "momentum"/,
    );
    try {
      checkActionsInSpace('a', { momentum: factors(2) }, space, 'r');
    } catch (e) {
      expect((e as { code: string }).code).toBe('UNKNOWN_PARAMETER');
    }
    expect(() => checkActionsInSpace('a', { opt: factors(2) }, space, 'r')).toThrow(/a\.opt must be a numeric hyperparameter/);
  });

  it('clamps the value an action leads to, and masks actions that cannot move it', () => {
    const spec = float(0, 0.5);
    expect(applyAction(deltas(-0.05, 0, 0.05), 2, 0.48, spec)).toBe(0.5);
    expect(feasibleActions(deltas(-0.05, 0, 0.05), 0.5, spec)).toEqual([true, true, false]);
    expect(feasibleActions(factors(0.5, 1, 2), 1e-4, float(1e-4, 1))).toEqual([false, true, true]);
    expect(applyAction(factors(1.3), 0, 10, int(8, 128))).toBe(13);
  });

  it('never leads outside the bounds (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.integer({ min: 0, max: 4 }), (v, i) => {
        const spec = float(1e-4, 0.1, { log: true });
        const out = applyAction(factors(0.5, 0.8, 1, 1.25, 2), i, v, spec);
        return out >= spec.min && out <= spec.max;
      }),
    );
  });

  it('acts on a width like an int (whole units, within bounds); the hypergradient refuses a width, a reflex takes it', () => {
    expect(applyAction(factors(1.3), 0, 10, width(8, 128))).toBe(13);
    expect(applyAction(factors(2), 0, 100, width(8, 128))).toBe(128);
    const space = { lr: float(1e-4, 1, { log: true }), 'width.0': width(8, 256) };
    expect(() => createRegulome({ space, regulators: [createHypergradient({ params: 'width.0' })] })).toThrow(expect.objectContaining({ code: 'REGULOME_CONFLICT' }));
    expect(createRegulome({ space, regulators: [createPlateauReflex({ params: ['width.0'], factor: 2 })] }).controls('plateau')).toEqual(['width.0']);
  });
});

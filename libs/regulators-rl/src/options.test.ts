import { choice, createRegulome, float } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createBandit } from './bandit';
import { createDivergenceReflex } from './divergence-reflex';
import { createHypergradient } from './hypergradient';
import { createPlateauReflex } from './plateau-reflex';
import { createPolicyGradient } from './policy-gradient';

describe('options: one field-path convention, typos refused', () => {
  it('refuses a misspelt option, suggesting the nearest one', () => {
    expect(() => createHypergradient({ betta: 0.1 } as never)).toThrow('options.betta is not an option; did you mean "beta"?');
    expect(() => createBandit({ explorattion: 1 } as never)).toThrow('options.explorattion is not an option; did you mean "exploration"?');
    expect(() => createPolicyGradient({ hiden: 4 } as never)).toThrow('options.hiden is not an option; did you mean "hidden"?');
    expect(() => createPlateauReflex({ patiense: 2 } as never)).toThrow('options.patiense is not an option; did you mean "patience"?');
    expect(() => createDivergenceReflex({ facter: 0.5 } as never)).toThrow('options.facter is not an option; did you mean "factor"?');
  });

  it('refuses misspelt nested options with their path', () => {
    expect(() => createBandit({ rollback: { factr: 0.5 } } as never)).toThrow('options.rollback.factr is not an option; did you mean "factor"?');
    expect(() => createBandit({ state: { horizn: 10 } } as never)).toThrow('options.state.horizn is not an option; did you mean "horizon"?');
  });

  it('names the field as options.<name>', () => {
    expect(() => createBandit({ every: 0 })).toThrow('options.every must be an integer ≥ 1; got 0');
    expect(() => createPolicyGradient({ every: 0 })).toThrow('options.every must be an integer ≥ 1; got 0');
    expect(() => createBandit({ rollback: { factor: 2 } })).toThrow('options.rollback.factor must be a finite number > 0 and ≤ 1; got 2');
  });

  it('refuses, when the regulome is built, a factor regulator on a choice hyperparameter', () => {
    const space = { lr: choice([0.1, 0.01]), wd: float(0, 0.1) };
    for (const make of [() => createDivergenceReflex(), () => createPlateauReflex(), () => createHypergradient()]) {
      expect(() => createRegulome({ space, regulators: [make()] })).toThrow(/acts on float or int hyperparameters, but "lr" is a choice/);
    }
    expect(() =>
      createRegulome({
        space,
        regulators: [createBandit({ actions: { wd: { kind: 'delta', values: [-0.01, 0, 0.01] } }, name: 'b' }), createDivergenceReflex({ param: 'lr', level: 'epoch' })],
      }),
    ).toThrow(expect.objectContaining({ code: 'REGULOME_CONFLICT' }));
    expect(createRegulome({ space: { lr: float(1e-4, 1) }, regulators: [createDivergenceReflex()] }).controls('divergence')).toEqual(['lr']);
  });
});

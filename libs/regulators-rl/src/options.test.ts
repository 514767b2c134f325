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
    expect(() => createBandit({ every: { steps: 0 } })).toThrow('options.every.steps must be an integer ≥ 1; got 0');
    expect(() => createPolicyGradient({ every: { steps: 0 } })).toThrow('options.every.steps must be an integer ≥ 1; got 0');
    expect(() => createBandit({ rollback: { factor: 2 } })).toThrow('options.rollback.factor must be a finite number > 0 and ≤ 1; got 2');
  });

  it('refuses, when the regulome is built, a factor regulator on a choice hyperparameter', () => {
    const space = { lr: choice([0.1, 0.01]), wd: float(0, 0.1) };
    for (const make of [() => createDivergenceReflex(), () => createPlateauReflex(), () => createHypergradient()]) {
      expect(() => createRegulome({ space, regulators: [make()] })).toThrow(/acts on float(, int or width| or int) hyperparameters, but "lr" is a choice/);
    }
    expect(() =>
      createRegulome({
        space,
        regulators: [createBandit({ actions: { wd: { kind: 'delta', values: [-0.01, 0, 0.01] } }, name: 'b' }), createDivergenceReflex({ params: 'lr', level: 'epoch' })],
      }),
    ).toThrow(expect.objectContaining({ code: 'REGULOME_CONFLICT' }));
    expect(createRegulome({ space: { lr: float(1e-4, 1) }, regulators: [createDivergenceReflex()] }).controls('divergence')).toEqual(['lr']);
  });

  it('speaks one vocabulary: params and every; old names refused naming the new one', () => {
    expect(() => createHypergradient({ param: 'lr' } as never)).toThrow('options.param was renamed to options.params');
    expect(() => createPlateauReflex({ param: 'lr' } as never)).toThrow('options.param was renamed to options.params');
    expect(() => createDivergenceReflex({ param: 'lr' } as never)).toThrow('options.param was renamed to options.params');
    expect(() => createBandit({ every: 20 } as never)).toThrow('options.every must be an object with one of steps or evals; got 20');
    expect(() => createPolicyGradient({ every: 'eval' } as never)).toThrow('options.every must be an object with one of steps or evals; got "eval"');
    expect(() => createBandit({ every: { evals: 2 } } as never)).toThrow('options.every.evals must be an integer ≥ 1 and ≤ 1; got 2');
    expect(createBandit({ every: { evals: 1 } }).level).toBe('epoch');
    expect(createPlateauReflex({ params: ['lr', 'wd'] }).controls).toEqual(['lr', 'wd']);
    expect(createDivergenceReflex({ params: 'wd' }).controls).toEqual(['wd']);
  });
});

describe('composition: a step-level plateau rule beside the hypergradient on lr', () => {
  it('builds without a priority (both only multiply) and multiplies their factors in the declared order', async () => {
    const plateau = createPlateauReflex({ level: 'step', monitor: 'loss', patience: 1, factor: 0.5 });
    const hypergradient = createHypergradient({ beta: 0.1 });
    expect(plateau.adjusts).toEqual(['factor']);
    expect(hypergradient.adjusts).toEqual(['factor']);
    const regulome = createRegulome({ space: { lr: float(1e-4, 1, { log: true }) }, regulators: [plateau, hypergradient] });
    expect(regulome.controllers.lr).toEqual([
      { level: 'step', regulator: 'plateau' },
      { level: 'step', regulator: 'hypergradient' },
    ]);
    let lr = await regulome.addTrial('t0', { config: { lr: 0.01 } }).then((c) => c.lr as number);
    const seen = new Set<string>();
    for (let step = 10; step <= 60; step += 10) {
      // a flat training loss (the plateau rule fires) while successive gradients agree (the rate should grow)
      const out = await regulome.observe({ trialId: 't0', kind: 'step', step, metrics: { loss: 1, grad_cos: 0.5, lr_effective: lr } });
      let expected = lr;
      for (const e of out.events) {
        expect(e.from).toBeCloseTo(expected, 12); // each event starts where the previous one (in declared order) ended
        expected = e.to as number;
        seen.add(e.regulator);
      }
      const order = out.events.map((e) => (e.regulator === 'plateau' ? 0 : 1));
      expect(order).toEqual([...order].sort());
      lr = out.config.lr as number;
      expect(lr).toBeCloseTo(expected, 12);
    }
    expect([...seen].sort()).toEqual(['hypergradient', 'plateau']);
  });
});

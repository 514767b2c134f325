import { float } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { createAsha } from './asha';
import { createCmaEs } from './cma-es';
import { createCmaEsController } from './cma-es-controller';
import { createCmaEsOptimizer } from './cma-es-optimizer';
import { createGeneticAlgorithm } from './genetic-algorithm';
import { createMedianStopping } from './median-stopping';
import { createPbt } from './pbt';

const space = { lr: float(1e-4, 1, { log: true }) };

describe('options: one field-path convention, typos refused', () => {
  it('refuses a misspelt option, suggesting the nearest one', () => {
    expect(() => createPbt({ space, quantil: 0.25 } as never)).toThrow('options.quantil is not an option; did you mean "quantile"?');
    expect(() => createGeneticAlgorithm({ space, populationSise: 4 } as never)).toThrow('options.populationSise is not an option; did you mean "populationSize"?');
    expect(() => createCmaEs({ space, sigma: 0.3 } as never)).toThrow('options.sigma is not an option; did you mean "sigma0"?');
    expect(() => createCmaEsController({ space, evry: 2 } as never)).toThrow('options.evry is not an option; did you mean "every"?');
    expect(() => createCmaEsOptimizer({ dimension: 2, tolfun: 1 } as never)).toThrow('options.tolfun is not an option; did you mean "tolFun"?');
    expect(() => createAsha({ gracePeriode: 1 } as never)).toThrow('options.gracePeriode is not an option; did you mean "gracePeriod"?');
    expect(() => createMedianStopping({ minSample: 1 } as never)).toThrow('options.minSample is not an option; did you mean "minSamples"?');
  });

  it('speaks one vocabulary: params and every; old names refused naming the new one', () => {
    expect(() => createPbt({ space, every: 200 } as never)).toThrow('options.every must be an object with one of steps, epochs or seconds; got 200');
    expect(() => createPbt({ space, every: { step: 200 } } as never)).toThrow('options.every.step is not an option; did you mean "steps"?');
    expect(() => createCmaEsController({ space, every: 2 } as never)).toThrow('options.every must be an object { signals: n }; got 2');
    expect(() => createPbt({ controls: ['lr'] } as never)).toThrow('options.controls was renamed to options.params');
    expect(() => createGeneticAlgorithm({ controls: ['lr'] } as never)).toThrow('options.controls was renamed to options.params');
    expect(() => createCmaEs({ param: 'lr' } as never)).toThrow('options.param was renamed to options.params');
    expect(() => createPbt({ interval: 100 } as never)).toThrow('options.interval was renamed to options.every');
    expect(createPbt({ space, params: 'lr' }).controls).toEqual(['lr']);
    expect(createCmaEs({ params: 'lr' }).controls).toEqual(['lr']);
    expect(createPbt({ space, priority: 2 }).priority).toBe(2);
    expect(() => createPbt({ space, priority: Number.NaN })).toThrow('options.priority must be a finite number; got NaN');
  });

  it('names the field as options.<name>', () => {
    expect(() => createPbt({ space, burnIn: -1 })).toThrow('options.burnIn must be a finite number ≥ 0; got -1');
    expect(() => createCmaEsController({ space, every: { signals: 0 } })).toThrow('options.every.signals must be an integer ≥ 1; got 0');
    expect(() => createAsha({ time: 'hours' as 'steps' })).toThrow('options.time must be "steps" or "epochs"; got "hours"');
  });
});

import { describe, expect, it } from 'vitest';
import { dataFromSpec } from './engine-from-spec';

describe('dataFromSpec', () => {
  it('loads MNIST through the engine subpath only when a spec names it, with the spec’s splits', () => {
    const data = dataFromSpec({ name: 'mnist', train: 600, validation: 200, test: 100, seed: 3 } as never);
    expect(data.descriptor).toMatchObject({ name: 'mnist', samples: 600, features: 784, classes: 10 });
    expect([data.train.count, data.validation.count, data.test?.count]).toEqual([600, 200, 100]);
  });

  it('names the spec path in a dataset error', () => {
    expect(() => dataFromSpec({ name: 'mnist', train: 0 } as never)).toThrow(/^spec\.dataset: /);
  });
});

import { describe, expect, it } from 'vitest';
import { spirals } from './spirals';
import { checkTask } from './fixtures/check-task';

describe('spirals', () => {
  it('spirals: two interleaved arms, seeded', () => {
    const d = spirals({ samples: 400, validation: 100, seed: 1 });
    expect(d.descriptor).toEqual({ name: 'spirals', samples: 400, features: 2, classes: 2, inputShape: [2] });
    checkTask(d);
    expect(spirals({ samples: 400, validation: 100, seed: 1 }).train.x).toEqual(d.train.x);
    expect(() => spirals({ noise: -1 })).toThrow(/spirals.noise/);
  });
});

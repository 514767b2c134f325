import { describe, expect, it } from 'vitest';
import { iris } from './iris';
import { checkTask } from './fixtures/check-task';

describe('iris', () => {
  it('iris: 150 samples, standardised features, 3 classes', () => {
    const d = iris();
    expect(d.descriptor).toEqual({ name: 'iris', samples: 120, features: 4, classes: 3, inputShape: [4] });
    checkTask(d);
    expect(d.validation.count).toBe(30);
    const all = [...d.train.x, ...d.validation.x];
    const mean0 = all.filter((_, i) => i % 4 === 0).reduce((a, b) => a + b, 0) / 150;
    expect(Math.abs(mean0)).toBeLessThan(1e-5);
  });
});

import { describe, expect, it } from 'vitest';
import { regulationLevels } from './regulation-levels';

describe('regulationLevels', () => {
  it('splits the effective value into base × epoch × step, matching every recorded value', () => {
    const events = [
      { step: 10, level: 'step', kind: 'change', from: 0.1, to: 0.12 },
      { step: 20, level: 'epoch', kind: 'change', from: 0.12, to: 0.06 },
      { step: 30, level: 'population', kind: 'change', from: 0.06, to: 0.02 },
      { step: 35, level: 'population', kind: 'exploit', from: 't1', to: 't0' },
      { step: 40, level: 'step', kind: 'change', from: 0.02, to: 0.03 },
    ] as const;
    const levels = regulationLevels('t1', events, 0.1)!;
    expect(levels.effective.map(([, v]) => v)).toEqual([0.1, 0.12, 0.06, 0.02, 0.03]);
    levels.effective.forEach(([step, value], i) => {
      const product = levels.base[i]![1] * levels.epoch[i]![1] * levels.step[i]![1];
      expect(levels.base[i]![0]).toBe(step);
      expect(product).toBeCloseTo(value, 12);
    });
    expect(levels.epoch.at(-1)![1]).toBeCloseTo(0.5, 12);
    expect(levels.step.at(-1)![1]).toBeCloseTo(1.2 * 1.5, 12);
    // the population change moved only the base
    expect(levels.base[3]![1]).toBeCloseTo(0.02 / (0.5 * 1.2), 12);
  });

  it('starts from the first event when the initial value is unknown, and gives nothing for a categorical parameter', () => {
    expect(regulationLevels('t', [{ step: 5, level: 'step', kind: 'change', from: 2, to: 4 }])?.effective).toEqual([
      [0, 2],
      [5, 4],
    ]);
    expect(regulationLevels('t', [{ step: 5, level: 'population', kind: 'change', from: 'adam', to: 'sgd' }])).toBeUndefined();
  });
});

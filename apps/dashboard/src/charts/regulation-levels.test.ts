import { describe, expect, it } from 'vitest';
import { regulationLevels } from './regulation-levels';

const change = (trialId: string, step: number, level: string, from: unknown, to: unknown, param = 'lr') => ({ trialId, step, level, kind: 'change', param, from, to }) as any;

describe('regulationLevels', () => {
  it('splits the effective value into base × epoch × step, matching every recorded value', () => {
    const events = [change('t1', 10, 'step', 0.1, 0.12), change('t1', 20, 'epoch', 0.12, 0.06), change('t1', 30, 'population', 0.06, 0.02), change('t1', 40, 'step', 0.02, 0.03)];
    const [levels] = regulationLevels('lr', ['t1'], events, () => 0.1);
    expect(levels!.effective.map(([, v]) => v)).toEqual([0.1, 0.12, 0.06, 0.02, 0.03]);
    levels!.effective.forEach(([step, value], i) => {
      expect(levels!.base[i]![0]).toBe(step);
      expect(levels!.base[i]![1] * levels!.epoch[i]![1] * levels!.step[i]![1]).toBeCloseTo(value, 12);
    });
    expect(levels!.epoch.at(-1)![1]).toBeCloseTo(0.5, 12);
    expect(levels!.step.at(-1)![1]).toBeCloseTo(1.2 * 1.5, 12);
    // the population change moved only the base
    expect(levels!.base[3]![1]).toBeCloseTo(0.02 / (0.5 * 1.2), 12);
  });

  it('an exploit copies the donor’s base and factors, and the copy’s change events then agree with them', () => {
    const events = [
      { ...change('a', 10, 'step', 0.1, 0.2), id: 1 },
      { ...change('b', 10, 'step', 0.01, 0.005), id: 2 },
      { trialId: 'b', step: 20, level: 'population', kind: 'exploit', param: '@weights', from: 'b', to: 'a', id: 3 },
      { ...change('b', 20, 'population', 0.005, 0.2), id: 4 },
    ] as any[];
    const [a, b] = regulationLevels('lr', ['a', 'b'], events);
    expect(a!.effective.at(-1)).toEqual([10, 0.2]);
    expect(b!.base.at(-1)).toEqual([20, 0.1]);
    expect(b!.step.at(-1)![1]).toBeCloseTo(2, 12);
    expect(b!.effective.at(-1)![1]).toBeCloseTo(0.2, 12);
  });

  it('starts from the first change when the initial value is unknown, ignores other parameters, and skips a categorical one', () => {
    expect(regulationLevels('lr', ['t'], [change('t', 5, 'step', 2, 4), change('t', 6, 'step', 9, 1, 'momentum')])[0]?.effective).toEqual([
      [0, 2],
      [5, 4],
    ]);
    expect(regulationLevels('opt', ['t'], [change('t', 5, 'population', 'adam', 'sgd', 'opt')])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { TrialItem } from './api-types';
import { filterTrials } from './filter-trials';

const trial = (id: string, status: string, config: Record<string, string | number>, parentId: string | null = null) =>
  ({ id, status, config, step: 0, fitness: null, parentId, generation: 0 }) as TrialItem;

describe('filterTrials', () => {
  const trials = [
    trial('exp-t0', 'completed', { lr: 0.01, optimizer: 'adam' }),
    trial('exp-t1', 'failed', { lr: 0.1, optimizer: 'sgd' }, 'exp-t0'),
    trial('exp-t2', 'completed', { lr: 0.2, optimizer: 'SGD' }),
  ];
  it('matches id, parent id or param=value, case-insensitively, and a status', () => {
    expect(filterTrials(trials, '', '')).toBe(trials);
    expect(filterTrials(trials, 't1', '').map((t) => t.id)).toEqual(['exp-t1']);
    expect(filterTrials(trials, 'exp-t0', '').map((t) => t.id)).toEqual(['exp-t0', 'exp-t1']);
    expect(filterTrials(trials, 'optimizer=sgd', '').map((t) => t.id)).toEqual(['exp-t1', 'exp-t2']);
    expect(filterTrials(trials, ' lr=0.1 ', '').map((t) => t.id)).toEqual(['exp-t1']);
    expect(filterTrials(trials, 'optimizer=sgd', 'completed').map((t) => t.id)).toEqual(['exp-t2']);
    expect(filterTrials(trials, '', 'failed').map((t) => t.id)).toEqual(['exp-t1']);
    expect(filterTrials(trials, 'nothing', '')).toEqual([]);
  });
});

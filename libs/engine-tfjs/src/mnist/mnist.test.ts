import { EpigenomeError } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { mnist } from './mnist';
import type { Split } from '../data/task-data';
import { checkSplit, checkTask } from '../data/fixtures/check-task';

const rowKey = (s: Split, i: number, f: number) => s.x.subarray(i * f, (i + 1) * f).join(',');

describe('mnist', () => {
  it('mnist: real digits, normalised to [0, 1], disjoint seeded train/validation/test splits', () => {
    const d = mnist({ train: 2000, validation: 500, test: 500, seed: 3 });
    expect(d.descriptor).toEqual({ name: 'mnist', samples: 2000, features: 784, classes: 10, inputShape: [28, 28, 1] });
    checkTask(d);
    checkSplit(d.test as Split, 784, 10);
    expect(Math.min(...d.train.x.subarray(0, 78_400))).toBe(0);
    expect(Math.max(...d.train.x.subarray(0, 78_400))).toBeLessThanOrEqual(1);
    const train = new Set(Array.from({ length: 2000 }, (_, i) => rowKey(d.train, i, 784)));
    const overlap = Array.from({ length: 500 }, (_, i) => rowKey(d.validation, i, 784)).filter((k) => train.has(k));
    expect(overlap.length).toBeLessThan(5); // the package may hold a few duplicate images
    expect(mnist({ train: 100, validation: 10, seed: 3 }).train.y).toEqual(mnist({ train: 100, validation: 10, seed: 3 }).train.y);
    expect(mnist({ train: 100, validation: 10, seed: 4 }).train.y).not.toEqual(mnist({ train: 100, validation: 10, seed: 3 }).train.y);
    expect(() => mnist({ train: 10_000 })).toThrow(EpigenomeError);
  });
});

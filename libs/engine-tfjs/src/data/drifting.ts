import { checkOptions } from '@epigenome/core';
import { checkInt, checkNumber, gaussian, seededRandom } from '../internal/data-utils';
import type { Split, TaskData } from './task-data';

/** Options of {@link drifting}. */
export interface DriftingOptions {
  /** Optimiser step at which the input distribution shifts. Default 500. */
  readonly shiftAt?: number;
  /** Training samples per phase. Default 2,000. */
  readonly samples?: number;
  /** Validation samples per phase. Default 500. */
  readonly validation?: number;
  /** Input features. Default 8. */
  readonly features?: number;
  /** Classes (Gaussian clusters). Default 3. */
  readonly classes?: number;
  /** How far the cluster means move at the shift, in cluster standard deviations. Default 3. */
  readonly magnitude?: number;
  /** Seed of the generator. Default 0. */
  readonly seed?: number;
}

function clusters(count: number, means: Float32Array[], features: number, rand: () => number): Split {
  const x = new Float32Array(count * features);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % means.length;
    const m = means[c] as Float32Array;
    for (let f = 0; f < features; f++) x[i * features + f] = (m[f] as number) + gaussian(rand);
    y[i] = c;
  }
  return { x, y, count };
}

/**
 * A drifting task, to exercise context-sensitive regulation: Gaussian clusters (one per class,
 * unit variance) whose means jump by `magnitude` in random directions at step `shiftAt`
 * (covariate shift: the labels stay attached to their clusters, the inputs move).
 */
export function drifting(options: DriftingOptions = {}): TaskData {
  checkOptions('drifting', options, ['shiftAt', 'samples', 'validation', 'features', 'classes', 'magnitude', 'seed']);
  const atStep = checkInt('drifting.shiftAt', options.shiftAt ?? 500, 0);
  const samples = checkInt('drifting.samples', options.samples ?? 2_000, 2);
  const nVal = checkInt('drifting.validation', options.validation ?? 500, 1);
  const features = checkInt('drifting.features', options.features ?? 8, 1, 4096);
  const classes = checkInt('drifting.classes', options.classes ?? 3, 2, 100);
  const magnitude = checkNumber('drifting.magnitude', options.magnitude ?? 3, 0, 100);
  const rand = seededRandom(checkInt('drifting.seed', options.seed ?? 0, 0));
  const before = Array.from({ length: classes }, () => Float32Array.from({ length: features }, () => 2 * gaussian(rand)));
  const after = before.map((m) => {
    const dir = Float32Array.from({ length: features }, () => gaussian(rand));
    const norm = Math.hypot(...dir) || 1;
    return m.map((v, f) => v + (magnitude * (dir[f] as number)) / norm);
  });
  const train = clusters(samples, before, features, rand);
  const validation = clusters(nVal, before, features, rand);
  const shift = { atStep, train: clusters(samples, after, features, rand), validation: clusters(nVal, after, features, rand) };
  return { descriptor: { name: 'drifting', samples, features, classes, inputShape: [features] }, train, validation, shift };
}

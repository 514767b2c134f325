import { checkOptions } from '@epigenome/core';
import { checkInt, checkNumber, gaussian, seededRandom } from '../internal/data-utils';
import type { Split, TaskData } from './task-data';

/** Options of {@link spirals}. */
export interface SpiralsOptions {
  /** Training samples (half per arm). Default 1,000. */
  readonly samples?: number;
  /** Validation samples. Default 500. */
  readonly validation?: number;
  /** Gaussian noise added to each coordinate (radius units; arms end at radius 1). Default 0.05. */
  readonly noise?: number;
  /** Turns of each arm. Default 1.5. */
  readonly turns?: number;
  /** Seed of the generator. Default 0. */
  readonly seed?: number;
}

function generate(count: number, noise: number, turns: number, rand: () => number): Split {
  const x = new Float32Array(count * 2);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const arm = i % 2;
    const r = 0.05 + 0.95 * rand();
    const angle = r * turns * 2 * Math.PI + arm * Math.PI;
    x[i * 2] = r * Math.cos(angle) + noise * gaussian(rand);
    x[i * 2 + 1] = r * Math.sin(angle) + noise * gaussian(rand);
    y[i] = arm;
  }
  return { x, y, count };
}

/** The two-spirals task: 2 features, 2 classes, two interleaved arms (a classic hard MLP benchmark). */
export function spirals(options: SpiralsOptions = {}): TaskData {
  checkOptions('spirals', options, ['samples', 'validation', 'noise', 'turns', 'seed']);
  const samples = checkInt('spirals.samples', options.samples ?? 1_000, 2);
  const nVal = checkInt('spirals.validation', options.validation ?? 500, 1);
  const noise = checkNumber('spirals.noise', options.noise ?? 0.05, 0, 1);
  const turns = checkNumber('spirals.turns', options.turns ?? 1.5, 0.25, 10);
  const rand = seededRandom(checkInt('spirals.seed', options.seed ?? 0, 0));
  const train = generate(samples, noise, turns, rand);
  const validation = generate(nVal, noise, turns, rand);
  return { descriptor: { name: 'spirals', samples, features: 2, classes: 2, inputShape: [2] }, train, validation };
}

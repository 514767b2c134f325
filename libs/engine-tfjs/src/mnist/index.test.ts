import { describe, expect, it } from 'vitest';
import * as entry from './index';

describe('@epigenome/engine-tfjs/mnist', () => {
  it('exports the loader, which reads real digits', () => {
    expect(Object.keys(entry).sort()).toEqual(['MNIST_AVAILABLE', 'MNIST_INSTALL', 'mnist']);
    const d = entry.mnist({ train: 20, validation: 10, test: 0 });
    expect(d.descriptor).toEqual({ name: 'mnist', samples: 20, features: 784, classes: 10, inputShape: [28, 28, 1] });
    expect(d.train.x.length).toBe(20 * 784);
    expect(new Set(d.train.y).size).toBeGreaterThan(3);
    expect(Math.max(...d.train.x)).toBeGreaterThan(0.9);
  });
});

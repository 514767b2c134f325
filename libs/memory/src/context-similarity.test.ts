import { describe, expect, it } from 'vitest';
import { contextSimilarity } from './context-similarity';
import { decayedStrength } from './decayed-strength';
import { context } from './test/test-memory';

describe('contextSimilarity', () => {
  const mnist = context('mnist', 'mlp', { model: { depth: 2 } });

  it('is 1 for identical contexts, symmetric, and within [0, 1]', () => {
    expect(contextSimilarity(mnist, context('mnist', 'mlp', { model: { depth: 2 } }))).toBe(1);
    const other = context('iris', 'cnn', { samples: 150, features: 4, classes: 3, inputShape: [4] });
    expect(contextSimilarity(mnist, other)).toBe(contextSimilarity(other, mnist));
    expect(contextSimilarity(mnist, other)).toBeGreaterThanOrEqual(0);
  });

  it('ranks identical > similar > unrelated', () => {
    const fashion = context('fashion-mnist', 'mlp', { model: { depth: 2 } });
    const deeper = context('mnist', 'mlp', { model: { depth: 4 } });
    const iris = context('iris', 'cnn', { samples: 150, features: 4, classes: 3, inputShape: [4] });
    const sFashion = contextSimilarity(mnist, fashion);
    const sDeeper = contextSimilarity(mnist, deeper);
    const sIris = contextSimilarity(mnist, iris);
    expect(sDeeper).toBeLessThan(1);
    expect(sDeeper).toBeGreaterThan(sFashion);
    expect(sFashion).toBeGreaterThan(0.6);
    expect(sIris).toBeLessThan(0.2);
    expect(sFashion).toBeGreaterThan(sIris);
  });

  it('counts training-state features, closer regimes scoring higher', () => {
    const a = context('mnist', 'mlp', { state: { loss_slope: -0.1 } });
    const near = context('mnist', 'mlp', { state: { loss_slope: -0.12 } });
    const far = context('mnist', 'mlp', { state: { loss_slope: 3 } });
    const none = context('mnist', 'mlp');
    expect(contextSimilarity(a, near)).toBeGreaterThan(contextSimilarity(a, far));
    expect(contextSimilarity(a, far)).toBeGreaterThan(contextSimilarity(a, none));
  });
});

describe('decayedStrength', () => {
  it('halves every half-life and ignores clock skew', () => {
    const mark = { strength: 0.8, halfLifeDays: 2, updatedAt: 0 };
    expect(decayedStrength(mark, 0)).toBe(0.8);
    expect(decayedStrength(mark, 2 * 86_400_000)).toBeCloseTo(0.4, 12);
    expect(decayedStrength(mark, 6 * 86_400_000)).toBeCloseTo(0.1, 12);
    expect(decayedStrength(mark, -1000)).toBe(0.8);
  });
});

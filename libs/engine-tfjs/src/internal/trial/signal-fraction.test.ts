import { createRng } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { signalFraction } from './signal-fraction';

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] as number), 0);

describe('signalFraction: the share of a batch gradient that is not mini-batch noise, from its two halves', () => {
  it('halves that agree are all signal; halves that cancel or are orthogonal are all noise', () => {
    expect(signalFraction(4, 8)).toBe(1); // ga = gb, ‖ga‖² = 4
    expect(signalFraction(-4, 8)).toBe(0); // ga = −gb
    expect(signalFraction(0, 8)).toBe(0);
    expect(signalFraction(0, 0)).toBe(0); // no gradient at all
  });

  it('recovers ‖G‖² ÷ (‖G‖² + σ²ₕ ÷ 2) from halves G + noise (σ²ₕ the noise of one half)', () => {
    const rng = createRng(7);
    const d = 2_000;
    const G = Array.from({ length: d }, () => 1 / Math.sqrt(d)); // ‖G‖² = 1
    for (const halfNoise of [0.5, 2, 18]) {
      const sd = Math.sqrt(halfNoise / d);
      let sum = 0;
      const n = 40;
      for (let k = 0; k < n; k++) {
        const a = G.map((g) => g + rng.normal(0, sd));
        const b = G.map((g) => g + rng.normal(0, sd));
        sum += signalFraction(dot(a, b), dot(a, a) + dot(b, b));
      }
      expect(sum / n).toBeCloseTo(1 / (1 + halfNoise / 2), 1);
    }
  });
});

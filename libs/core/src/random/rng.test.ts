import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from './rng';

describe('createRng', () => {
  it('is reproducible for equal seeds and differs for different seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xa);
  });

  it('splits by path, independently of what the parent drew', () => {
    const a = createRng('exp');
    const b = createRng('exp');
    for (let i = 0; i < 100; i++) b.next();
    expect(a.split('trial:1').next()).toBe(b.split('trial:1').next());
    expect(a.split('trial:1').next()).not.toBe(a.split('trial:2').next());
    expect(a.split('x').path).toBe('exp/x');
  });

  it('draws in range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const rng = createRng(seed);
        const u = rng.next();
        const k = rng.int(n);
        return u >= 0 && u < 1 && Number.isInteger(k) && k >= 0 && k < n;
      }),
    );
  });

  it('has roughly uniform mean and normal moments', () => {
    const rng = createRng(1);
    const n = 20000;
    let sum = 0;
    let sumN = 0;
    let sumN2 = 0;
    for (let i = 0; i < n; i++) {
      sum += rng.next();
      const z = rng.normal();
      sumN += z;
      sumN2 += z * z;
    }
    expect(sum / n).toBeCloseTo(0.5, 1);
    expect(sumN / n).toBeCloseTo(0, 1);
    expect(sumN2 / n).toBeCloseTo(1, 1);
  });

  it('resumes from a saved state, normal draws included', () => {
    const rng = createRng(3);
    rng.next();
    rng.normal();
    const state = rng.getState();
    const resumed = createRng(state);
    expect(resumed.normal()).toBe(rng.normal());
    expect(resumed.next()).toBe(rng.next());
    expect(resumed.path).toBe('3');
  });

  it('shuffles to a permutation and picks members', () => {
    const rng = createRng(5);
    const items = [1, 2, 3, 4, 5, 6];
    expect([...rng.shuffle(items)].sort()).toEqual(items);
    expect(items).toContain(rng.pick(items));
  });

  it('rejects bad input with a named field', () => {
    expect(() => createRng(Number.NaN)).toThrow(/seed must be a finite number or a string; got NaN/);
    expect(() => createRng(1).int(0)).toThrow(/n must be a positive integer/);
    expect(() => createRng(1).pick([])).toThrow(/items must be a non-empty array/);
    expect(() => createRng({ path: 'x', words: [1, 2] } as never)).toThrow(/rngState/);
  });
});

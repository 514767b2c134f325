import { describe, expect, it } from 'vitest';
import { dLogH, erfc, erfcx, logH, logNormalCdf, normalCdf, normalPdf } from './special';

describe('erfc / erfcx', () => {
  it('matches reference values to ~1e-13 relative', () => {
    const ref: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.1572992070502851],
      [2.5, 4.06952017444959e-4],
      [3, 2.209049699858544e-5],
      [5, 1.537459794428035e-12],
      [-1, 1.842700792949715],
    ];
    for (const [x, v] of ref) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1e-12);
    expect(Math.abs(erfcx(10) - 0.05614099274382259) / 0.0561).toBeLessThan(1e-12);
    expect(Math.abs(erfcx(1) - 0.427583576155807) / 0.4276).toBeLessThan(1e-12);
    expect(erfcx(1e6)).toBeCloseTo(1 / (1e6 * Math.sqrt(Math.PI)), 15);
  });

  it('log Φ is finite far in the tail and agrees with log(Φ) where Φ is representable', () => {
    for (const z of [-30, -10, -3, 0, 2, 8]) expect(logNormalCdf(z)).toBeCloseTo(Math.log(normalCdf(z)), 8);
    expect(Number.isFinite(logNormalCdf(-1e4))).toBe(true);
    expect(logNormalCdf(-1e4)).toBeCloseTo(-5e7 - Math.log(1e4) - 0.5 * Math.log(2 * Math.PI), 2);
  });
});

describe('log h (LogEI helper, Ament et al. 2023)', () => {
  const direct = (z: number) => Math.log(normalPdf(z) + z * normalCdf(z));
  it('matches log(φ(z) + zΦ(z)) where it is representable without cancellation', () => {
    for (let z = -5; z <= 5; z += 0.25) expect(Math.abs(logH(z) - direct(z))).toBeLessThan(1e-8 * Math.max(1, Math.abs(direct(z))));
  });
  it('is finite, smooth and increasing where h underflows', () => {
    expect(direct(-40)).toBe(Number.NEGATIVE_INFINITY);
    const zs = [-1e12, -1e9, -1e6, -1e3, -100, -40, -20, -1.0001, -1, -0.9999];
    const v = zs.map(logH);
    for (const x of v) expect(Number.isFinite(x)).toBe(true);
    for (let i = 1; i < v.length; i++) expect(v[i] as number).toBeGreaterThan(v[i - 1] as number);
    // asymptote −z²/2 − log√(2π) − 2 log|z|
    expect(logH(-1e3)).toBeCloseTo(-5e5 - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(1e3), 3);
    // continuity at the regime boundary z = −1
    expect(Math.abs(logH(-1 - 1e-9) - logH(-1 + 1e-9))).toBeLessThan(1e-7);
  });
  it('has derivative Φ/h, matching finite differences and ≈ |z| deep in the tail', () => {
    for (const z of [-30, -8, -1.5, -0.5, 0, 1.3, 4]) {
      const fd = (logH(z + 1e-6) - logH(z - 1e-6)) / 2e-6;
      expect(Math.abs(dLogH(z) - fd) / Math.max(1, Math.abs(fd))).toBeLessThan(1e-5);
    }
    expect(dLogH(-1e5) / 1e5).toBeCloseTo(1, 4);
  });
});

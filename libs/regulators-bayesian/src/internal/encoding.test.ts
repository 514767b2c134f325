import { choice, float, int, width } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { SpaceEncoding } from './encoding';

describe('SpaceEncoding', () => {
  const space = { lr: float(1e-4, 1e-1, { log: true }), layers: int(1, 4), opt: choice(['adam', 'sgd', 'rms']), fixed: float(3, 3), only: choice([true]) };
  const enc = new SpaceEncoding(space);

  it('uses one feature per number, one-hot for choices, none for fixed parameters', () => {
    expect(enc.featureDim).toBe(1 + 1 + 3);
    expect(enc.free.map((p) => p.name)).toEqual(['lr', 'layers', 'opt']);
    const f = Array.from(enc.features({ lr: 1e-2, layers: 2, opt: 'sgd', fixed: 3, only: true }));
    expect(f[0]).toBeCloseTo(2 / 3, 12);
    expect(f[1]).toBeCloseTo(1.5 / 4, 12);
    expect(f.slice(2)).toEqual([0, 1, 0]);
  });

  it('rounds ints to their cell and picks the choice of the cell inside the search', () => {
    const f = Array.from(enc.searchToFeatures([0.5, 0.3, 0.99]));
    expect(f[1]).toBeCloseTo(1.5 / 4, 12); // 0.3 lies in the cell of layers = 2
    expect(f.slice(2)).toEqual([0, 0, 1]);
    expect(enc.decode([0.5, 0.3, 0.99])).toEqual({ lr: expect.closeTo(10 ** -2.5, 12), layers: 2, opt: 'rms', fixed: 3, only: true });
  });

  it('round-trips configurations through the search vector', () => {
    const c = { lr: 3e-3, layers: 4, opt: 'adam', fixed: 3, only: true };
    const back = enc.decode(enc.search(c));
    expect(back.layers).toBe(4);
    expect(back.opt).toBe('adam');
    expect(back.lr as number).toBeCloseTo(3e-3, 12);
  });

  it('encodes a width as an int: snapped to its cell, decoded to whole units', () => {
    const w = new SpaceEncoding({ 'width.0': width(8, 263) });
    expect(w.free.map((p) => p.kind)).toEqual(['int']);
    expect(w.searchToFeatures([0.3])[0]).toBeCloseTo(w.features({ 'width.0': 84 })[0] as number, 12);
    expect(w.decode([0.3])).toEqual({ 'width.0': 84 }); // 7.5 + 0.3 × 256 = 84.3 → the cell of 84
  });
});

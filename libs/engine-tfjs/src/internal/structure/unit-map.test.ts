import { createRng } from '@epigenome/core';
import { describe, expect, it } from 'vitest';
import { freshMap, growMap, keepHighest, keepMap, remapUnits } from './unit-map';

describe('unit maps', () => {
  it('grow: originals first, each added unit copies a drawn original; replica counts add up', () => {
    const m = growMap(3, 8, createRng(1));
    expect([...m.source.slice(0, 3)]).toEqual([0, 1, 2]);
    expect([...m.added]).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
    for (let j = 0; j < 8; j++) expect(m.replicas[j]).toBe([...m.source].filter((s) => s === m.source[j]).length);
    // Σ over new units of 1/c = n: the outgoing weights of each original sum back to it
    expect([...m.replicas].reduce((a, c) => a + 1 / c, 0)).toBeCloseTo(3, 12);
    expect([...growMap(3, 8, createRng(1)).source]).toEqual([...m.source]);
  });

  it('fresh: originals first, added units copy nothing (source −1) and remap to zeros', () => {
    const m = freshMap(2, 4);
    expect([...m.source]).toEqual([0, 1, -1, -1]);
    expect([...m.added]).toEqual([0, 0, 1, 1]);
    expect([...m.replicas]).toEqual([1, 1, 1, 1]);
    // outer 2, n 2, inner 1
    expect([...remapUnits(Float32Array.from([1, 2, 3, 4]), 2, 2, 1, m, () => 3)]).toEqual([3, 6, 0, 0, 9, 12, 0, 0]);
  });

  it('keepHighest keeps the largest scores in index order; ties keep the lower index', () => {
    expect(keepHighest([0.5, 0.1, 0.9, 0.1, 0.3], 3)).toEqual([0, 2, 4]);
    expect(keepHighest([1, 1, 1, 1], 2)).toEqual([0, 1]);
    expect([...keepMap([1, 3]).source]).toEqual([1, 3]);
  });

  it('remaps the middle axis of [outer, n, inner] with per-unit scales', () => {
    // outer 2, n 3, inner 2
    const data = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const map = { source: Int32Array.from([2, 0, 2]), replicas: Float32Array.from([2, 1, 2]), added: new Uint8Array(3) };
    expect([...remapUnits(data, 2, 3, 2, map)]).toEqual([5, 6, 1, 2, 5, 6, 11, 12, 7, 8, 11, 12]);
    expect([...remapUnits(data, 2, 3, 2, map, (j) => 1 / (map.replicas[j] as number))]).toEqual([2.5, 3, 1, 2, 2.5, 3, 5.5, 6, 7, 8, 5.5, 6]);
  });
});

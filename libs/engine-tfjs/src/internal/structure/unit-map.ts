import type { Rng } from '@epigenome/core';

/**
 * Where each unit of a resized layer comes from: new unit j copies old unit `source[j]`, which
 * `replicas[j]` new units copy in all (1 for a kept unit, c ≥ 2 for a unit replicated c times).
 * `source[j]` = −1 marks a fresh unit that copies nothing (its weights and state start at zero;
 * resizeLayer draws its incoming weights).
 */
export interface UnitMap {
  readonly source: Int32Array;
  readonly replicas: Float32Array;
  /** True for the units added by a grow (the copies, not the originals). */
  readonly added: Uint8Array;
}

/**
 * Net2WiderNet's random mapping (Chen, Goodfellow & Shlens 2016, "Net2Net", §2.1, eq. 1):
 * g(j) = j for j < n, a uniformly drawn old unit for n ≤ j < n2.
 */
export function growMap(n: number, n2: number, rng: Rng): UnitMap {
  const source = new Int32Array(n2);
  const added = new Uint8Array(n2);
  for (let j = 0; j < n2; j++) {
    source[j] = j < n ? j : rng.int(n);
    added[j] = j < n ? 0 : 1;
  }
  return { source, replicas: replicaCounts(source, n), added };
}

/** A grow that keeps the n units and adds n2 − n fresh ones (source −1): see resizeLayer. */
export function freshMap(n: number, n2: number): UnitMap {
  const source = Int32Array.from({ length: n2 }, (_, j) => (j < n ? j : -1));
  return { source, replicas: new Float32Array(n2).fill(1), added: Uint8Array.from(source, (s) => (s < 0 ? 1 : 0)) };
}

/** The map of a shrink that keeps the units `kept` (ascending old indices). */
export function keepMap(kept: readonly number[]): UnitMap {
  const source = Int32Array.from(kept);
  return { source, replicas: new Float32Array(source.length).fill(1), added: new Uint8Array(source.length) };
}

function replicaCounts(source: Int32Array, n: number): Float32Array {
  const count = new Float32Array(n);
  for (const s of source) count[s] = (count[s] as number) + 1;
  return Float32Array.from(source, (s) => count[s] as number);
}

/**
 * The `n2` units with the highest scores, as ascending indices: a shrink removes the units with
 * the smallest scores (ties: the higher index goes first).
 */
export function keepHighest(scores: ArrayLike<number>, n2: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  return order.slice(0, n2).sort((a, b) => a - b);
}

/**
 * Copies the units of a tensor viewed as [outer, n, inner] (the unit axis in the middle) to
 * [outer, n2, inner]: unit j ← source[j] × scale(j), zeros for a fresh unit (source −1).
 */
export function remapUnits(data: Float32Array, outer: number, n: number, inner: number, map: UnitMap, scale?: (j: number) => number): Float32Array {
  const n2 = map.source.length;
  const out = new Float32Array(outer * n2 * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n2; j++) {
      if ((map.source[j] as number) < 0) continue;
      const from = (o * n + (map.source[j] as number)) * inner;
      const to = (o * n2 + j) * inner;
      const s = scale ? scale(j) : 1;
      if (s === 1) out.set(data.subarray(from, from + inner), to);
      else for (let k = 0; k < inner; k++) out[to + k] = (data[from + k] as number) * s;
    }
  }
  return out;
}

import type { Rng } from '@epigenome/core';

// Primitive polynomials and initial direction numbers for dimensions 2–21 (Joe & Kuo 2008,
// new-joe-kuo-6.21201): [degree s, coefficients a, m_1 … m_s]. Dimension 1 is van der Corput.
const TABLE: readonly (readonly number[])[] = [
  [1, 0, 1],
  [2, 1, 1, 3],
  [3, 1, 1, 3, 1],
  [3, 2, 1, 1, 1],
  [4, 1, 1, 1, 3, 3],
  [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17],
  [5, 4, 1, 1, 5, 5, 5],
  [5, 7, 1, 1, 7, 11, 19],
  [5, 11, 1, 1, 5, 1, 1],
  [5, 13, 1, 1, 1, 3, 11],
  [5, 14, 1, 3, 5, 5, 31],
  [6, 1, 1, 3, 3, 9, 7, 49],
  [6, 13, 1, 1, 1, 15, 21, 21],
  [6, 16, 1, 3, 1, 13, 27, 49],
  [6, 19, 1, 1, 1, 15, 7, 5],
  [6, 22, 1, 3, 1, 15, 13, 25],
  [6, 25, 1, 1, 5, 5, 19, 61],
  [7, 1, 1, 3, 7, 11, 23, 15, 103],
  [7, 4, 1, 3, 7, 13, 13, 15, 69],
];

const BITS = 32;

function directions(dim: number): Uint32Array[] {
  const out: Uint32Array[] = [];
  const first = new Uint32Array(BITS);
  for (let k = 0; k < BITS; k++) first[k] = (1 << (BITS - 1 - k)) >>> 0;
  out.push(first);
  for (let j = 1; j < dim; j++) {
    const row = TABLE[j - 1] as readonly number[];
    const s = row[0] as number;
    const a = row[1] as number;
    const v = new Uint32Array(BITS);
    for (let k = 0; k < s; k++) v[k] = ((row[2 + k] as number) << (BITS - 1 - k)) >>> 0;
    for (let k = s; k < BITS; k++) {
      let x = ((v[k - s] as number) ^ ((v[k - s] as number) >>> s)) >>> 0;
      for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) x = (x ^ (v[k - i] as number)) >>> 0;
      v[k] = x;
    }
    out.push(v);
  }
  return out;
}

/** Largest dimension with Sobol direction numbers here; beyond it points are uniform random. */
export const SOBOL_MAX_DIM = TABLE.length + 1;

/**
 * `count` points of a Sobol sequence in [0, 1)^dim (Gray-code order), randomised by a digital
 * shift drawn from `rng` (so each seed gives a different, still low-discrepancy, design).
 * Dimensions beyond {@link SOBOL_MAX_DIM} are filled with uniform draws.
 */
export function sobolPoints(count: number, dim: number, rng: Rng): number[][] {
  const sd = Math.min(dim, SOBOL_MAX_DIM);
  const v = directions(sd);
  const shift = Array.from({ length: sd }, () => (rng.next() * 4294967296) >>> 0);
  const x = new Uint32Array(sd);
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      let c = 0;
      let n = i - 1;
      while (n & 1) {
        n >>>= 1;
        c++;
      }
      for (let j = 0; j < sd; j++) x[j] = ((x[j] as number) ^ ((v[j] as Uint32Array)[c] as number)) >>> 0;
    }
    const p = new Array<number>(dim);
    for (let j = 0; j < sd; j++) p[j] = ((((x[j] as number) ^ (shift[j] as number)) >>> 0) + 0.5) / 4294967296;
    for (let j = sd; j < dim; j++) p[j] = rng.next();
    out.push(p);
  }
  return out;
}

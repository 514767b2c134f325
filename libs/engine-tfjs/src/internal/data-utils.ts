import { invalidArgument } from '@epigenome/core';
import type { Split } from '../data/task-data';

/** mulberry32: a small fast seeded generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller) from a uniform source. */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** A seeded permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number, seed: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const rand = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}

/** The rows `order[from..to)` of (x, y) as a new split. */
export function take(x: Float32Array, y: Int32Array, features: number, order: Int32Array, from: number, to: number): Split {
  const count = to - from;
  const xs = new Float32Array(count * features);
  const ys = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const r = order[from + i] as number;
    xs.set(x.subarray(r * features, (r + 1) * features), i * features);
    ys[i] = y[r] as number;
  }
  return { x: xs, y: ys, count };
}

export function checkInt(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max))
    throw invalidArgument(field, value, `an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}]`);
  return value;
}

export function checkNumber(field: string, value: unknown, min: number, max: number, openMax = false): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= min && (openMax ? value < max : value <= max))) {
    throw invalidArgument(field, value, `a finite number in [${min}, ${max}${openMax ? ')' : ']'}`);
  }
  return value;
}

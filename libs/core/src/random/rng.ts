import { invalidArgument } from '../errors/epigenome-error';

/** A seed: any integer or string. Equal seeds give equal streams. */
export type Seed = number | string;

/**
 * A seeded, splittable pseudo-random stream (xoshiro128**, Blackman & Vigna 2018).
 *
 * `split(key)` derives an independent child stream from this stream's *seed path* and the key —
 * not from its current position — so a trial's or a regulator's stream is the same whatever was
 * drawn elsewhere, in whatever order. That is what makes runs reproducible across worker counts.
 */
export interface Rng {
  /** The seed path this stream was derived from, e.g. `42/trial:3`. */
  readonly path: string;
  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** An integer in [0, n). `n` must be a positive integer. */
  int(n: number): number;
  /** A float in [min, max). */
  uniform(min: number, max: number): number;
  /** A normal draw (Box–Muller); mean 0 and standard deviation 1 by default. */
  normal(mean?: number, sd?: number): number;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent child stream, a pure function of this stream's path and `key`. */
  split(key: string | number): Rng;
  /** The internal state, JSON-serialisable, for checkpoints. */
  getState(): RngState;
}

/** Serialisable state of an {@link Rng}: its seed path and its four 32-bit words. */
export interface RngState {
  path: string;
  words: [number, number, number, number];
}

function hashWords(text: string): [number, number, number, number] {
  // cyrb128: four 32-bit lanes mixed from the string; good avalanche for seeding.
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  const words: [number, number, number, number] = [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
  if (words.every((w) => w === 0)) words[0] = 1; // xoshiro must not start from all zeros
  return words;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function makeRng(path: string, words: [number, number, number, number]): Rng {
  const s = [...words] as [number, number, number, number];

  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };

  const rng: Rng = {
    path,
    next: () => nextU32() / 4294967296,
    int(n) {
      if (!Number.isInteger(n) || n <= 0) throw invalidArgument('n', n, 'a positive integer');
      return Math.floor(rng.next() * n);
    },
    uniform: (min, max) => min + (max - min) * rng.next(),
    normal(mean = 0, sd = 1) {
      // No cached second draw: the whole stream state is the four words, so getState() resumes exactly.
      let u = 0;
      while (u === 0) u = rng.next();
      const v = rng.next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick(items) {
      if (items.length === 0) throw invalidArgument('items', items, 'a non-empty array');
      return items[rng.int(items.length)] as (typeof items)[number];
    },
    shuffle(items) {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
    split: (key) => {
      const childPath = `${path}/${String(key)}`;
      return makeRng(childPath, hashWords(childPath));
    },
    getState: () => ({ path, words: [...s] as [number, number, number, number] }),
  };
  return rng;
}

/**
 * Creates a stream from a seed, or resumes one from a saved {@link RngState}.
 *
 * @example const rng = createRng(42); const trialRng = rng.split('trial:0');
 */
export function createRng(seed: Seed | RngState): Rng {
  if (typeof seed === 'object' && seed !== null) {
    const { path, words } = seed;
    if (typeof path !== 'string' || !Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w))) {
      throw invalidArgument('rngState', seed, 'an object { path: string, words: [4 integers] }');
    }
    return makeRng(path, words.map((w) => w >>> 0) as [number, number, number, number]);
  }
  if (typeof seed === 'number' && !Number.isFinite(seed)) throw invalidArgument('seed', seed, 'a finite number or a string');
  if (typeof seed !== 'number' && typeof seed !== 'string') throw invalidArgument('seed', seed, 'a finite number or a string');
  const path = String(seed);
  return makeRng(path, hashWords(path));
}

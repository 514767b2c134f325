import type { Rng } from '@epigenome/core';

/**
 * `count` standard normal draws by Box–Muller, pairs used whole. Unlike `Rng.normal()`, no draw
 * is cached between calls, so `Rng.getState()` captures everything and a restored stream
 * continues identically.
 */
export function gaussians(rng: Rng, count: number): number[] {
  const out: number[] = [];
  while (out.length < count) {
    let u = 0;
    while (u === 0) u = rng.next();
    const v = rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    out.push(r * Math.cos(2 * Math.PI * v));
    if (out.length < count) out.push(r * Math.sin(2 * Math.PI * v));
  }
  return out;
}

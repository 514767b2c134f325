import type { Rng } from '@epigenome/core';
import { remapUnits, type UnitMap } from './unit-map';

/** How an optimiser slot scales with a gradient g: `first` like g (momentum, Adam's m), `second` like g² (RMSProp's s, Adam's v). */
export type SlotMoment = 'first' | 'second';

/**
 * The parameters of a sequential model of weighted layers (each a kernel then a bias, in order) as
 * plain arrays, with the optimiser's state per parameter: what a resize rewrites.
 */
export interface ParamArrays {
  shapes: number[][];
  weights: Float32Array[];
  slots: { moment: SlotMoment; arrays: Float32Array[] }[];
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Resizes the units of weighted layer `li` (its kernel at parameter 2·li with the units on the
 * last axis, its bias at 2·li + 1; the next layer's kernel at 2·li + 2 takes them on its input
 * axis: a dense kernel's rows, per flattened position when it follows a convolution, or a conv
 * kernel's input channels) by `map`.
 *
 * Net2WiderNet (Chen et al. 2016, eq. 1–2): a unit's incoming weights and bias are copied to its
 * replicas; its outgoing weights are divided by its replica count c, so the next layer's input
 * sum is unchanged and the function is preserved (exactly when `noise` = 0; `noise` > 0 multiplies
 * each added unit's incoming weights and bias by 1 + noise·z, z ~ N(0, 1), to break the symmetry).
 *
 * The optimiser state follows the units so that it is the state a network split this way from
 * the start would have accumulated: in such a network the gradient of a replica's incoming weights
 * is g/c (its outgoing weights are divided by c) and that of its outgoing weights is g (its
 * activation is the original's). So incoming-side moments are divided (first moments by c, second
 * moments by c²) and outgoing-side moments are copied; Adam's step m̂/√v̂ of a replica's incoming
 * weights then equals the original's. A shrink (every c = 1) keeps the surviving units' weights and
 * state as they are and drops the others'.
 *
 * A fresh unit (`map.source[j]` = −1, the `fresh` grow) copies nothing: its incoming weights are
 * drawn as the declarative models initialise a kernel (Glorot & Bengio 2010 uniform, limit
 * √(6 / (fan_in + fan_out)) at the new width), its bias and outgoing weights are zero, so the next
 * layer's input sum, and the function, are unchanged exactly; it is untied from every other unit
 * (its outgoing weights get the gradient of its own activation at once, its incoming weights
 * from the following step on). Its optimiser state starts at zero, that of a new parameter.
 * `noise` applies to Net2WiderNet copies only.
 */
export function resizeLayer(p: ParamArrays, li: number, map: UnitMap, noise: number, rng: Rng): void {
  const kernel = 2 * li;
  const n = p.shapes[kernel]?.at(-1);
  const next = p.shapes[kernel + 2];
  if (n === undefined || next === undefined || p.shapes[kernel + 1]?.length !== 1) throw new Error(`resizeLayer: no weighted layer ${li} with a following layer`);
  const n2 = map.source.length;
  const c = (j: number) => map.replicas[j] as number;

  const inKernelOuter = size(p.shapes[kernel] as number[]) / n;
  const [outOuter, outInner] = next.length === 4 ? [(next[0] as number) * (next[1] as number), next[3] as number] : [(next[0] as number) / n, next[1] as number];
  const views: [index: number, outer: number, inner: number, side: 'in' | 'out'][] = [
    [kernel, inKernelOuter, 1, 'in'],
    [kernel + 1, 1, 1, 'in'],
    [kernel + 2, outOuter, outInner, 'out'],
  ];
  const jitter = noise > 0 ? Float32Array.from(map.added, (a) => (a ? noise : 0)) : undefined;
  for (const [index, outer, inner, side] of views) {
    const w = p.weights[index] as Float32Array;
    if (side === 'out') p.weights[index] = remapUnits(w, outer, n, inner, map, (j) => 1 / c(j));
    else if (jitter) p.weights[index] = remapUnits(w, outer, n, inner, map, (j) => ((jitter[j] as number) > 0 ? 1 + (jitter[j] as number) * rng.normal() : 1));
    else p.weights[index] = remapUnits(w, outer, n, inner, map);
    if (index === kernel) drawFresh(p.weights[index] as Float32Array, p.shapes[kernel] as number[], outer, map, rng);
    for (const slot of p.slots) {
      const s = slot.arrays[index] as Float32Array;
      const power = slot.moment === 'first' ? 1 : 2;
      slot.arrays[index] = side === 'out' ? remapUnits(s, outer, n, inner, map) : remapUnits(s, outer, n, inner, map, (j) => 1 / c(j) ** power);
    }
  }
  const inShape = [...(p.shapes[kernel] as number[])];
  inShape[inShape.length - 1] = n2;
  p.shapes[kernel] = inShape;
  p.shapes[kernel + 1] = [n2];
  p.shapes[kernel + 2] = next.length === 4 ? [next[0] as number, next[1] as number, n2, next[3] as number] : [outOuter * n2, next[1] as number];
}

/** Glorot-uniform incoming weights of the fresh units (source −1) of a kernel viewed as [outer = fan_in, n2] (units last). */
function drawFresh(kernel: Float32Array, shape: readonly number[], outer: number, map: UnitMap, rng: Rng): void {
  const n2 = map.source.length;
  if (!map.source.some((s) => s < 0)) return;
  // fans as tf.initializers.glorotUniform computes them: a conv kernel [kh, kw, in, out] has receptive field kh·kw
  const receptive = size(shape.slice(0, -2));
  const limit = Math.sqrt(6 / (outer + n2 * receptive));
  for (let o = 0; o < outer; o++) for (let j = 0; j < n2; j++) if ((map.source[j] as number) < 0) kernel[o * n2 + j] = rng.uniform(-limit, limit);
}

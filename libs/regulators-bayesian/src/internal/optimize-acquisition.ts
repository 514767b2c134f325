import { decodeValue, encodeValue, type Rng } from '@epigenome/core';
import type { AcquisitionValue, PosteriorPoint } from '../acquisition';
import type { SpaceEncoding } from './encoding';
import type { GpModel } from './gp-core';
import { minimizeBox } from './lbfgs';
import { sobolPoints } from './sobol';

/** Settings of {@link optimiseAcquisition}. */
export interface AcquisitionSearch {
  /** Quasi-random candidates scored before local optimisation. */
  rawSamples: number;
  /** Best candidates refined by the local optimiser. */
  restarts: number;
  /** L-BFGS iterations per refinement. */
  maxIterations: number;
  /**
   * Whether the result may repeat a point the model already holds (within {@link REPEAT_TOLERANCE}
   * in every feature). When false, the best candidate that is not a repeat wins; a repeat is
   * returned only when every candidate is one (a fully explored discrete space).
   */
  allowRepeat: boolean;
  /** Features of a point whose box of half-width `radius` (max-norm, feature units) is excluded, as {@link AcquisitionSearch.allowRepeat} (a stalled incumbent). */
  tabu?: { centre: ArrayLike<number>; radius: number };
}

/** Two points closer than this in every feature of the unit cube are the same point. */
export const REPEAT_TOLERANCE = 1e-6;

/** Whether feature vector `f` is within {@link REPEAT_TOLERANCE} of one of the model's n points. */
export function repeatsPoint(model: GpModel, f: ArrayLike<number>): boolean {
  const dim = model.kernel.inputDim;
  for (let i = 0; i < model.n; i++) {
    let same = true;
    for (let d = 0; d < dim && same; d++) same = Math.abs((model.x[i * dim + d] as number) - (f[d] as number)) <= REPEAT_TOLERANCE;
    if (same) return true;
  }
  return false;
}

/**
 * Maximises an acquisition over the search cube of `enc`: Sobol candidates plus Gaussian
 * perturbations of `anchors` (the best observed points, as BoTorch's sample-around-best), the best
 * `restarts` refined by projected L-BFGS over the float coordinates (ints and choices held), then
 * one sweep over the neighbouring values of every int and every other value of every choice.
 * Unless `allowRepeat`, a point the model already holds is never the result while another
 * candidate is not one (a refined start that converges onto an observed point, e.g. a corner,
 * gives way to the next best).
 */
export function optimiseAcquisition(
  model: GpModel,
  enc: SpaceEncoding,
  acq: (post: PosteriorPoint) => AcquisitionValue,
  rng: Rng,
  settings: AcquisitionSearch,
  anchors: readonly (readonly number[])[],
): { u: number[]; value: number } {
  const nFree = enc.free.length;
  if (nFree === 0) return { u: [], value: acq(model.predictStd(new Float64Array(enc.featureDim))).value };
  const feat = new Float64Array(enc.featureDim);
  const buf = new Float64Array(model.n);
  const score = (u: ArrayLike<number>): number => {
    const v = acq(model.predictStd(enc.searchToFeatures(u, feat), buf)).value;
    return Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
  };
  const candidates: number[][] = sobolPoints(settings.rawSamples, nFree, rng);
  const local = Math.floor(settings.rawSamples / 4);
  if (anchors.length > 0) {
    for (let i = 0; i < local; i++) {
      const a = anchors[i % anchors.length] as readonly number[];
      const sd = i % 2 === 0 ? 0.1 : 0.02;
      candidates.push(a.map((v) => Math.min(1, Math.max(0, v + rng.normal(0, sd)))));
    }
  }
  const tabu = settings.tabu;
  const inTabu = (f: ArrayLike<number>): boolean => {
    if (!tabu) return false;
    for (let d = 0; d < f.length; d++) if (Math.abs((f[d] as number) - (tabu.centre[d] as number)) > tabu.radius) return false;
    return true;
  };
  const fresh = (u: ArrayLike<number>): boolean => {
    const f = enc.searchToFeatures(u, feat);
    return (settings.allowRepeat || !repeatsPoint(model, f)) && !inTabu(f);
  };
  const scored = candidates.map((u) => ({ u, value: score(u) })).sort((a, b) => b.value - a.value);
  const starts = scored.slice(0, Math.max(1, settings.restarts));
  const floats = enc.free.map((p, j) => (p.kind === 'float' ? j : -1)).filter((j) => j >= 0);
  // the best fresh candidate scored, else (every one repeats) the best of all
  let best = scored.find((c) => fresh(c.u)) ?? (starts[0] as { u: number[]; value: number });
  for (const s of starts) {
    let cur = s;
    if (floats.length > 0) {
      const base = [...s.u];
      const objective = (x: Float64Array, grad: Float64Array): number => {
        const u = [...base];
        floats.forEach((j, i) => (u[j] = x[i] as number));
        const post = model.predictStdGrad(enc.searchToFeatures(u, feat));
        const r = acq(post);
        if (!Number.isFinite(r.value) || !r.gradient) {
          grad.fill(0);
          return Number.POSITIVE_INFINITY;
        }
        const g = r.gradient;
        floats.forEach((j, i) => (grad[i] = -(g[(enc.free[j] as { offset: number }).offset] as number)));
        return -r.value;
      };
      const x0 = floats.map((j) => base[j] as number);
      const r = minimizeBox(
        objective,
        x0,
        floats.map(() => 0),
        floats.map(() => 1),
        { maxIterations: settings.maxIterations, gradientTolerance: 1e-7, functionTolerance: 1e-12 },
      );
      if (Number.isFinite(r.f) && -r.f > cur.value) {
        const u = [...base];
        floats.forEach((j, i) => (u[j] = r.x[i] as number));
        cur = { u, value: -r.f };
      }
    }
    if (cur.value > best.value && fresh(cur.u)) best = cur;
  }
  // discrete neighbourhood sweep
  for (let pass = 0; pass < 2; pass++) {
    let improved = false;
    enc.free.forEach((p, j) => {
      if (p.kind === 'float') return;
      const options: number[] = [];
      if (p.spec.kind === 'choice') for (let i = 0; i < p.width; i++) options.push((i + 0.5) / p.width);
      else {
        const v = decodeValue(p.spec, best.u[j] as number) as number;
        for (const c of [v - 1, v + 1]) if (c >= p.spec.min && c <= p.spec.max) options.push(encodeValue(p.spec, c));
      }
      for (const o of options) {
        const u = [...best.u];
        u[j] = o;
        const v = score(u);
        if (v > best.value && fresh(u)) {
          best = { u, value: v };
          improved = true;
        }
      }
    });
    if (!improved) break;
  }
  return best;
}

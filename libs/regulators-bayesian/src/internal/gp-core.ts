import type { Rng } from '@epigenome/core';
import type { Kernel } from './kernels';
import { choleskyWithJitter, inverseFromCholesky, solveLower, solveUpperT } from './linalg';
import { minimizeBox } from './lbfgs';

const LOG_2PI = Math.log(2 * Math.PI);

/** Hyperparameters of a fitted GP: kernel θ, noise variance and constant mean (standardised units). */
export interface GpHyper {
  readonly theta: readonly number[];
  readonly noise: number;
  readonly mean: number;
}

/** Settings of {@link fitGp}. */
export interface GpFitSettings {
  /** Random starts of the marginal-likelihood optimiser besides the warm and default starts (with a warm start and 0 restarts, only the warm start). */
  restarts: number;
  maxIterations: number;
  /** Hyperparameters are fitted on at most this many points (random subset, best kept). */
  maxFitPoints: number;
  noiseBounds: readonly [number, number];
  /** Normal prior on log noise variance; undefined for none. */
  noisePrior: { mu: number; sd: number } | undefined;
  /** Normal prior on the constant mean (standardised units); undefined for none. */
  meanPrior: { mu: number; sd: number } | undefined;
  /** Previous optimum to start from. */
  warm: GpHyper | undefined;
  /** Floor on every lengthscale (θ[0 … inputDim − 1] = log ℓ, as {@link maternArdKernel}), above the kernel's own bound; undefined for the kernel's bound. */
  minLengthscale?: number;
  rng: Rng;
}

/** A Gaussian-process posterior with fixed hyperparameters over n points. */
export class GpModel {
  /** Rows of `kernel.inputDim`. */
  readonly x: Float64Array;
  readonly n: number;
  /** Standardised targets. */
  readonly y: Float64Array;
  readonly l: Float64Array;
  readonly alpha: Float64Array;
  readonly jitter: number;

  constructor(
    readonly kernel: Kernel,
    readonly hyper: GpHyper,
    x: Float64Array,
    y: Float64Array,
    /** Output standardisation: raw = yMean + yStd · standardised. */
    readonly yMean: number,
    readonly yStd: number,
    factor?: { l: Float64Array; jitter: number },
  ) {
    const n = y.length;
    this.x = x;
    this.n = n;
    this.y = y;
    if (factor) {
      this.l = factor.l;
      this.jitter = factor.jitter;
    } else {
      const k = new Float64Array(n * n);
      kernel.gram(x, n, hyper.theta, k);
      for (let i = 0; i < n; i++) k[i * n + i] = (k[i * n + i] as number) + hyper.noise;
      const c = choleskyWithJitter(k, n);
      this.l = c.l;
      this.jitter = c.jitter;
    }
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = (y[i] as number) - hyper.mean;
    solveLower(this.l, n, a);
    solveUpperT(this.l, n, a);
    this.alpha = a;
  }

  /** Log marginal likelihood of the standardised targets (R&W eq. 2.30). */
  logMarginalLikelihood(): number {
    const n = this.n;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = (this.y[i] as number) - this.hyper.mean;
    solveLower(this.l, n, v);
    let q = 0;
    let logdet = 0;
    for (let i = 0; i < n; i++) {
      q += (v[i] as number) * (v[i] as number);
      logdet += Math.log(this.l[i * n + i] as number);
    }
    return -0.5 * q - logdet - 0.5 * n * LOG_2PI;
  }

  /** Latent posterior mean and variance at p, in standardised units. */
  predictStd(p: ArrayLike<number>, buf?: Float64Array): { mean: number; variance: number } {
    const n = this.n;
    const prior = this.kernel.variance(this.hyper.theta);
    if (n === 0) return { mean: this.hyper.mean, variance: prior };
    const k = buf ?? new Float64Array(n);
    this.kernel.cross(this.x, n, p, this.hyper.theta, k);
    let mean = this.hyper.mean;
    for (let i = 0; i < n; i++) mean += (k[i] as number) * (this.alpha[i] as number);
    solveLower(this.l, n, k);
    let q = 0;
    for (let i = 0; i < n; i++) q += (k[i] as number) * (k[i] as number);
    return { mean, variance: Math.max(prior - q, 1e-12 * prior) };
  }

  /** As {@link predictStd} plus gradients ∂mean/∂p and ∂variance/∂p. */
  predictStdGrad(p: ArrayLike<number>): { mean: number; variance: number; dMean: Float64Array; dVariance: Float64Array } {
    const n = this.n;
    const dim = this.kernel.inputDim;
    const prior = this.kernel.variance(this.hyper.theta);
    const dMean = new Float64Array(dim);
    const dVariance = new Float64Array(dim);
    if (n === 0) return { mean: this.hyper.mean, variance: prior, dMean, dVariance };
    const k = new Float64Array(n);
    const dk = new Float64Array(n * dim);
    this.kernel.crossGrad(this.x, n, p, this.hyper.theta, k, dk);
    let mean = this.hyper.mean;
    for (let i = 0; i < n; i++) {
      const a = this.alpha[i] as number;
      mean += (k[i] as number) * a;
      for (let d = 0; d < dim; d++) dMean[d] = (dMean[d] as number) + a * (dk[i * dim + d] as number);
    }
    solveLower(this.l, n, k);
    let q = 0;
    for (let i = 0; i < n; i++) q += (k[i] as number) * (k[i] as number);
    const variance = prior - q;
    const floor = 1e-12 * prior;
    if (variance <= floor) return { mean, variance: floor, dMean, dVariance };
    solveUpperT(this.l, n, k); // K⁻¹ k
    for (let i = 0; i < n; i++) {
      const w = k[i] as number;
      for (let d = 0; d < dim; d++) dVariance[d] = (dVariance[d] as number) - 2 * w * (dk[i * dim + d] as number);
    }
    return { mean, variance, dMean, dVariance };
  }

  /**
   * The posterior after one more observation (raw units), with the same hyperparameters and
   * standardisation: the Cholesky factor is extended by one row in O(n²).
   */
  withPoint(p: ArrayLike<number>, yRaw: number): GpModel {
    const n = this.n;
    const dim = this.kernel.inputDim;
    const m = n + 1;
    const x = new Float64Array(m * dim);
    x.set(this.x);
    for (let d = 0; d < dim; d++) x[n * dim + d] = p[d] as number;
    const y = new Float64Array(m);
    y.set(this.y);
    y[n] = (yRaw - this.yMean) / this.yStd;
    const k = new Float64Array(n);
    if (n > 0) this.kernel.cross(this.x, n, p, this.hyper.theta, k);
    solveLower(this.l, n, k);
    let q = 0;
    for (let i = 0; i < n; i++) q += (k[i] as number) * (k[i] as number);
    const diag = this.kernel.variance(this.hyper.theta) + this.hyper.noise + this.jitter;
    // a duplicate of an existing point leaves ~0 here; the floor keeps the factor positive definite
    const d2 = Math.max(diag - q, 1e-10 * diag);
    const l = new Float64Array(m * m);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) l[i * m + j] = this.l[i * n + j] as number;
    for (let j = 0; j < n; j++) l[n * m + j] = k[j] as number;
    l[n * m + n] = Math.sqrt(d2);
    return new GpModel(this.kernel, this.hyper, x, y, this.yMean, this.yStd, { l, jitter: this.jitter });
  }
}

/** Standardises targets: mean 0, sd 1 (sd 1 when all are equal). */
export function standardise(y: ArrayLike<number>): { y: Float64Array; mean: number; std: number } {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i] as number;
  mean = n > 0 ? mean / n : 0;
  let v = 0;
  for (let i = 0; i < n; i++) v += ((y[i] as number) - mean) ** 2;
  let std = n > 1 ? Math.sqrt(v / (n - 1)) : 1;
  if (!(std > 1e-12 * Math.max(1, Math.abs(mean)))) std = 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ((y[i] as number) - mean) / std;
  return { y: out, mean, std };
}

/**
 * Negative log posterior of the hyperparameters, −(log p(y | θ) + log p(θ)) / n, and its gradient
 * (R&W eq. 5.9: ∂/∂θ_j log p = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_j)). φ = [θ…, log noise, mean].
 */
export function negLogPosterior(
  kernel: Kernel,
  x: Float64Array,
  y: Float64Array,
  phi: Float64Array,
  grad: Float64Array,
  s: Pick<GpFitSettings, 'noisePrior' | 'meanPrior'>,
): number {
  const n = y.length;
  const ks = kernel.size;
  const noise = Math.exp(phi[ks] as number);
  const mean = phi[ks + 1] as number;
  const k = new Float64Array(n * n);
  kernel.gram(x, n, phi, k);
  for (let i = 0; i < n; i++) k[i * n + i] = (k[i * n + i] as number) + noise;
  const { l, jitter } = choleskyWithJitter(k, n);
  if (jitter > 1e-3) {
    grad.fill(0);
    return Number.POSITIVE_INFINITY;
  }
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = (y[i] as number) - mean;
  solveLower(l, n, a);
  let q = 0;
  let logdet = 0;
  for (let i = 0; i < n; i++) {
    q += (a[i] as number) * (a[i] as number);
    logdet += Math.log(l[i * n + i] as number);
  }
  solveUpperT(l, n, a);
  const lml = -0.5 * q - logdet - 0.5 * n * LOG_2PI;
  const w = inverseFromCholesky(l, n);
  let traceW = 0;
  let sumA = 0;
  for (let i = 0; i < n; i++) {
    const ai = a[i] as number;
    sumA += ai;
    for (let j = 0; j < n; j++) w[i * n + j] = ai * (a[j] as number) - (w[i * n + j] as number);
    traceW += w[i * n + i] as number;
  }
  grad.fill(0);
  kernel.contract(x, n, phi, w, grad, 0);
  grad[ks] = 0.5 * noise * traceW;
  grad[ks + 1] = sumA;
  let lp = kernel.logPrior(phi, grad, 0);
  if (s.noisePrior) {
    const z = ((phi[ks] as number) - s.noisePrior.mu) / s.noisePrior.sd;
    lp -= 0.5 * z * z;
    grad[ks] = (grad[ks] as number) - z / s.noisePrior.sd;
  }
  if (s.meanPrior) {
    const z = (mean - s.meanPrior.mu) / s.meanPrior.sd;
    lp -= 0.5 * z * z;
    grad[ks + 1] = (grad[ks + 1] as number) - z / s.meanPrior.sd;
  }
  const scale = -1 / Math.max(1, n);
  for (let i = 0; i < grad.length; i++) grad[i] = (grad[i] as number) * scale;
  return (lml + lp) * scale;
}

/**
 * Fits a GP: standardises y, maximises the log marginal likelihood plus log priors over
 * [kernel θ, log noise, mean] by projected L-BFGS from several starts, and conditions on all points.
 */
export function fitGp(kernel: Kernel, x: Float64Array, yRaw: ArrayLike<number>, s: GpFitSettings): GpModel {
  const n = yRaw.length;
  const dim = kernel.inputDim;
  const { y, mean: yMean, std: yStd } = standardise(yRaw);
  const ks = kernel.size;
  const lower = [...kernel.lower, Math.log(s.noiseBounds[0]), -5];
  if (s.minLengthscale !== undefined) for (let d = 0; d < dim; d++) lower[d] = Math.max(lower[d] as number, Math.log(s.minLengthscale));
  const upper = [...kernel.upper, Math.log(s.noiseBounds[1]), 5];
  const noiseStart = Math.min(Math.max(s.noisePrior ? Math.exp(s.noisePrior.mu) : 1e-2, s.noiseBounds[0]), s.noiseBounds[1]);
  const defaultStart = [...kernel.initial(), Math.log(noiseStart), 0];
  if (n === 0) return new GpModel(kernel, toHyper(defaultStart, ks), x, y, yMean, yStd);
  let fx = x;
  let fy = y;
  if (n > s.maxFitPoints) {
    let best = 0;
    for (let i = 1; i < n; i++) if ((y[i] as number) > (y[best] as number)) best = i;
    const rest = s.rng.shuffle(Array.from({ length: n }, (_, i) => i).filter((i) => i !== best)).slice(0, s.maxFitPoints - 1);
    const idx = [best, ...rest].sort((a, b) => a - b);
    fx = new Float64Array(idx.length * dim);
    fy = new Float64Array(idx.length);
    idx.forEach((src, dst) => {
      for (let d = 0; d < dim; d++) fx[dst * dim + d] = x[src * dim + d] as number;
      fy[dst] = y[src] as number;
    });
  }
  const starts: number[][] = [];
  if (s.warm) starts.push([...s.warm.theta, Math.log(s.warm.noise), s.warm.mean]);
  if (!s.warm || s.restarts > 0) starts.push(defaultStart);
  for (let r = 0; r < s.restarts; r++) starts.push([...kernel.sample(s.rng), Math.log(noiseStart), 0]);
  const objective = (phi: Float64Array, grad: Float64Array) => negLogPosterior(kernel, fx, fy, phi, grad, s);
  let bestPhi: Float64Array | undefined;
  let bestF = Number.POSITIVE_INFINITY;
  for (const start of starts) {
    const r = minimizeBox(objective, start, lower, upper, { maxIterations: s.maxIterations, gradientTolerance: 1e-5, functionTolerance: 1e-9 });
    if (r.f < bestF) {
      bestF = r.f;
      bestPhi = r.x;
    }
  }
  const phi = bestPhi ?? Float64Array.from(defaultStart);
  return new GpModel(kernel, toHyper(Array.from(phi), ks), x, y, yMean, yStd);
}

function toHyper(phi: readonly number[], ks: number): GpHyper {
  return { theta: phi.slice(0, ks), noise: Math.exp(phi[ks] as number), mean: phi[ks + 1] as number };
}

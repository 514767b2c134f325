import type { Rng } from '@epigenome/core';

/**
 * A covariance function with its own hyperparameters θ (optimised in the box [lower, upper]).
 * Inputs are flat row-major arrays (n rows of `inputDim`).
 */
export interface Kernel {
  readonly inputDim: number;
  readonly size: number;
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** Default starting θ. */
  initial(): number[];
  /** A random starting θ (from the prior when there is one). */
  sample(rng: Rng): number[];
  /** log p(θ) (0 when there is no prior); adds ∂/∂θ into grad[offset…]. */
  logPrior(theta: ArrayLike<number>, grad: Float64Array, offset: number): number;
  /** k(x, x) (stationary). */
  variance(theta: ArrayLike<number>): number;
  /** Full symmetric Gram matrix K(X, X) without noise. */
  gram(x: Float64Array, n: number, theta: ArrayLike<number>, out: Float64Array): void;
  /** Adds ½ Σᵢⱼ Wᵢⱼ ∂Kᵢⱼ/∂θ_p into grad[offset + p] (W symmetric). */
  contract(x: Float64Array, n: number, theta: ArrayLike<number>, w: Float64Array, grad: Float64Array, offset: number): void;
  /** k(p, xᵢ) for every row i. */
  cross(x: Float64Array, n: number, p: ArrayLike<number>, theta: ArrayLike<number>, out: Float64Array): void;
  /** k(p, xᵢ) into k and ∂k(p, xᵢ)/∂p_d into dk[i·inputDim + d]. */
  crossGrad(x: Float64Array, n: number, p: ArrayLike<number>, theta: ArrayLike<number>, k: Float64Array, dk: Float64Array): void;
}

const SQRT5 = Math.sqrt(5);

/**
 * Matérn-5/2 kernel with automatic relevance determination (Rasmussen & Williams 2006, eq. 4.17):
 * k(x, x') = σ² (1 + √5 r + 5r²/3) exp(−√5 r), r² = Σ_d (x_d − x'_d)² / ℓ_d².
 * θ = [log ℓ_1 … log ℓ_D, log σ²]. Priors: ℓ_d ~ Gamma(3, 6) (mode 1/3 on the unit cube; BoTorch's
 * SingleTaskGP default before 0.12, which on Hartmann-6 beat the dimension-scaled log-normal of
 * Hvarfner et al. 2024 in our runs), log σ² ~ N(0, 1).
 */
export function maternArdKernel(dim: number, bounds: { lengthscale?: [number, number]; outputscale?: [number, number] } = {}): Kernel {
  const [lmin, lmax] = bounds.lengthscale ?? [0.01, 100];
  const [smin, smax] = bounds.outputscale ?? [0.02, 50];
  const lower = [...Array.from({ length: dim }, () => Math.log(lmin)), Math.log(smin)];
  const upper = [...Array.from({ length: dim }, () => Math.log(lmax)), Math.log(smax)];
  const scaled = (x: Float64Array, n: number, theta: ArrayLike<number>): Float64Array => {
    const out = new Float64Array(n * dim);
    for (let d = 0; d < dim; d++) {
      const inv = Math.exp(-(theta[d] as number));
      for (let i = 0; i < n; i++) out[i * dim + d] = (x[i * dim + d] as number) * inv;
    }
    return out;
  };
  return {
    inputDim: dim,
    size: dim + 1,
    lower,
    upper,
    initial: () => [...Array.from({ length: dim }, () => Math.log(0.25 * Math.sqrt(Math.max(1, dim)))), 0],
    sample: (rng) => [...Array.from({ length: dim }, () => Math.log(0.05 + rng.next() * Math.sqrt(dim))), rng.normal(0, 0.5)],
    logPrior(theta, grad, offset) {
      let lp = 0;
      for (let d = 0; d < dim; d++) {
        // Gamma(3, 6) on ℓ: log p = 2 log ℓ − 6ℓ + const
        const l = Math.exp(theta[d] as number);
        lp += 2 * (theta[d] as number) - 6 * l;
        grad[offset + d] = (grad[offset + d] as number) + 2 - 6 * l;
      }
      const s = theta[dim] as number;
      lp -= 0.5 * s * s;
      grad[offset + dim] = (grad[offset + dim] as number) - s;
      return lp;
    },
    variance: (theta) => Math.exp(theta[dim] as number),
    gram(x, n, theta, out) {
      const s2 = Math.exp(theta[dim] as number);
      const xs = scaled(x, n, theta);
      for (let i = 0; i < n; i++) {
        out[i * n + i] = s2;
        for (let j = 0; j < i; j++) {
          let r2 = 0;
          for (let d = 0; d < dim; d++) {
            const t = (xs[i * dim + d] as number) - (xs[j * dim + d] as number);
            r2 += t * t;
          }
          const r = Math.sqrt(r2);
          const v = s2 * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
          out[i * n + j] = v;
          out[j * n + i] = v;
        }
      }
    },
    contract(x, n, theta, w, grad, offset) {
      const s2 = Math.exp(theta[dim] as number);
      const xs = scaled(x, n, theta);
      const gl = new Float64Array(dim);
      const dsq = new Float64Array(dim);
      let gs = 0;
      for (let i = 0; i < n; i++) {
        gs += 0.5 * (w[i * n + i] as number) * s2;
        for (let j = 0; j < i; j++) {
          const wij = w[i * n + j] as number;
          let r2 = 0;
          for (let d = 0; d < dim; d++) {
            const t = (xs[i * dim + d] as number) - (xs[j * dim + d] as number);
            dsq[d] = t * t;
            r2 += t * t;
          }
          const r = Math.sqrt(r2);
          const e = Math.exp(-SQRT5 * r);
          gs += wij * s2 * (1 + SQRT5 * r + (5 / 3) * r2) * e;
          const common = wij * s2 * (5 / 3) * (1 + SQRT5 * r) * e;
          for (let d = 0; d < dim; d++) gl[d] = (gl[d] as number) + common * (dsq[d] as number);
        }
      }
      for (let d = 0; d < dim; d++) grad[offset + d] = (grad[offset + d] as number) + (gl[d] as number);
      grad[offset + dim] = (grad[offset + dim] as number) + gs;
    },
    cross(x, n, p, theta, out) {
      const s2 = Math.exp(theta[dim] as number);
      const inv = new Float64Array(dim);
      for (let d = 0; d < dim; d++) inv[d] = Math.exp(-(theta[d] as number));
      for (let i = 0; i < n; i++) {
        let r2 = 0;
        for (let d = 0; d < dim; d++) {
          const t = ((p[d] as number) - (x[i * dim + d] as number)) * (inv[d] as number);
          r2 += t * t;
        }
        const r = Math.sqrt(r2);
        out[i] = s2 * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
      }
    },
    crossGrad(x, n, p, theta, k, dk) {
      const s2 = Math.exp(theta[dim] as number);
      const inv2 = new Float64Array(dim);
      for (let d = 0; d < dim; d++) inv2[d] = Math.exp(-2 * (theta[d] as number));
      for (let i = 0; i < n; i++) {
        let r2 = 0;
        for (let d = 0; d < dim; d++) {
          const t = (p[d] as number) - (x[i * dim + d] as number);
          r2 += t * t * (inv2[d] as number);
        }
        const r = Math.sqrt(r2);
        const e = Math.exp(-SQRT5 * r);
        k[i] = s2 * (1 + SQRT5 * r + (5 / 3) * r2) * e;
        const c = -s2 * (5 / 3) * (1 + SQRT5 * r) * e;
        for (let d = 0; d < dim; d++) dk[i * dim + d] = c * ((p[d] as number) - (x[i * dim + d] as number)) * (inv2[d] as number);
      }
    },
  };
}

/**
 * Time-varying squared-exponential kernel of PB2 (Parker-Holder et al. 2020, eq. 3; Bogunovic et al.
 * 2016): k((t, x), (t', x')) = σ² exp(−‖x − x'‖² / ℓ) (1 − ε)^{|t − t'|/2}, time in column 0.
 * θ = [log σ², log ℓ, ε], with ℓ ∈ [1e-3, 1] (Ray Tune clips ℓ to ≤ 1) and ε ∈ [0.1, 0.5].
 * No priors (maximum likelihood, as GPy in Ray Tune).
 */
export function timeVaryingKernel(dim: number): Kernel {
  const lower = [Math.log(1e-2), Math.log(1e-3), 0.1];
  const upper = [Math.log(20), 0, 0.5];
  const f = dim - 1;
  const parts = (theta: ArrayLike<number>) => ({ s2: Math.exp(theta[0] as number), l: Math.exp(theta[1] as number), eps: theta[2] as number });
  const pair = (a: ArrayLike<number>, ai: number, b: ArrayLike<number>, bi: number) => {
    let s = 0;
    for (let d = 1; d < dim; d++) {
      const t = (a[ai + d] as number) - (b[bi + d] as number);
      s += t * t;
    }
    return { s, dt: Math.abs((a[ai] as number) - (b[bi] as number)) };
  };
  return {
    inputDim: dim,
    size: 3,
    lower,
    upper,
    initial: () => [0, 0, 0.1],
    sample: (rng) => [rng.normal(0, 0.5), Math.log(0.05 + 0.95 * rng.next()), 0.1 + 0.4 * rng.next()],
    logPrior: () => 0,
    variance: (theta) => Math.exp(theta[0] as number),
    gram(x, n, theta, out) {
      const { s2, l, eps } = parts(theta);
      const logDecay = 0.5 * Math.log(1 - eps);
      for (let i = 0; i < n; i++) {
        out[i * n + i] = s2;
        for (let j = 0; j < i; j++) {
          const { s, dt } = pair(x, i * dim, x, j * dim);
          const v = s2 * Math.exp(-s / l + logDecay * dt);
          out[i * n + j] = v;
          out[j * n + i] = v;
        }
      }
    },
    contract(x, n, theta, w, grad, offset) {
      const { s2, l, eps } = parts(theta);
      const logDecay = 0.5 * Math.log(1 - eps);
      let gs = 0;
      let gl = 0;
      let ge = 0;
      for (let i = 0; i < n; i++) {
        gs += 0.5 * (w[i * n + i] as number) * s2;
        for (let j = 0; j < i; j++) {
          const { s, dt } = pair(x, i * dim, x, j * dim);
          const kv = (w[i * n + j] as number) * s2 * Math.exp(-s / l + logDecay * dt);
          gs += kv;
          gl += (kv * s) / l;
          ge -= (kv * 0.5 * dt) / (1 - eps);
        }
      }
      grad[offset] = (grad[offset] as number) + gs;
      grad[offset + 1] = (grad[offset + 1] as number) + gl;
      grad[offset + 2] = (grad[offset + 2] as number) + ge;
    },
    cross(x, n, p, theta, out) {
      const { s2, l, eps } = parts(theta);
      const logDecay = 0.5 * Math.log(1 - eps);
      for (let i = 0; i < n; i++) {
        const { s, dt } = pair(p, 0, x, i * dim);
        out[i] = s2 * Math.exp(-s / l + logDecay * dt);
      }
    },
    crossGrad(x, n, p, theta, k, dk) {
      const { s2, l, eps } = parts(theta);
      const logDecay = 0.5 * Math.log(1 - eps);
      for (let i = 0; i < n; i++) {
        const { s, dt } = pair(p, 0, x, i * dim);
        const kv = s2 * Math.exp(-s / l + logDecay * dt);
        k[i] = kv;
        dk[i * dim] = 0; // time is held fixed when the acquisition is optimised
        for (let d = 1; d <= f; d++) dk[i * dim + d] = (-2 * kv * ((p[d] as number) - (x[i * dim + d] as number))) / l;
      }
    },
  };
}

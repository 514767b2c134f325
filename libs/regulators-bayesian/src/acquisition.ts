import { dLogH, logH } from './internal/special';

/** A posterior at one point: mean and (latent) variance, with optional gradients. */
export interface PosteriorPoint {
  /** Posterior mean μ(x). */
  readonly mean: number;
  /** Latent posterior variance σ²(x) (> 0; clamped at 1e-300). */
  readonly variance: number;
  /** ∂μ/∂x, for gradients. */
  readonly dMean?: ArrayLike<number>;
  /** ∂σ²/∂x, for gradients. */
  readonly dVariance?: ArrayLike<number>;
}

/** An acquisition value and, when the posterior carried gradients, its gradient. */
export interface AcquisitionValue {
  /** The acquisition at x. */
  readonly value: number;
  /** Its gradient with respect to x, when the posterior carried dMean and dVariance. */
  readonly gradient: Float64Array | undefined;
}

/**
 * Log expected improvement over `best` for maximisation: log E[max(f − best, 0)] with
 * f ~ N(mean, variance). Numerically stable everywhere, finite even where EI underflows to 0
 * (Ament et al. 2023, "Unexpected Improvements to Expected Improvement for Bayesian
 * Optimization", eq. 9): log EI = log h(z) + log σ, z = (μ − best)/σ, h(z) = φ(z) + zΦ(z).
 * Gradient (when given dMean/dVariance): ∂ log EI = (Φ(z)/h(z)) ∂z + ∂σ/σ.
 */
export function logExpectedImprovement(post: PosteriorPoint, best: number): AcquisitionValue {
  const sd = Math.sqrt(Math.max(post.variance, 1e-300));
  const z = (post.mean - best) / sd;
  const lh = logH(z);
  const value = lh + Math.log(sd);
  if (!post.dMean || !post.dVariance) return { value, gradient: undefined };
  const dz = dLogH(z, lh);
  const g = new Float64Array(post.dMean.length);
  for (let d = 0; d < g.length; d++) {
    const dsd = (post.dVariance[d] as number) / (2 * sd);
    const dZ = ((post.dMean[d] as number) - z * dsd) / sd;
    g[d] = dz * dZ + dsd / sd;
  }
  return { value, gradient: g };
}

/**
 * Upper confidence bound μ + √β σ (Srinivas et al. 2010). `beta` ≥ 0 is the exploration weight β
 * (κ = √β). Gradient when the posterior carries one.
 */
export function upperConfidenceBound(post: PosteriorPoint, beta: number): AcquisitionValue {
  const sd = Math.sqrt(Math.max(post.variance, 0));
  const kappa = Math.sqrt(beta);
  const value = post.mean + kappa * sd;
  if (!post.dMean || !post.dVariance) return { value, gradient: undefined };
  const g = new Float64Array(post.dMean.length);
  for (let d = 0; d < g.length; d++) g[d] = (post.dMean[d] as number) + (sd > 0 ? (kappa * (post.dVariance[d] as number)) / (2 * sd) : 0);
  return { value, gradient: g };
}

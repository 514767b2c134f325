import { checkInteger, checkNumber, checkOptions, createRng, invalidArgument, type Seed } from '@epigenome/core';
import { fitGp, GpModel, standardise, type GpHyper } from './internal/gp-core';
import { maternArdKernel } from './internal/kernels';

/** Hyperparameters of a {@link GaussianProcess}, in standardised output units. */
export interface GaussianProcessHyperparameters {
  /** One Matérn-5/2 lengthscale per input dimension, in unit-cube units. */
  readonly lengthscales: readonly number[];
  /** Signal variance σ² (standardised units; ≈ 1 for a well-fitted model). */
  readonly outputscale: number;
  /** Observation-noise variance (standardised units). */
  readonly noise: number;
  /** Constant prior mean (standardised units). */
  readonly mean: number;
}

/** Options of {@link fitGaussianProcess}. */
export interface GaussianProcessOptions {
  /** Seed of the random restarts and of the fitting subset. Default 0. */
  readonly seed?: Seed;
  /** Random starts of the marginal-likelihood optimiser besides the default (and warm) start. Default 2. */
  readonly restarts?: number;
  /** L-BFGS iterations per start. Default 60. */
  readonly maxIterations?: number;
  /** Hyperparameters are fitted on a random subset of at most this many points (the best always in); the posterior uses all. Default 200. */
  readonly maxFitPoints?: number;
  /** Smallest noise variance, standardised units. Default 1e-6. */
  readonly minNoise?: number;
  /** Start the optimiser from these (e.g. the previous fit). */
  readonly warmStart?: GaussianProcessHyperparameters;
  /** Skip fitting and use these hyperparameters as they are. */
  readonly hyperparameters?: GaussianProcessHyperparameters;
}

/** A fitted GP posterior (immutable: {@link GaussianProcess.add} returns a new one). */
export interface GaussianProcess {
  /** Input dimension. */
  readonly dim: number;
  /** Observations conditioned on (non-finite values are dropped). */
  readonly size: number;
  readonly hyperparameters: GaussianProcessHyperparameters;
  /** Jitter added to the diagonal to factorise the covariance (0 when none was needed). */
  readonly jitter: number;
  /** Posterior of the latent function at a point of [0, 1]^dim, in the units of the values. */
  predict(point: readonly number[]): { mean: number; variance: number };
  /** As {@link GaussianProcess.predict}, with gradients with respect to the point. */
  predictWithGradient(point: readonly number[]): { mean: number; variance: number; dMean: number[]; dVariance: number[] };
  /** Log marginal likelihood of the standardised values (R&W eq. 2.30). */
  logMarginalLikelihood(): number;
  /** Conditions on one more observation without refitting (hyperparameters and standardisation kept; O(n²)). */
  add(point: readonly number[], value: number): GaussianProcess;
}

/** Wraps an internal posterior as the public {@link GaussianProcess}. */
export function wrapModel(model: GpModel): GaussianProcess {
  const dim = model.kernel.inputDim;
  const h = model.hyper;
  const toRaw = (m: number, v: number) => ({ mean: model.yMean + model.yStd * m, variance: v * model.yStd * model.yStd });
  const check = (point: readonly number[]) => {
    if (!Array.isArray(point) || point.length !== dim || point.some((v) => !Number.isFinite(v))) throw invalidArgument('point', point, `an array of ${dim} finite numbers`);
  };
  return {
    dim,
    size: model.n,
    hyperparameters: { lengthscales: h.theta.slice(0, dim).map(Math.exp), outputscale: Math.exp(h.theta[dim] as number), noise: h.noise, mean: h.mean },
    jitter: model.jitter,
    predict(point) {
      check(point);
      const p = model.predictStd(point);
      return toRaw(p.mean, p.variance);
    },
    predictWithGradient(point) {
      check(point);
      const p = model.predictStdGrad(point);
      const s = model.yStd;
      return { ...toRaw(p.mean, p.variance), dMean: Array.from(p.dMean, (v) => v * s), dVariance: Array.from(p.dVariance, (v) => v * s * s) };
    },
    logMarginalLikelihood: () => model.logMarginalLikelihood(),
    add(point, value) {
      check(point);
      if (!Number.isFinite(value)) return this;
      return wrapModel(model.withPoint(point, value));
    },
  };
}

/** Converts public hyperparameters to the internal vector form. */
export function toInternalHyper(h: GaussianProcessHyperparameters, dim: number): GpHyper {
  if (h.lengthscales.length !== dim) throw invalidArgument('hyperparameters.lengthscales', h.lengthscales, `${dim} positive numbers`);
  return { theta: [...h.lengthscales.map(Math.log), Math.log(h.outputscale)], noise: h.noise, mean: h.mean };
}

/** Every option name of {@link GaussianProcessOptions}: any other key is refused. */
const GP_OPTION_KEYS = ['seed', 'restarts', 'maxIterations', 'maxFitPoints', 'minNoise', 'warmStart', 'hyperparameters'];

/**
 * Fits Gaussian-process regression with a Matérn-5/2 ARD kernel, a constant mean and Gaussian
 * noise to points of the unit cube (R&W 2006, ch. 2 and 5).
 *
 * Values are standardised (a constant output gets sd 1, so the posterior is that constant with
 * prior uncertainty). Hyperparameters maximise log marginal likelihood + log prior (Gamma(3, 6)
 * on lengthscales, N(0, 1) on log outputscale, noise log-normal(−4, 1) as in BoTorch) by projected L-BFGS from several starts. The covariance is factorised with adaptive
 * jitter, so duplicate points never fail. Pairs with a non-finite value are dropped.
 *
 * @example
 * const gp = fitGaussianProcess([[0.1], [0.5], [0.9]], [1, 0, 1]);
 * gp.predict([0.5]).mean; // ≈ 0
 */
export function fitGaussianProcess(points: readonly (readonly number[])[], values: readonly number[], options: GaussianProcessOptions = {}): GaussianProcess {
  options = checkOptions<GaussianProcessOptions>('options', options, GP_OPTION_KEYS);
  if (!Array.isArray(points)) throw invalidArgument('points', points, 'an array of points (arrays of numbers in [0, 1])');
  if (!Array.isArray(values) || values.length !== points.length) throw invalidArgument('values', values, `an array of ${points.length} numbers (one per point)`);
  const dim = points[0]?.length ?? options.hyperparameters?.lengthscales.length ?? options.warmStart?.lengthscales.length;
  if (dim === undefined || !(dim >= 1)) throw invalidArgument('points', points, 'at least one point (or hyperparameters) to know the dimension');
  points.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== dim || p.some((v) => !Number.isFinite(v))) throw invalidArgument(`points[${i}]`, p, `an array of ${dim} finite numbers`);
  });
  // absent counts keep their defaults, some of which depend on the data
  if (options.restarts !== undefined) checkInteger('options.restarts', options.restarts, 0, 0);
  if (options.maxIterations !== undefined) checkInteger('options.maxIterations', options.maxIterations, 1, 1);
  if (options.maxFitPoints !== undefined) checkInteger('options.maxFitPoints', options.maxFitPoints, 2, 2);
  const minNoise = checkNumber('options.minNoise', options.minNoise, 1e-6, { min: 0, minOpen: true, max: 1, maxOpen: true });
  const keep = values.map((v, i) => (Number.isFinite(v) ? i : -1)).filter((i) => i >= 0);
  const x = new Float64Array(keep.length * dim);
  keep.forEach((src, i) => (points[src] as readonly number[]).forEach((v, d) => (x[i * dim + d] = v)));
  const y = keep.map((i) => values[i] as number);
  const kernel = maternArdKernel(dim);
  if (options.hyperparameters) {
    const { y: ys, mean, std } = standardise(y);
    return wrapModel(new GpModel(kernel, toInternalHyper(options.hyperparameters, dim), x, ys, mean, std));
  }
  const model = fitGp(kernel, x, y, {
    restarts: options.restarts ?? 2,
    maxIterations: options.maxIterations ?? 60,
    maxFitPoints: options.maxFitPoints ?? 200,
    noiseBounds: [minNoise, 2],
    noisePrior: { mu: -4, sd: 1 },
    meanPrior: { mu: 0, sd: 1 },
    warm: options.warmStart ? toInternalHyper(options.warmStart, dim) : undefined,
    rng: createRng(options.seed ?? 0).split('gp-fit'),
  });
  return wrapModel(model);
}

import {
  checkInteger,
  checkNumber,
  checkOneOf,
  checkOptions,
  createRng,
  invalidArgument,
  validateConfig,
  validateSpace,
  type Config,
  type RngState,
  type SearchSpace,
  type Seed,
} from '@epigenome/core';
import { logExpectedImprovement, upperConfidenceBound, type PosteriorPoint } from './acquisition';
import { wrapModel, type GaussianProcess } from './gaussian-process';
import { SpaceEncoding } from './internal/encoding';
import { fitGp, type GpHyper, type GpModel } from './internal/gp-core';
import { maternArdKernel } from './internal/kernels';
import { optimiseAcquisition } from './internal/optimize-acquisition';
import { sobolPoints } from './internal/sobol';

/** One evaluated configuration. */
export interface Observation {
  /** The configuration evaluated (the space's keys). */
  readonly config: Readonly<Config>;
  /** The objective; NaN or ±Infinity marks a failed evaluation (see {@link createBayesOpt}). */
  readonly value: number;
}

/** Options of {@link createBayesOpt}. */
export interface BayesOptOptions {
  readonly space: SearchSpace;
  /** Whether larger (`max`) or smaller (`min`) values are better. Default `max`. */
  readonly mode?: 'max' | 'min';
  /** Seed of the initial design, the restarts and the acquisition search. Default 0. */
  readonly seed?: Seed;
  /** Sobol (scrambled) initial points before the GP takes over; injected observations count. Default max(5, free parameters + 1). */
  readonly initial?: number;
  /** `logEI` (log expected improvement, default) or `ucb` (upper confidence bound). */
  readonly acquisition?: 'logEI' | 'ucb';
  /** β of UCB (μ + √β σ, standardised units). Default 4. */
  readonly beta?: number;
  /** Candidates scored per acquisition optimisation (plus a quarter as many around the best points). Default 1024 (512 past 200 observations). */
  readonly rawSamples?: number;
  /** Candidates refined by L-BFGS. Default 10 (5 past 200 observations). */
  readonly restarts?: number;
  /** Random restarts of the GP hyperparameter fit besides the warm and default starts. Default 2 (past 100 observations: 1, or 0 once a previous fit gives a warm start). */
  readonly gpRestarts?: number;
  /** GP hyperparameters are fitted on at most this many observations (a random subset, the best always in; the posterior uses all). Default 100. */
  readonly maxFitPoints?: number;
  /** Observations known beforehand (e.g. from inherited marks): a warm start. */
  readonly prior?: readonly Observation[];
}

/** Serialisable state of a {@link BayesOpt}. */
export interface BayesOptState {
  readonly version: 1;
  /** Failed evaluations are stored with `value: null`. */
  readonly observations: readonly { config: Config; value: number | null }[];
  /** Sobol design points handed out so far. */
  readonly initialAsked: number;
  /** The optimiser's root random stream (each ask splits its own sub-stream from it). */
  readonly rng: RngState;
  /** Asks so far (names the next ask's sub-stream). */
  readonly asks: number;
  /**
   * The initial design's stream (each design batch draws its scramble from it), so a restored
   * optimiser hands out the design points the uninterrupted one would. Absent in snapshots taken
   * before it was kept: the stream then restarts from the seed.
   */
  readonly design?: RngState;
  /** Last fitted GP hyperparameters (kernel θ in log space, noise variance, mean; standardised units), the next fit's warm start. */
  readonly hyper: { readonly theta: readonly number[]; readonly noise: number; readonly mean: number } | undefined;
}

/** An ask/tell Bayesian optimiser over a search space. */
export interface BayesOpt {
  /** The (validated) space it searches. */
  readonly space: SearchSpace;
  /** Every observation told (and injected), in order. */
  readonly observations: readonly Observation[];
  /**
   * Proposes `q` configurations (default 1). `pending` are configurations being evaluated now
   * (running trials); they and the earlier picks of the batch enter as Kriging-believer fantasies
   * (the posterior mean taken as their value, Ginsbourger et al. 2010), so a batch spreads out.
   */
  ask(q?: number, options?: { pending?: readonly Readonly<Config>[] }): Config[];
  /** Records one evaluation (config must be in the space; only the space's keys are read). */
  tell(config: Readonly<Config>, value: number): void;
  /** The best finite observation so far, undefined before one. */
  best(): Observation | undefined;
  /** The GP of the latest `ask`, on the encoded space (values signed so larger is better), for diagnostics. */
  readonly model: GaussianProcess | undefined;
  /** JSON-serialisable state: observations, design position, random stream, last hyperparameters. */
  snapshot(): BayesOptState;
  /** Replaces the state by a snapshot's (observations are re-validated against the space). */
  restore(state: BayesOptState): void;
}

/** Every option name of {@link BayesOptOptions}: any other key is refused. */
export const BAYES_OPT_OPTION_KEYS = ['space', 'mode', 'seed', 'initial', 'acquisition', 'beta', 'rawSamples', 'restarts', 'gpRestarts', 'maxFitPoints', 'prior'] as const;

/**
 * Gaussian-process Bayesian optimisation with an ask/tell interface.
 *
 * Model: Matérn-5/2 ARD GP on the mixed-space encoding (floats and log floats on unit axes, ints
 * rounded to their cell inside the acquisition, choices one-hot), refitted at every `ask` from the
 * previous hyperparameters plus fresh starts. Acquisition: LogEI over the best observed value
 * (Ament et al. 2023) or UCB, maximised from Sobol + sample-around-best candidates refined by
 * L-BFGS. Batches (q > 1) by Kriging believer.
 *
 * Bad input: failed evaluations (NaN/±Infinity) are kept and modelled at the worst finite value
 * seen (so the optimiser steers away); before any finite value, proposals stay quasi-random.
 * Duplicates and constant values are fine (jittered Cholesky; sd 1 for constant outputs);
 * zero-width ranges and one-value choices are fixed, not modelled.
 *
 * @example
 * const bo = createBayesOpt({ space: { x: float(-5, 10), y: float(0, 15) }, mode: 'min', seed: 1 });
 * for (let i = 0; i < 30; i++) { const [c] = bo.ask(); bo.tell(c, branin(c.x, c.y)); }
 */
export function createBayesOpt(options: BayesOptOptions): BayesOpt {
  options = checkOptions<BayesOptOptions>('options', options, BAYES_OPT_OPTION_KEYS);
  const space = validateSpace(options.space);
  const mode = checkOneOf('options.mode', options.mode, ['max', 'min'] as const, 'max');
  const enc = new SpaceEncoding(space);
  const initial = checkInteger('options.initial', options.initial, Math.max(5, enc.free.length + 1), 1);
  const acquisition = checkOneOf('options.acquisition', options.acquisition, ['logEI', 'ucb'] as const, 'logEI');
  const beta = checkNumber('options.beta', options.beta, 4, { min: 0 });
  // absent counts keep their defaults, which depend on the number of observations
  if (options.rawSamples !== undefined) checkInteger('options.rawSamples', options.rawSamples, 1, 1);
  if (options.restarts !== undefined) checkInteger('options.restarts', options.restarts, 1, 1);
  if (options.gpRestarts !== undefined) checkInteger('options.gpRestarts', options.gpRestarts, 0, 0);
  const maxFitPoints = checkInteger('options.maxFitPoints', options.maxFitPoints, 100, 2);
  const sign = mode === 'max' ? 1 : -1;
  const kernel = maternArdKernel(Math.max(1, enc.featureDim));
  let root = createRng(options.seed ?? 0);
  let asks = 0;
  let designRng = createRng(options.seed ?? 0).split('design');
  const observations: Observation[] = [];
  let initialAsked = 0;
  let hyper: GpHyper | undefined;
  let model: GpModel | undefined;

  const pick = (config: Readonly<Config>, field: string): Config => {
    const out: Config = {};
    for (const k of Object.keys(space)) out[k] = config[k] as Config[string];
    return validateConfig(space, out, field);
  };
  const tell = (config: Readonly<Config>, value: number, field = 'config') => {
    if (typeof value !== 'number') throw invalidArgument('value', value, 'a number (NaN or ±Infinity for a failed evaluation)');
    observations.push({ config: pick(config, field), value });
  };
  (options.prior ?? []).forEach((o, i) => tell(o.config, o.value, `prior[${i}].config`));

  const features = (c: Readonly<Config>) => (enc.featureDim === 0 ? new Float64Array(1) : enc.features(c));

  const design = (q: number): Config[] => {
    const pts = sobolPoints(initialAsked + q, Math.max(1, enc.free.length), designRng).slice(initialAsked);
    initialAsked += q;
    return pts.map((u) => enc.decode(u));
  };

  const api: BayesOpt = {
    space,
    observations,
    get model() {
      return model ? wrapModel(model) : undefined;
    },
    ask(q = 1, askOptions = {}) {
      checkInteger('q', q, 1, 1);
      const pending = (askOptions.pending ?? []).map((c, i) => pick(c, `pending[${i}]`));
      const rng = root.split(`ask:${asks++}`);
      const finite = observations.filter((o) => Number.isFinite(o.value));
      if (finite.length === 0 || observations.length + pending.length < initial) return design(q);
      const worst = Math.min(...finite.map((o) => sign * o.value));
      const n = observations.length;
      const dim = kernel.inputDim;
      const x = new Float64Array(n * dim);
      const y = new Float64Array(n);
      observations.forEach((o, i) => {
        x.set(features(o.config), i * dim);
        y[i] = Number.isFinite(o.value) ? sign * o.value : worst;
      });
      model = fitGp(kernel, x, y, {
        restarts: options.gpRestarts ?? (n <= 100 ? 2 : hyper ? 0 : 1),
        maxIterations: 60,
        maxFitPoints,
        noiseBounds: [1e-6, 2],
        noisePrior: { mu: -4, sd: 1 },
        meanPrior: { mu: 0, sd: 1 },
        warm: hyper,
        rng: rng.split('fit'),
      });
      hyper = model.hyper;
      let best = Number.NEGATIVE_INFINITY;
      for (const o of finite) best = Math.max(best, (sign * o.value - model.yMean) / model.yStd);
      const acq = acquisition === 'logEI' ? (p: PosteriorPoint) => logExpectedImprovement(p, best) : (p: PosteriorPoint) => upperConfidenceBound(p, beta);
      const anchors = [...finite]
        .sort((a, b) => sign * b.value - sign * a.value)
        .slice(0, 5)
        .map((o) => enc.search(o.config));
      let m = model;
      for (const c of pending) {
        const f = features(c);
        m = m.withPoint(f, model.yMean + model.yStd * m.predictStd(f).mean);
      }
      const out: Config[] = [];
      for (let i = 0; i < q; i++) {
        const search = { rawSamples: options.rawSamples ?? (n > 200 ? 512 : 1024), restarts: options.restarts ?? (n > 200 ? 5 : 10), maxIterations: 40 };
        const r = optimiseAcquisition(m, enc, acq, rng.split(`acq:${i}`), search, anchors);
        const config = enc.decode(r.u);
        out.push(config);
        if (i + 1 < q) {
          const f = features(config);
          m = m.withPoint(f, model.yMean + model.yStd * m.predictStd(f).mean);
        }
      }
      return out;
    },
    tell: (config, value) => tell(config, value),
    best() {
      let b: Observation | undefined;
      for (const o of observations) if (Number.isFinite(o.value) && (b === undefined || sign * o.value > sign * b.value)) b = o;
      return b;
    },
    snapshot: () => ({
      version: 1,
      observations: observations.map((o) => ({ config: { ...o.config }, value: Number.isFinite(o.value) ? o.value : null })),
      initialAsked,
      rng: root.getState(),
      asks,
      design: designRng.getState(),
      hyper,
    }),
    restore(state) {
      if (typeof state !== 'object' || state === null || state.version !== 1) throw invalidArgument('state.version', (state as { version?: unknown } | null)?.version, '1');
      if (!Array.isArray(state.observations)) throw invalidArgument('state.observations', state.observations, 'an array of { config, value }');
      observations.length = 0;
      state.observations.forEach((o, i) => tell(o.config, o.value === null ? Number.NaN : o.value, `state.observations[${i}].config`));
      initialAsked = state.initialAsked;
      root = createRng(state.rng);
      asks = state.asks ?? 0;
      if (state.design !== undefined) designRng = createRng(state.design);
      hyper = state.hyper;
    },
  };
  return api;
}

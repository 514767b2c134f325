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
  type Rng,
  type RngState,
  type SearchSpace,
  type Seed,
} from '@epigenome/core';
import { logExpectedImprovement, upperConfidenceBound, type PosteriorPoint } from './acquisition';
import { wrapModel, type GaussianProcess } from './gaussian-process';
import { SpaceEncoding } from './internal/encoding';
import { fitGp, type GpHyper, type GpModel } from './internal/gp-core';
import { maternArdKernel } from './internal/kernels';
import { lengthscaleFloor } from './internal/lengthscale-floor';
import { optimiseAcquisition } from './internal/optimize-acquisition';
import { sobolPoints } from './internal/sobol';

/** One evaluated configuration. */
export interface Observation {
  /** The configuration evaluated (the space's keys). */
  readonly config: Readonly<Config>;
  /** The objective; NaN or ±Infinity marks a failed evaluation (see {@link createBayesOpt}). */
  readonly value: number;
}

/** The recommendation of {@link BayesOpt.best}. */
export interface BestObservation extends Observation {
  /** The GP's posterior mean at `config`, in the units of the values (the measurement itself is `value`). */
  readonly mean: number;
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
   * Read by no version now: the initial design is one Sobol sequence whose scramble is a function of
   * the seed, so `initialAsked` locates the next design point. Older snapshots carry it.
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
  /**
   * The recommended observation, undefined before a finite one: the observed configuration with the
   * best posterior mean of a GP fitted on every observation (with one finite observation, that
   * one). With noisy values this is not the luckiest measurement but the best on average; with
   * noiseless ones the two agree (the posterior mean interpolates). Pure: it draws nothing from the
   * optimiser's streams and leaves its state as it was; refitted only when observations changed.
   */
  best(): BestObservation | undefined;
  /** The GP of the latest `ask`, on the encoded space (values signed so larger is better), for diagnostics. */
  readonly model: GaussianProcess | undefined;
  /** JSON-serialisable state: observations, design position, random stream, last hyperparameters. */
  snapshot(): BayesOptState;
  /** Replaces the state by a snapshot's (observations are re-validated against the space). */
  restore(state: BayesOptState): void;
}

/**
 * Fitted noise variance, as a fraction of the fitted signal variance, from which re-evaluating an
 * observed point is worth it: averaging a second noisy measurement then teaches the model about as
 * much as a new point near it. Below it (a deterministic or nearly deterministic objective) a
 * repeat adds nothing, and a proposal never repeats an earlier point.
 */
const REPEAT_NOISE_RATIO = 0.1;

/** Whether the fitted noise justifies proposing a point already observed (see {@link REPEAT_NOISE_RATIO}). */
function repeatJustified(model: GpModel): boolean {
  return model.hyper.noise >= REPEAT_NOISE_RATIO * model.kernel.variance(model.hyper.theta);
}

/** Stall rule: this many latest evaluations, all within {@link STALL_RADIUS} of the incumbent, improving it by less than {@link STALL_GAIN}. */
const STALL_WINDOW = 3;
/** Max-norm distance in the unit cube within which an evaluation only refines the incumbent; also the half-width of the box then excluded. */
const STALL_RADIUS = 0.1;
/** Improvement of the best value, in output standard deviations, below which refining has stalled. */
const STALL_GAIN = 1e-3;

/**
 * The incumbent's box to exclude from the next acquisition search when refining it has stalled:
 * the latest {@link STALL_WINDOW} evaluations all lay within {@link STALL_RADIUS} of the best point
 * and together improved the best value by less than {@link STALL_GAIN} output standard deviations.
 * LogEI then keeps polishing a local optimum by 1e-4 while the model, its constant mean pulled
 * down by the points piled there, calls the rest of the space hopeless; excluding the box for one
 * ask sends the search to the next most promising region (it returns if that is worse). A pure
 * function of the observations (larger is better), so a restored optimiser decides alike.
 */
function stalledIncumbent(obs: readonly { f: Float64Array; v: number }[], yStd: number): { centre: Float64Array; radius: number } | undefined {
  const n = obs.length;
  if (n <= STALL_WINDOW) return undefined;
  let best = 0;
  for (let i = 1; i < n; i++) if ((obs[i] as { v: number }).v > (obs[best] as { v: number }).v) best = i;
  let before = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n - STALL_WINDOW; i++) before = Math.max(before, (obs[i] as { v: number }).v);
  const centre = (obs[best] as { f: Float64Array }).f;
  if ((obs[best] as { v: number }).v - before >= STALL_GAIN * yStd) return undefined;
  for (let i = n - STALL_WINDOW; i < n; i++) {
    const f = (obs[i] as { f: Float64Array }).f;
    for (let d = 0; d < f.length; d++) if (Math.abs((f[d] as number) - (centre[d] as number)) > STALL_RADIUS) return undefined;
  }
  return { centre, radius: STALL_RADIUS };
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

  // One scrambled Sobol sequence per optimiser: the shift comes from the seed alone, so points asked
  // one at a time are the sequence's first points (stratified), not each the first of a new shift.
  /** The GP on every observation (signed so larger is better; failures at the worst finite value), warm-started from the last fit. */
  const fit = (rng: Rng): GpModel => {
    const n = observations.length;
    const dim = kernel.inputDim;
    let worst = Number.POSITIVE_INFINITY;
    for (const o of observations) if (Number.isFinite(o.value)) worst = Math.min(worst, sign * o.value);
    const x = new Float64Array(n * dim);
    const y = new Float64Array(n);
    observations.forEach((o, i) => {
      x.set(features(o.config), i * dim);
      y[i] = Number.isFinite(o.value) ? sign * o.value : worst;
    });
    return fitGp(kernel, x, y, {
      restarts: options.gpRestarts ?? (n <= 100 ? 2 : hyper ? 0 : 1),
      maxIterations: 60,
      maxFitPoints,
      noiseBounds: [1e-6, 2],
      noisePrior: { mu: -4, sd: 1 },
      meanPrior: { mu: 0, sd: 1 },
      warm: hyper,
      rng,
      minLengthscale: lengthscaleFloor(n, enc.free.length),
    });
  };
  // best() refits only when observations changed; it never changes the state asks depend on
  let recommended: { count: number; best: BestObservation | undefined } | undefined;

  const design = (q: number): Config[] => {
    const pts = sobolPoints(initialAsked + q, Math.max(1, enc.free.length), createRng(options.seed ?? 0).split('design')).slice(initialAsked);
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
      model = fit(rng.split('fit'));
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
      const allowRepeat = repeatJustified(model);
      const tabu = stalledIncumbent(
        observations.map((o) => ({ f: features(o.config), v: Number.isFinite(o.value) ? sign * o.value : worst })),
        model.yStd,
      );
      const out: Config[] = [];
      for (let i = 0; i < q; i++) {
        const search = { rawSamples: options.rawSamples ?? (n > 200 ? 512 : 1024), restarts: options.restarts ?? (n > 200 ? 5 : 10), maxIterations: 40, allowRepeat, tabu };
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
      if (recommended?.count === observations.length) return recommended.best;
      const finite = observations.filter((o) => Number.isFinite(o.value));
      let b: BestObservation | undefined;
      if (finite.length < 2) {
        const o = finite[0];
        b = o && { config: o.config, value: o.value, mean: o.value };
      } else {
        // a pure sub-stream of the root (splitting draws nothing), and the fit's hyperparameters are not kept
        const m = fit(root.split(`best:${observations.length}`));
        let top = Number.NEGATIVE_INFINITY;
        for (const o of finite) {
          const mean = m.yMean + m.yStd * m.predictStd(features(o.config)).mean;
          if (mean > top) {
            top = mean;
            b = { config: o.config, value: o.value, mean: sign * mean };
          }
        }
      }
      recommended = { count: observations.length, best: b };
      return b;
    },
    snapshot: () => ({
      version: 1,
      observations: observations.map((o) => ({ config: { ...o.config }, value: Number.isFinite(o.value) ? o.value : null })),
      initialAsked,
      rng: root.getState(),
      asks,
      hyper,
    }),
    restore(state) {
      if (typeof state !== 'object' || state === null || state.version !== 1) throw invalidArgument('state.version', (state as { version?: unknown } | null)?.version, '1');
      if (!Array.isArray(state.observations)) throw invalidArgument('state.observations', state.observations, 'an array of { config, value }');
      observations.length = 0;
      recommended = undefined;
      state.observations.forEach((o, i) => tell(o.config, o.value === null ? Number.NaN : o.value, `state.observations[${i}].config`));
      initialAsked = state.initialAsked;
      root = createRng(state.rng);
      asks = state.asks ?? 0;
      hyper = state.hyper;
    },
  };
  return api;
}

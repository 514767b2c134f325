import {
  checkOptions,
  fromFiniteJson,
  toFiniteJson,
  checkInteger,
  checkNumber,
  checkOneOf,
  createRng,
  describeValue,
  EpigenomeError,
  invalidArgument,
  type Rng,
  type RngState,
  type Seed,
} from '@epigenome/core';
import { gaussians } from './internal/gaussian';
import { symmetricEigen } from './internal/symmetric-eigen';

/** Box bounds: one number for every coordinate, or one per coordinate. */
export interface CmaEsBounds {
  /** Lower bound of every coordinate, or one per coordinate. */
  readonly lower: number | readonly number[];
  /** Upper bound (≥ lower) of every coordinate, or one per coordinate. */
  readonly upper: number | readonly number[];
}

/** Options of {@link createCmaEsOptimizer}. */
export interface CmaEsOptimizerOptions {
  /** Initial mean x⁰. Default: the centre of `bounds`; required without bounds unless `dimension` is given (then 0). */
  readonly x0?: readonly number[];
  /** Number of coordinates n ≥ 1. Default: the length of `x0` or of the bounds' arrays. */
  readonly dimension?: number;
  /** Initial step size σ⁰ (coordinate units). Default 0.3 × the widest bound range, or 0.5 without bounds. */
  readonly sigma0?: number;
  /**
   * Box constraints, handled by mirror repair: a sampled genotype x is evaluated at its
   * reflection into the box (a triangle wave of period 2 × width, continuous and exact at the
   * bounds), while the unrepaired x drives the update. Since f∘mirror is periodic, the mean is
   * shifted by whole periods back next to the box; no penalty weight is needed.
   * Default: unbounded.
   */
  readonly bounds?: CmaEsBounds;
  /** Offspring per generation λ ≥ 2. Default 4 + ⌊3 ln n⌋ (Hansen 2016, Table 1). */
  readonly populationSize?: number;
  /** Whether `tell` values are minimised or maximised. Default `'min'`. */
  readonly mode?: 'min' | 'max';
  /** IPOP restarts (Auger & Hansen 2005) after a local stop. Default 9; 0 disables them. */
  readonly restarts?: number;
  /** Factor by which λ grows at each IPOP restart. Default 2. */
  readonly populationGrowth?: number;
  /** Where restart means are drawn uniformly. Default: `bounds` if given, else every restart starts at `x0`. */
  readonly restartRegion?: CmaEsBounds;
  /** Local stop when the recent and current values span less than this (tolFun). Default 1e-12. */
  readonly tolFun?: number;
  /** Local stop when σ × max(√Cᵢᵢ, |p_c,i|) < tolX × σ⁰ in every coordinate (tolX). Default 1e-11. */
  readonly tolX?: number;
  /** Global stop once a value this good is told (min mode: ≤, max mode: ≥). Default: none. */
  readonly target?: number;
  /** Global stop after this many told evaluations, over all restarts. Default: unlimited. */
  readonly maxEvaluations?: number;
  /** Seed of the sampling stream. Default 0. Ignored when `rng` is given. */
  readonly seed?: Seed;
  /** A stream to sample from (e.g. a regulator's `ctx.rng.split('cma-es')`). */
  readonly rng?: Rng;
}

/** Why the optimizer stopped or last restarted. */
export type CmaEsStopReason = 'target' | 'maxEvaluations' | 'tolFun' | 'tolX' | 'noEffectAxis' | 'noEffectCoord' | 'conditionCov' | 'maxIterations';

/** Read-only progress of a {@link CmaEsOptimizer}. */
export interface CmaEsStatus {
  /** Generations told in the current run (since the last restart). */
  readonly generation: number;
  /** Evaluations told in total, over all restarts. */
  readonly evaluations: number;
  /** Restarts done so far. */
  readonly restarts: number;
  /** Current λ. */
  readonly populationSize: number;
  /** Current step size σ. */
  readonly sigma: number;
  /** Current mean (genotype, may lie outside the bounds by less than a period). */
  readonly mean: readonly number[];
  /** Best point told so far (feasible) and its value, over all restarts. */
  readonly best: { readonly x: readonly number[]; readonly value: number } | undefined;
  /** Why the last local run ended (and a restart began), if one did. */
  readonly lastRestartReason: CmaEsStopReason | undefined;
  /** Set once the optimizer is finished for good. */
  readonly stopped: CmaEsStopReason | undefined;
}

/** Serialisable state of a {@link CmaEsOptimizer} (`snapshot`/`restore`). */
export interface CmaEsOptimizerState {
  /** Format version, 1. */
  readonly version: 1;
  /** The current local run: mean, σ, C and its eigendecomposition, evolution paths, counters. */
  readonly run: CmaEsRunState;
  /** Evaluations told over all restarts. */
  readonly evaluations: number;
  /** IPOP restarts done. */
  readonly restarts: number;
  /** Best feasible point told so far and its value. */
  readonly best: { x: number[]; value: number } | undefined;
  /** Why the last local run ended. */
  readonly lastRestartReason: CmaEsStopReason | undefined;
  /** Set once finished for good. */
  readonly stopped: CmaEsStopReason | undefined;
  /** The sampling stream's state. */
  readonly rng: RngState;
  /** Points asked but not yet told in the current generation, with their unrepaired genotypes. */
  readonly pending: { point: number[]; x: number[] }[];
}

/**
 * The (μ/μ_w, λ)-CMA-ES with cumulative step-size adaptation, rank-one and rank-μ covariance
 * update and IPOP restarts, as an ask/tell optimizer over Rⁿ (optionally a box).
 */
export interface CmaEsOptimizer {
  readonly dimension: number;
  /**
   * Samples λ new points of the current generation (feasible when bounded). May be called again
   * before `tell` to get λ more from the same distribution.
   */
  ask(): number[][];
  /**
   * Reports the values of exactly λ points asked in the current generation, in any order, and
   * advances one generation (or restarts). NaN counts as the worst value.
   */
  tell(points: readonly (readonly number[])[], values: readonly number[]): void;
  /** Progress; `stopped` is set once a global stop (target, maxEvaluations, restarts used up) is reached. */
  status(): CmaEsStatus;
  snapshot(): CmaEsOptimizerState;
  restore(state: CmaEsOptimizerState): void;
}

/** One local CMA-ES run (between restarts), as stored in a snapshot. */
export interface CmaEsRunState {
  /** Offspring per generation λ. */
  lambda: number;
  /** Initial step size of this run. */
  sigma0: number;
  /** Mean m (genotype). */
  mean: number[];
  /** Step size σ. */
  sigma: number;
  /** Covariance matrix C. */
  C: number[][];
  /** Eigenvectors of C (columns). */
  B: number[][];
  /** Square roots of C's eigenvalues. */
  D: number[];
  /** C^{-1/2} = B D⁻¹ Bᵀ. */
  invSqrtC: number[][];
  /** Evolution path of C, p_c. */
  pc: number[];
  /** Evolution path of σ, p_σ. */
  ps: number[];
  /** Generations told in this run. */
  generation: number;
  /** Evaluations told in this run. */
  evaluations: number;
  /** Evaluations at the last eigendecomposition. */
  eigenAt: number;
  /** Best value of each recent generation (for tolFun). */
  bestHistory: number[];
}

interface Pending {
  point: number[];
  x: number[];
}

function vectorOption(field: string, value: number | readonly number[], n: number | undefined): number[] | number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidArgument(field, value, 'a finite number or an array of finite numbers');
    return value;
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw invalidArgument(field, value, 'a finite number or a non-empty array of finite numbers');
  }
  if (n !== undefined && value.length !== n) throw invalidArgument(field, value, `an array of ${n} numbers (the dimension)`);
  return [...value];
}

function expand(v: number[] | number, n: number): number[] {
  return typeof v === 'number' ? Array.from({ length: n }, () => v) : v;
}

function resolveBounds(field: string, b: CmaEsBounds | undefined, n: number): { lower: number[]; upper: number[] } | undefined {
  if (b === undefined) return undefined;
  if (typeof b !== 'object' || b === null) throw invalidArgument(field, b, 'an object { lower, upper }');
  const lower = expand(vectorOption(`${field}.lower`, b.lower, n), n);
  const upper = expand(vectorOption(`${field}.upper`, b.upper, n), n);
  lower.forEach((lo, i) => {
    if (!((upper[i] as number) >= lo)) throw invalidArgument(`${field}.upper[${i}]`, upper[i], `≥ lower[${i}] (${lo})`);
  });
  return { lower, upper };
}

function dimensionOf(options: CmaEsOptimizerOptions): number {
  const candidates: number[] = [];
  if (options.dimension !== undefined) candidates.push(checkInteger('options.dimension', options.dimension, 1, 1));
  if (options.x0 !== undefined) {
    if (!Array.isArray(options.x0)) throw invalidArgument('options.x0', options.x0, 'a non-empty array of finite numbers');
    candidates.push((vectorOption('options.x0', options.x0, undefined) as number[]).length);
  }
  for (const b of [options.bounds, options.restartRegion]) {
    if (b && Array.isArray(b.lower)) candidates.push(b.lower.length);
    if (b && Array.isArray(b.upper)) candidates.push(b.upper.length);
  }
  if (candidates.length === 0) throw invalidArgument('options.dimension', options.dimension, 'an integer ≥ 1 (or give x0 or array bounds)');
  const n = candidates[0] as number;
  if (candidates.some((c) => c !== n)) throw invalidArgument('options.x0', options.x0, `lengths agreeing with dimension and bounds (${candidates.join(' vs ')})`);
  return n;
}

/** Reflects x into [lo, hi] (a triangle wave of period 2(hi − lo)). */
function mirror(x: number, lo: number, hi: number): number {
  const w = hi - lo;
  if (w === 0) return lo;
  let t = (x - lo) % (2 * w);
  if (t < 0) t += 2 * w;
  return t <= w ? lo + t : lo + 2 * w - t;
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** Every option name of {@link CmaEsOptimizerOptions}: any other key is refused (a typo must not pass silently). */
const CMA_ES_OPTIMIZER_OPTION_KEYS = [
  'x0',
  'dimension',
  'sigma0',
  'bounds',
  'populationSize',
  'mode',
  'restarts',
  'populationGrowth',
  'restartRegion',
  'tolFun',
  'tolX',
  'target',
  'maxEvaluations',
  'seed',
  'rng',
];

/**
 * Creates a seedable ask/tell CMA-ES (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016,
 * arXiv:1604.00772; equation numbers below refer to its Appendix A summary) with IPOP restarts
 * (Auger & Hansen, CEC 2005).
 *
 * Defaults follow the tutorial's Table 1: λ = 4 + ⌊3 ln n⌋, μ = ⌊λ/2⌋, positive log weights.
 * Throws `INVALID_ARGUMENT` naming the field for bad options.
 *
 * @example
 * const es = createCmaEsOptimizer({ x0: [1, 1, 1], sigma0: 0.5, seed: 7, target: 1e-10 });
 * while (!es.status().stopped) {
 *   const xs = es.ask();
 *   es.tell(xs, xs.map((x) => x.reduce((s, v) => s + v * v, 0)));
 * }
 */
export function createCmaEsOptimizer(options: CmaEsOptimizerOptions = {}): CmaEsOptimizer {
  options = checkOptions<CmaEsOptimizerOptions>('options', options, CMA_ES_OPTIMIZER_OPTION_KEYS);
  const n = dimensionOf(options);
  const bounds = resolveBounds('options.bounds', options.bounds, n);
  const region = resolveBounds('options.restartRegion', options.restartRegion, n) ?? bounds;
  const x0 =
    options.x0 !== undefined
      ? (vectorOption('options.x0', options.x0, n) as number[])
      : bounds
        ? bounds.lower.map((lo, i) => (lo + (bounds.upper[i] as number)) / 2)
        : Array.from({ length: n }, () => 0);
  const widest = bounds ? Math.max(...bounds.upper.map((u, i) => u - (bounds.lower[i] as number))) : 0;
  const sigma0 = checkNumber('options.sigma0', options.sigma0, widest > 0 ? 0.3 * widest : 0.5, { min: 0, minOpen: true });
  const lambda0 = checkInteger('options.populationSize', options.populationSize, 4 + Math.floor(3 * Math.log(n)), 2);
  const mode = checkOneOf('options.mode', options.mode, ['min', 'max'] as const, 'min');
  const maxRestarts = checkInteger('options.restarts', options.restarts, 9, 0);
  const growth = checkNumber('options.populationGrowth', options.populationGrowth, 2, { min: 0, minOpen: true });
  if (growth < 1) throw invalidArgument('options.populationGrowth', growth, 'a number ≥ 1');
  const tolFun = checkNumber('options.tolFun', options.tolFun, 1e-12, { min: 0 });
  const tolX = checkNumber('options.tolX', options.tolX, 1e-11, { min: 0 });
  const target = options.target;
  if (target !== undefined && !(typeof target === 'number' && !Number.isNaN(target))) throw invalidArgument('options.target', target, 'a number');
  const maxEvaluations = options.maxEvaluations === undefined ? Number.POSITIVE_INFINITY : checkInteger('options.maxEvaluations', options.maxEvaluations, 1, 1);
  let rng = options.rng ?? createRng(options.seed ?? 0);

  let evaluations = 0;
  let restarts = 0;
  let best: { x: number[]; value: number } | undefined;
  let lastRestartReason: CmaEsStopReason | undefined;
  let stopped: CmaEsStopReason | undefined;
  let pending: Pending[] = [];

  const newRun = (lambda: number, mean: number[]): CmaEsRunState => ({
    lambda,
    sigma0,
    mean,
    sigma: sigma0,
    C: identity(n),
    B: identity(n),
    D: Array.from({ length: n }, () => 1),
    invSqrtC: identity(n),
    pc: Array.from({ length: n }, () => 0),
    ps: Array.from({ length: n }, () => 0),
    generation: 0,
    evaluations: 0,
    eigenAt: 0,
    bestHistory: [],
  });
  let run: CmaEsRunState = newRun(lambda0, [...x0]);

  // Strategy parameters (Table 1 of the tutorial), derived from λ and n.
  const params = (lambda: number) => {
    const mu = Math.floor(lambda / 2);
    const raw = Array.from({ length: mu }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1));
    const sum = raw.reduce((a, b) => a + b, 0);
    const weights = raw.map((w) => w / sum);
    const muEff = 1 / weights.reduce((a, w) => a + w * w, 0);
    const cs = (muEff + 2) / (n + muEff + 5);
    const ds = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cs;
    const cc = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
    const c1 = 2 / ((n + 1.3) ** 2 + muEff);
    const cmu = Math.min(1 - c1, (2 * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + muEff));
    const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    return { mu, weights, muEff, cs, ds, cc, c1, cmu, chiN };
  };
  let p = params(run.lambda);

  const repair = (x: number[]): number[] => (bounds ? x.map((v, i) => mirror(v, bounds.lower[i] as number, bounds.upper[i] as number)) : [...x]);

  const updateEigen = (): void => {
    const sym = run.C.map((row, i) => row.map((v, j) => (i <= j ? v : ((run.C[j] as number[])[i] as number))));
    run.C = sym;
    const { values, vectors } = symmetricEigen(sym);
    run.D = values.map((v) => Math.sqrt(Math.max(v, 1e-300)));
    run.B = vectors;
    run.invSqrtC = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let k = 0; k < n; k++) s += (((vectors[i] as number[])[k] as number) * ((vectors[j] as number[])[k] as number)) / (run.D[k] as number);
        return s;
      }),
    );
    run.eigenAt = run.evaluations;
  };

  const restart = (reason: CmaEsStopReason): void => {
    lastRestartReason = reason;
    if (restarts >= maxRestarts) {
      stopped = reason;
      return;
    }
    restarts++;
    const lambda = Math.max(run.lambda + 1, Math.round(run.lambda * growth));
    const mean = region ? region.lower.map((lo, i) => rng.uniform(lo, region.upper[i] as number)) : [...x0];
    run = newRun(lambda, mean);
    p = params(lambda);
  };

  const localStop = (sortedValues: number[]): CmaEsStopReason | undefined => {
    const g = run.generation;
    const historyLength = 10 + Math.ceil((30 * n) / run.lambda);
    if (g >= historyLength) {
      const recent = run.bestHistory.slice(-historyLength);
      const all = [...recent, ...sortedValues.filter((v) => Number.isFinite(v))];
      if (all.length > 0 && Math.max(...all) - Math.min(...all) < tolFun) return 'tolFun';
    }
    let tolxHit = true;
    for (let i = 0; i < n; i++) {
      const spread = run.sigma * Math.max(Math.sqrt((run.C[i] as number[])[i] as number), Math.abs(run.pc[i] as number));
      if (!(spread < tolX * run.sigma0)) {
        tolxHit = false;
        break;
      }
    }
    if (tolxHit) return 'tolX';
    const axis = g % n;
    let axisEffect = false;
    for (let i = 0; i < n; i++) {
      const m = run.mean[i] as number;
      if (m + 0.1 * run.sigma * (run.D[axis] as number) * ((run.B[i] as number[])[axis] as number) !== m) {
        axisEffect = true;
        break;
      }
    }
    if (!axisEffect) return 'noEffectAxis';
    for (let i = 0; i < n; i++) {
      const m = run.mean[i] as number;
      if (m + 0.2 * run.sigma * Math.sqrt((run.C[i] as number[])[i] as number) === m) return 'noEffectCoord';
    }
    const dMax = Math.max(...run.D);
    const dMin = Math.min(...run.D);
    if ((dMax / dMin) ** 2 > 1e14) return 'conditionCov';
    if (g > 100 + (50 * (n + 3) ** 2) / Math.sqrt(run.lambda)) return 'maxIterations';
    return undefined;
  };

  const optimizer: CmaEsOptimizer = {
    dimension: n,

    ask() {
      if (stopped)
        throw new EpigenomeError({
          code: 'CONFLICT',
          field: 'ask',
          value: stopped,
          allowed: 'an optimizer that has not stopped',
          message: `the CMA-ES has stopped (${stopped}); read status().best`,
        });
      const out: number[][] = [];
      for (let k = 0; k < run.lambda; k++) {
        // eq. (38)–(40): z ~ N(0, I), y = B D z ~ N(0, C), x = m + σ y ~ N(m, σ²C)
        const z = gaussians(rng, n);
        const x = Array.from({ length: n }, (_, i) => {
          let y = 0;
          const bi = run.B[i] as number[];
          for (let j = 0; j < n; j++) y += (bi[j] as number) * (run.D[j] as number) * (z[j] as number);
          return (run.mean[i] as number) + run.sigma * y;
        });
        const point = repair(x);
        pending.push({ point, x });
        out.push(point);
      }
      return out;
    },

    tell(points, values) {
      if (stopped)
        throw new EpigenomeError({ code: 'CONFLICT', field: 'tell', value: stopped, allowed: 'an optimizer that has not stopped', message: `the CMA-ES has stopped (${stopped})` });
      if (!Array.isArray(points) || !Array.isArray(values) || points.length !== values.length) {
        throw invalidArgument('values', values, `an array with one number per point (${Array.isArray(points) ? points.length : 'points must be an array'})`);
      }
      if (points.length !== run.lambda) throw invalidArgument('points', `${points.length} points`, `exactly λ = ${run.lambda} points asked in the current generation`);
      const used = new Set<Pending>();
      const genotypes = points.map((pt, k) => {
        const hit =
          pending.find((c) => !used.has(c) && c.point === pt) ?? pending.find((c) => !used.has(c) && c.point.length === pt.length && c.point.every((v, i) => v === pt[i]));
        if (!hit) throw invalidArgument(`points[${k}]`, pt, 'a point returned by ask() in the current generation');
        used.add(hit);
        return hit;
      });
      const signed = values.map((v) => {
        if (typeof v !== 'number') throw invalidArgument('values', v, 'numbers (NaN counts as worst)');
        const s = mode === 'min' ? v : -v;
        return Number.isNaN(s) ? Number.POSITIVE_INFINITY : s;
      });
      evaluations += points.length;
      run.evaluations += points.length;
      const order = signed.map((_, i) => i).sort((a, b) => (signed[a] as number) - (signed[b] as number));
      const sortedValues = order.map((i) => signed[i] as number);
      const bestIdx = order[0] as number;
      const bestSigned = signed[bestIdx] as number;
      if (best === undefined || bestSigned < (mode === 'min' ? best.value : -best.value)) {
        best = { x: [...(genotypes[bestIdx] as Pending).point], value: mode === 'min' ? bestSigned : -bestSigned };
      }
      pending = [];

      const { mu, weights, muEff, cs, ds, cc, c1, cmu, chiN } = p;
      const oldMean = run.mean;
      // y_{i:λ} = (x_{i:λ} − m) / σ, for the μ best
      const ys = order.slice(0, mu).map((i) => (genotypes[i] as Pending).x.map((v, d) => (v - (oldMean[d] as number)) / run.sigma));
      // eq. (41): ⟨y⟩_w = Σ w_i y_{i:λ}
      const yw = Array.from({ length: n }, (_, d) => ys.reduce((s, y, i) => s + (weights[i] as number) * (y[d] as number), 0));
      // eq. (42): m ← m + c_m σ ⟨y⟩_w, c_m = 1
      run.mean = oldMean.map((m, d) => m + run.sigma * (yw[d] as number));
      // eq. (43): p_σ ← (1 − c_σ) p_σ + √(c_σ(2 − c_σ) μ_eff) C^{-1/2} ⟨y⟩_w
      const csFactor = Math.sqrt(cs * (2 - cs) * muEff);
      run.ps = run.ps.map((v, i) => {
        let s = 0;
        const row = run.invSqrtC[i] as number[];
        for (let j = 0; j < n; j++) s += (row[j] as number) * (yw[j] as number);
        return (1 - cs) * v + csFactor * s;
      });
      const psNorm = Math.sqrt(run.ps.reduce((s, v) => s + v * v, 0));
      // h_σ (tutorial, below eq. (45)): stall the p_c update while ‖p_σ‖ is large
      const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * (run.generation + 1))) < (1.4 + 2 / (n + 1)) * chiN ? 1 : 0;
      // eq. (45): p_c ← (1 − c_c) p_c + h_σ √(c_c(2 − c_c) μ_eff) ⟨y⟩_w
      const ccFactor = hsig * Math.sqrt(cc * (2 - cc) * muEff);
      run.pc = run.pc.map((v, i) => (1 - cc) * v + ccFactor * (yw[i] as number));
      // eq. (47) with positive weights only (Σ w = 1): rank-one (c₁ p_c p_cᵀ) + rank-μ (c_μ Σ w_i y_i y_iᵀ);
      // δ(h_σ) = (1 − h_σ) c_c (2 − c_c) compensates the stalled p_c
      const delta = (1 - hsig) * cc * (2 - cc);
      const keep = 1 + c1 * delta - c1 - cmu;
      for (let i = 0; i < n; i++) {
        const row = run.C[i] as number[];
        for (let j = 0; j <= i; j++) {
          let rankMu = 0;
          for (let k = 0; k < mu; k++) rankMu += (weights[k] as number) * ((ys[k] as number[])[i] as number) * ((ys[k] as number[])[j] as number);
          const v = keep * (row[j] as number) + c1 * (run.pc[i] as number) * (run.pc[j] as number) + cmu * rankMu;
          row[j] = v;
          (run.C[j] as number[])[i] = v;
        }
      }
      // eq. (44): σ ← σ exp((c_σ/d_σ)(‖p_σ‖/E‖N(0, I)‖ − 1)), the exponent capped at 1 for safety
      run.sigma *= Math.exp(Math.min(1, (cs / ds) * (psNorm / chiN - 1)));
      // flat fitness (tutorial, Appendix B.3): escape a plateau by enlarging σ
      const kth = sortedValues[Math.min(sortedValues.length - 1, Math.ceil(0.1 + run.lambda / 4))] as number;
      if (bestSigned === kth && Number.isFinite(bestSigned)) run.sigma *= Math.exp(0.2 + cs / ds);
      if (bounds) {
        // f∘mirror has period 2(hi − lo): move the mean by whole periods back next to the box
        run.mean = run.mean.map((m, i) => {
          const lo = bounds.lower[i] as number;
          const w = (bounds.upper[i] as number) - lo;
          if (w === 0) return lo;
          return m - 2 * w * Math.floor((m - lo + w / 2) / (2 * w));
        });
      }
      run.generation++;
      // lazy eigendecomposition (tutorial, B.2): every λ/((c₁ + c_μ) n 10) evaluations
      if (run.evaluations - run.eigenAt > run.lambda / ((c1 + cmu) * n * 10)) updateEigen();
      run.bestHistory.push(bestSigned);
      if (run.bestHistory.length > 200) run.bestHistory.shift();

      if (target !== undefined && best !== undefined && (mode === 'min' ? best.value <= target : best.value >= target)) {
        stopped = 'target';
        return;
      }
      if (evaluations >= maxEvaluations) {
        stopped = 'maxEvaluations';
        return;
      }
      if (!Number.isFinite(run.sigma) || run.D.some((d) => !Number.isFinite(d))) {
        restart('conditionCov');
        return;
      }
      const reason = localStop(sortedValues);
      if (reason) restart(reason);
    },

    status() {
      return {
        generation: run.generation,
        evaluations,
        restarts,
        populationSize: run.lambda,
        sigma: run.sigma,
        mean: [...run.mean],
        best: best ? { x: [...best.x], value: best.value } : undefined,
        lastRestartReason,
        stopped,
      };
    },

    snapshot() {
      return toFiniteJson({ version: 1, run, evaluations, restarts, best, lastRestartReason, stopped, rng: rng.getState(), pending }) as CmaEsOptimizerState;
    },

    restore(state) {
      if (typeof state !== 'object' || state === null || state.version !== 1) throw invalidArgument('state.version', (state as { version?: unknown } | null)?.version, '1');
      const s = fromFiniteJson<CmaEsOptimizerState>(state);
      if (s.run.mean.length !== n) throw invalidArgument('state.run.mean', s.run.mean, `a mean of dimension ${n}; got ${describeValue(s.run.mean.length)}`);
      run = s.run;
      p = params(run.lambda);
      evaluations = s.evaluations;
      restarts = s.restarts;
      best = s.best;
      lastRestartReason = s.lastRestartReason;
      stopped = s.stopped;
      rng = createRng(s.rng);
      pending = Array.isArray(s.pending) ? s.pending : [];
    },
  };
  return optimizer;
}

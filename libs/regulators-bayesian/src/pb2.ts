import {
  checkInteger,
  checkNumber,
  checkEvery,
  checkOptions,
  checkParams,
  checkString,
  decodeValue,
  encodeValue,
  fromFiniteJson,
  invalidArgument,
  isNumericSpec,
  toFiniteJson,
  type SearchSpace,
  type ChoiceValue,
  type Config,
  type NumericSpec,
  type Regulator,
  type RegulatorContext,
  type Rng,
} from '@epigenome/core';
import { fitGp, type GpHyper, type GpModel } from './internal/gp-core';
import { timeVaryingKernel } from './internal/kernels';
import { minimizeBox } from './internal/lbfgs';

/** Options of {@link createPb2}. */
export interface Pb2Options {
  /**
   * Numeric (float or int) hyperparameters PB2 exploits and explores, a name or an array of names;
   * their space bounds are the bandit's bounds. An exploit copies the donor's weights and these
   * values only. Default: every numeric hyperparameter of the space.
   */
  readonly params?: string | readonly string[];
  /** Regulator name. Default `pb2`. */
  readonly name?: string;
  /** Ready interval `{ steps: n }`: steps between two perturbations of one trial (Ray's `perturbation_interval`). Default `{ steps: 100 }`. */
  readonly every?: { readonly steps: number };
  /**
   * Decides competing values at its level: when another regulator of the level may also write one
   * of its hyperparameters by the same hook, the higher priority's value wins (equal ones are
   * refused when the regulome is built). Default 0.
   */
  readonly priority?: number;
  /** Steps before a trial's first perturbation. Default 0. */
  readonly burnIn?: number;
  /** Fraction of the population in the bottom (exploiting) and top (donor) groups, in (0, 0.5]. Default 0.25. */
  readonly quantile?: number;
  /** Most recent data points the GP sees (Ray keeps ≥ 200 of its last 1000). Default 200. */
  readonly dataWindow?: number;
  /** Fixed UCB κ instead of √β_t with β_t = 0.2 + max(0, log(0.4 N)) (Ray's c1, c2). */
  readonly kappa?: number;
  /** Random starts of the acquisition optimiser (Ray: 10). Default 10. */
  readonly acquisitionStarts?: number;
}

/** One PB2 data point: reward change per step of one trial segment (PB2, Parker-Holder et al. 2020, §4). */
export interface Pb2Point {
  /** The trial the segment belongs to. */
  readonly trialId: string;
  /** Step at the end of the segment. */
  readonly time: number;
  /** Reward (fitness) at the start of the segment. */
  readonly rewardBefore: number;
  /** (reward after − reward before) ÷ steps. */
  readonly change: number;
  /** Hyperparameters during the segment, on the unit axes of their specs. */
  readonly u: readonly number[];
}

/** State kept by {@link createPb2}'s `snapshot`. */
export interface Pb2State {
  readonly version: 1;
  /** Collected data points (at most 5 × dataWindow). */
  readonly data: readonly Pb2Point[];
  /** Per trial: the latest (step, fitness, hyperparameters) a segment starts from. */
  readonly last: Readonly<Record<string, { time: number; reward: number; u: number[] }>>;
  /** Per trial: the step of its latest ready point. */
  readonly lastReady: Readonly<Record<string, number>>;
  /** Explores so far (names the random sub-stream of the next). */
  readonly explores: number;
  /** Last fitted GP hyperparameters (kernel θ in log space, noise variance, mean; standardised units), the next fit's warm start. */
  readonly hyper: { readonly theta: readonly number[]; readonly noise: number; readonly mean: number } | undefined;
}

/** What the PB2 regulator exposes beyond the contract (diagnostics). */
export interface Pb2Regulator extends Regulator {
  /** Data points collected so far. */
  readonly data: readonly Pb2Point[];
}

/** Every option name of {@link Pb2Options}: any other key is refused. */
const PB2_OPTION_KEYS = ['params', 'name', 'every', 'priority', 'burnIn', 'quantile', 'dataWindow', 'kappa', 'acquisitionStarts'];

const C1 = 0.2;
const C2 = 0.4;

/**
 * PB2, population-based bandits (Parker-Holder et al. 2020, "Provably Efficient Online
 * Hyperparameter Optimization with Population-Based Bandits"), as a population-level regulator.
 *
 * Data: every evaluation of a trial whose configuration is unchanged since its previous one adds
 * (time, reward before, hyperparameters) → reward change per step. When a trial is *ready* (every
 * `every.steps` steps after `burnIn`) and ranks in the bottom `quantile` of the running trials with a
 * fitness, it exploits a random top-`quantile` trial that has a checkpoint (never one without;
 * without such a donor it carries on) and explores: a GP with the time-varying kernel
 * k = σ² exp(−‖x − x'‖²/ℓ)(1 − ε)^{|t − t'|/2}, ε ∈ [0.1, 0.5] (eq. 3; Ray Tune's `TV_SquaredExp`),
 * is fitted on the last `dataWindow` points (time and reward normalised by their range,
 * hyperparameters on their unit axes, log axes for log specs) and UCB μ + κσ, κ = √β_t,
 * β_t = 0.2 + max(0, log(0.4 N)) (Ray's constants), is maximised over the hyperparameters at the
 * donor's (time, reward) from 10 random starts with L-BFGS. σ comes from the GP conditioned in
 * addition on the running trials' configurations (zero-valued fantasies, Desautels et al. 2014), so
 * a batch of explores is diverse. New values are decoded through the space, so bounds always hold
 * (ints rounded). With fewer than 2 data points the explore draws uniformly in the bounds.
 *
 * Differences from Ray Tune: σ rather than the variance in UCB (the paper's form); a fixed data
 * window rather than Ray's likelihood-based window selection; at least one trial exploits whenever
 * two or more have a fitness (Ray's rounding leaves populations of 2 without exploitation at 0.25).
 *
 * @example
 * createPb2({ params: ['lr', 'momentum'], every: { steps: 200 } })
 */
export function createPb2(options: Pb2Options = {}): Pb2Regulator {
  options = checkOptions<Pb2Options>('options', options, PB2_OPTION_KEYS);
  const given = checkParams('options.params', options.params);
  const priority = checkNumber('options.priority', options.priority, 0);
  const name = checkString('options.name', options.name, 'pb2');
  const interval = checkEvery('options.every', options.every, { steps: { min: 0, minOpen: true } }, { steps: 100 }).length;
  const burnIn = checkNumber('options.burnIn', options.burnIn, 0, { min: 0 });
  const quantile = checkNumber('options.quantile', options.quantile, 0.25, { min: 0, minOpen: true, max: 0.5 });
  const dataWindow = checkInteger('options.dataWindow', options.dataWindow, 200, 2);
  if (options.kappa !== undefined) checkNumber('options.kappa', options.kappa, 0, { min: 0 });
  const starts = checkInteger('options.acquisitionStarts', options.acquisitionStarts, 10, 1);
  // the list as the regulome resolves it: given, else every numeric hyperparameter of the space
  const controlsOf = (space: SearchSpace): string[] => (given ? [...given] : Object.keys(space).filter((k) => isNumericSpec(space[k] as SearchSpace[string])));
  let controls: string[] = given ? [...given] : [];

  let data: Pb2Point[] = [];
  let last = new Map<string, { time: number; reward: number; u: number[] }>();
  let lastReady = new Map<string, number>();
  let explores = 0;
  let hyper: GpHyper | undefined;
  let specs: NumericSpec[] | undefined;

  const specsOf = (ctx: RegulatorContext): NumericSpec[] => {
    if (specs) return specs;
    controls = controlsOf(ctx.space);
    specs = controls.map((k) => {
      const spec = ctx.space[k];
      if (!spec) throw invalidArgument('options.controls', k, `hyperparameters of the space (${Object.keys(ctx.space).join(', ')})`, { code: 'UNKNOWN_PARAMETER' });
      if (spec.kind === 'choice') throw invalidArgument('options.controls', k, 'numeric (float or int) hyperparameters: PB2 explores numbers; choices stay as the donor has them');
      return spec;
    });
    return specs;
  };
  const encode = (ctx: RegulatorContext, c: Readonly<Config>) => specsOf(ctx).map((s, i) => encodeValue(s, c[controls[i] as string] as ChoiceValue));
  const same = (a: readonly number[], b: readonly number[]) => a.every((v, i) => Math.abs(v - (b[i] as number)) < 1e-12);

  const explore = (ctx: RegulatorContext, fixedRaw: [number, number], current: number[][], rng: Rng): number[] => {
    const h = controls.length;
    const rows = data.slice(-dataWindow);
    if (rows.length < 2) return Array.from({ length: h }, () => rng.next());
    const tMin = Math.min(...rows.map((r) => r.time));
    const tMax = Math.max(...rows.map((r) => r.time));
    const rMin = Math.min(...rows.map((r) => r.rewardBefore));
    const rMax = Math.max(...rows.map((r) => r.rewardBefore));
    const norm = (v: number, lo: number, hi: number) => (hi > lo ? (v - lo) / (hi - lo) : 0);
    const dim = 2 + h;
    const x = new Float64Array(rows.length * dim);
    rows.forEach((r, i) => {
      x[i * dim] = norm(r.time, tMin, tMax);
      x[i * dim + 1] = norm(r.rewardBefore, rMin, rMax);
      r.u.forEach((v, d) => (x[i * dim + 2 + d] = v));
    });
    const fixed = [norm(fixedRaw[0], tMin, tMax), norm(fixedRaw[1], rMin, rMax)];
    const m: GpModel = fitGp(
      timeVaryingKernel(dim),
      x,
      rows.map((r) => r.change),
      {
        restarts: hyper ? 0 : 1,
        maxIterations: 40,
        maxFitPoints: Math.min(dataWindow, 100),
        noiseBounds: [1e-6, 2],
        noisePrior: undefined,
        meanPrior: { mu: 0, sd: 1 },
        warm: hyper,
        rng: rng.split('fit'),
      },
    );
    hyper = m.hyper;
    let m1 = m;
    for (const c of current) m1 = m1.withPoint([...fixed, ...c], m.yMean);
    const kappa = options.kappa ?? Math.sqrt(C1 + Math.max(0, Math.log(C2 * rows.length)));
    const objective = (u: Float64Array, grad: Float64Array): number => {
      const p = [...fixed, ...u];
      const a = m.predictStdGrad(p);
      const b = m1 === m ? a : m1.predictStdGrad(p);
      const sd = Math.sqrt(b.variance);
      for (let d = 0; d < h; d++) grad[d] = -((a.dMean[2 + d] as number) + (kappa * (b.dVariance[2 + d] as number)) / (2 * sd));
      return -(a.mean + kappa * sd);
    };
    let best: number[] = Array.from({ length: h }, () => rng.next());
    let bestF = Number.POSITIVE_INFINITY;
    const zeros = new Array<number>(h).fill(0);
    const ones = new Array<number>(h).fill(1);
    for (let s = 0; s < starts; s++) {
      const x0 = Array.from({ length: h }, () => rng.next());
      const r = minimizeBox(objective, x0, zeros, ones, { maxIterations: 200 });
      if (r.f < bestF) {
        bestF = r.f;
        best = Array.from(r.x);
      }
    }
    return best.map((v) => Math.min(1, Math.max(0, v)));
  };

  return {
    specificationVersion: 'v1',
    name,
    level: 'population',
    controls: given ? [...given] : controlsOf,
    priority,
    // it explores numbers; choices stay as the donor has them
    kinds: ['float', 'int', 'width'],
    get data() {
      return data;
    },
    setup(ctx) {
      specsOf(ctx);
    },
    regulate(signal, ctx) {
      const t = ctx.trial;
      if (!t || t.fitness === undefined || signal.kind !== 'eval') return undefined;
      const reward = t.fitness;
      const u = encode(ctx, t.base);
      const prev = last.get(t.id);
      if (prev && signal.step > prev.time && same(prev.u, u) && Number.isFinite(reward) && Number.isFinite(prev.reward)) {
        // PB2 data: reward change per step under fixed hyperparameters (Ray's `_explore`: y = ΔR / Δt)
        data.push({ trialId: t.id, time: signal.step, rewardBefore: prev.reward, change: (reward - prev.reward) / (signal.step - prev.time), u });
        if (data.length > 5 * dataWindow) data = data.slice(-dataWindow);
      }
      last.set(t.id, { time: signal.step, reward, u });
      if (signal.step < burnIn) return undefined;
      const readySince = lastReady.get(t.id) ?? 0;
      if (signal.step - readySince < interval) return undefined;
      lastReady.set(t.id, signal.step);

      const ranked = ctx.population.filter((p) => p.status === 'running' && p.fitness !== undefined).sort((a, b) => (b.fitness as number) - (a.fitness as number));
      if (ranked.length < 2) return undefined;
      const k = Math.min(Math.floor(ranked.length / 2), Math.max(1, Math.round(ranked.length * quantile)));
      const bottom = ranked.slice(ranked.length - k);
      if (!bottom.some((p) => p.id === t.id)) return undefined;
      const donors = ranked.slice(0, k).filter((p) => p.hasCheckpoint && p.id !== t.id);
      if (donors.length === 0) return undefined;
      const donor = ctx.rng.pick(donors);
      const donorLast = last.get(donor.id);
      const donorPoint = [...data].reverse().find((r) => r.trialId === donor.id);
      const fixed: [number, number] = donorPoint ? [donorPoint.time, donorPoint.rewardBefore] : [donorLast?.time ?? donor.step, donor.fitness as number];
      const current = ctx.population.filter((p) => p.status === 'running' && p.id !== t.id).map((p) => encode(ctx, p.base));
      const rng = ctx.rng.split(`explore:${explores++}`);
      const newU = explore(ctx, fixed, current, rng);
      const set: Config = {};
      specsOf(ctx).forEach((s, i) => (set[controls[i] as string] = decodeValue(s, newU[i] as number)));
      last.set(t.id, { time: signal.step, reward: donor.fitness as number, u: encode(ctx, { ...t.base, ...set }) });
      return {
        exploit: { from: donor.id },
        set,
        reason: `pb2: bottom ${k} of ${ranked.length}, exploit ${donor.id}, explore by time-varying GP-UCB`,
      };
    },
    // a trial whose fitness is −∞ (failed) keeps it through JSON
    snapshot: (): Pb2State =>
      toFiniteJson({
        version: 1,
        data: data.map((d) => ({ ...d, u: [...d.u] })),
        last: Object.fromEntries([...last].map(([k, v]) => [k, { ...v, u: [...v.u] }])),
        lastReady: Object.fromEntries(lastReady),
        explores,
        hyper,
      }) as Pb2State,
    restore(state) {
      const s = fromFiniteJson<Pb2State | undefined>(state);
      if (typeof s !== 'object' || s === null || s.version !== 1) throw invalidArgument(`${name}.state.version`, (s as { version?: unknown } | null)?.version, '1');
      data = s.data.map((d) => ({ ...d, u: [...d.u] }));
      last = new Map(Object.entries(s.last).map(([k, v]) => [k, { ...v, u: [...v.u] }]));
      lastReady = new Map(Object.entries(s.lastReady));
      explores = s.explores;
      hyper = s.hyper;
    },
  };
}

import {
  checkOptions,
  checkInteger,
  checkNumber,
  checkOneOf,
  checkString,
  clampValue,
  describeSpec,
  describeValue,
  invalidArgument,
  perturbConfig,
  type Adjustment,
  type ChoiceValue,
  type Config,
  type ParamSpec,
  type Regulator,
  type RegulatorContext,
  type Rng,
  type SearchSpace,
  type Signal,
  type TrialView,
} from '@epigenome/core';
import { fromJsonState, toJsonState } from './internal/json-state';
import { resolveControls } from './internal/controls';
import { comparable, signalFitness } from './internal/fitness';
import { parseInterval, progressOf } from './internal/progress';
import type { ProgressInterval } from './progress-interval';

/** What a custom explore function receives. */
export interface PbtExploreContext {
  /** The configuration to explore from: the donor's base after an exploit, else the trial's own. */
  readonly config: Readonly<Config>;
  /** The experiment's search space. */
  readonly space: SearchSpace;
  /** The hyperparameters PBT controls (only these are taken from the result). */
  readonly params: readonly string[];
  /** PBT's own seeded stream. */
  readonly rng: Rng;
  /** The trial being explored. */
  readonly trial: TrialView;
  /** The donor it exploited, if any. */
  readonly donor: TrialView | undefined;
}

/** A custom explore: new values for (some of) the controlled hyperparameters. Values are clamped into the space. */
export type PbtExplore = (ctx: PbtExploreContext) => Partial<Config>;

/** Options of {@link createPbt}. */
export interface PbtOptions {
  /** Regulator name (events, snapshots, seed stream). Default `'pbt'`. */
  readonly name?: string;
  /**
   * Hyperparameters PBT exploits and explores (a name or an array of names): an exploit copies the
   * donor's weights and these values only; the others keep the trial's own. Default: every
   * hyperparameter of `space`, else of the experiment's space.
   */
  readonly params?: string | readonly string[];
  /** The experiment's search space, to control all of it (and check `params`). Optional: the regulome knows it. */
  readonly space?: SearchSpace;
  /** Ready interval: a trial is ready every `{ steps }`, `{ epochs }` or `{ seconds }`. Default `{ steps: 1000 }`. */
  readonly every?: ProgressInterval;
  /**
   * Decides competing values at its level: when another regulator of the level may also write one
   * of its hyperparameters by the same hook, the higher priority's value wins (equal ones are
   * refused when the regulome is built). Default 0.
   */
  readonly priority?: number;
  /** No trial is ready before this much progress, in the unit of `every`. Default 0. */
  readonly burnIn?: number;
  /**
   * `'async'` (default): a trial decides alone when it is ready, against everyone's latest fitness.
   * `'sync'`: a generation barrier; when every running trial has reached ready point g, all are
   * ranked by their fitness *at* g and the bottom ones exploit (each at its next evaluation). Trials
   * that are behind keep training; those ahead do not wait (the contract cannot pause a trial).
   */
  readonly mode?: 'async' | 'sync';
  /** Truncation fraction in (0, 0.5]: bottom q exploit the top q. Default 0.25. */
  readonly quantile?: number;
  /** Expected population size (≥ 2); in sync mode no barrier completes before this many trials exist. Default: the trials present. */
  readonly population?: number;
  /** Explore: probability of resampling a hyperparameter rather than nudging it. Default 0.25. */
  readonly resampleProbability?: number;
  /** Explore: multiplicative nudges, one drawn uniformly. Default [0.8, 1.2]. */
  readonly factors?: readonly number[];
  /** `true` (default): perturb through the core's `perturbConfig`; a function: custom explore; `false`: none. */
  readonly explore?: boolean | PbtExplore;
  /** Whether bottom trials copy a top trial (default true). With `false` they only explore their own config. */
  readonly exploit?: boolean;
  /**
   * Who explores at a ready point. `true` (default), the paper's variant (Jaderberg et al. 2017,
   * §3 and the toy of Fig. 2): every ready trial explores — the bottom `quantile` from the donor's
   * values after its exploit, every other trial from its own values (weights kept). `false`:
   * truncation only — the bottom `quantile` exploit and explore, the rest keep their values; then
   * only ⌈n·quantile⌉ trials search per ready point, so a larger population searches no faster
   * per trial than a smaller one. Ignored with `explore: false`.
   */
  readonly exploreAll?: boolean;
  /** Where notices go: a NaN fitness (once per trial until it recovers), no donor with a checkpoint (once). Default `console.warn`. */
  readonly log?: (message: string) => void;
}

/** One exploit/explore decision, for drawing the schedule and the family tree. */
export interface PbtDecision {
  /** The trial that was adjusted (the recipient). */
  readonly trialId: string;
  /** The trial's step when the adjustment was returned. */
  readonly step: number;
  /** Ready point (generation of the ready interval) the decision belongs to. */
  readonly readyPoint: number;
  /** Donor whose checkpoint and config were copied, if any. */
  readonly donor: string | undefined;
  /** Values set by the explore (after the exploit). */
  readonly set: Readonly<Config>;
  /** The adjustment's reason, as in the regulation events. */
  readonly reason: string;
}

/** The PBT regulator: a `Regulator` plus its decision history. */
export interface Pbt extends Regulator {
  /** Every exploit/explore decision so far, oldest first. */
  history(): readonly PbtDecision[];
}

interface Pending {
  readyPoint: number;
  donor: string | undefined;
  set: Config;
  reason: string;
}

interface TrialMemo {
  startMs: number | undefined;
  /** Highest ready point reached. */
  reached: number;
  /** Highest ready point decided (async) . */
  decided: number;
  /** Fitness when each not-yet-processed ready point was first reached (sync). */
  fitnessAt: Record<string, number>;
  pending: Pending | undefined;
  nanLogged: boolean;
}

interface PbtState {
  trials: Record<string, TrialMemo>;
  noDonorLogged?: boolean;
  nextBarrier: number;
  history: PbtDecision[];
}

const fmt = (v: ChoiceValue | number | undefined): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString()) : describeValue(v));

/** Every option name of {@link PbtOptions}: any other key is refused (a typo must not pass silently). */
const PBT_OPTION_KEYS = [
  'name',
  'params',
  'space',
  'every',
  'priority',
  'burnIn',
  'mode',
  'quantile',
  'population',
  'resampleProbability',
  'factors',
  'explore',
  'exploit',
  'exploreAll',
  'log',
];

/**
 * Population-based training (Jaderberg et al. 2017, "Population Based Training of Neural
 * Networks", arXiv:1711.09846), a `population`-level regulator.
 *
 * When a trial is ready (every `every`, after `burnIn`), trials are ranked by fitness (higher is
 * better; NaN is worst and logged). A trial in the bottom `quantile` *exploits* a random trial of
 * the top `quantile` that has a checkpoint — the adjustment's `exploit: { from }`, which copies
 * weights and config — then *explores*: each controlled value is resampled with probability 0.25,
 * else multiplied by 0.8 or 1.2, a choice moving to a neighbour (core `perturbConfig`), or a custom
 * function. With `exploreAll` (default) every other ready trial explores from its own values too,
 * keeping its weights, as in the paper's toy; with `exploreAll: false` only the bottom explores.
 * Values never leave the space; only running trials are ranked and a donor without a checkpoint
 * is never chosen (no donor: no exploit this round), so a stopped or finished trial neither
 * donates nor counts, and a lone survivor of a pruned population is left alone. Every adjustment's `reason` names ranks, fitness, donor and the changes,
 * so the regulome's events and the lineage (generation, parentId) draw the schedule and family tree.
 *
 * Throws `INVALID_ARGUMENT` for `quantile` outside (0, 0.5], `population` < 2, a bad interval.
 *
 * @example createPbt({ every: { steps: 200 }, quantile: 0.25 }) // explores every hyperparameter of the experiment's space
 */
export function createPbt(options: PbtOptions): Pbt {
  options = checkOptions<PbtOptions>('options', options, PBT_OPTION_KEYS);
  const name = checkString('options.name', options.name, 'pbt');
  const given = resolveControls(options.params, options.space);
  // without params or space: every hyperparameter of the experiment's space, as the regulome resolves it
  const controlsOf = (space: SearchSpace): readonly string[] => given ?? Object.keys(space);
  const every = parseInterval('options.every', options.every, { steps: 1000 });
  const priority = checkNumber('options.priority', options.priority, 0);
  const burnIn = checkNumber('options.burnIn', options.burnIn, 0, { min: 0 });
  const mode = checkOneOf('options.mode', options.mode, ['async', 'sync'] as const, 'async');
  if (options.quantile !== undefined && !(typeof options.quantile === 'number' && options.quantile > 0 && options.quantile <= 0.5)) {
    throw invalidArgument('options.quantile', options.quantile, 'a number in (0, 0.5] (the bottom and top fractions must not overlap)');
  }
  const quantile = options.quantile ?? 0.25;
  const population = options.population === undefined ? undefined : checkInteger('options.population', options.population, 2, 2);
  const resampleProbability = checkNumber('options.resampleProbability', options.resampleProbability, 0.25, { min: 0, max: 1 });
  const factors = options.factors ?? [0.8, 1.2];
  if (!Array.isArray(factors) || factors.length === 0 || !factors.every((f) => typeof f === 'number' && Number.isFinite(f) && f > 0)) {
    throw invalidArgument('options.factors', factors, 'a non-empty array of finite numbers > 0');
  }
  const explore = options.explore ?? true;
  if (typeof explore !== 'boolean' && typeof explore !== 'function') throw invalidArgument('options.explore', explore, 'true, false or a function');
  const exploit = options.exploit ?? true;
  if (options.exploreAll !== undefined && typeof options.exploreAll !== 'boolean') throw invalidArgument('options.exploreAll', options.exploreAll, 'true or false');
  const exploreAll = options.exploreAll ?? true;
  const log = options.log ?? ((m: string) => console.warn(m));
  // First ready point at or after the burn-in.
  const firstPoint = Math.max(1, Math.ceil(burnIn / every.length - 1e-9));
  const pointOf = (progress: number): number => (progress + 1e-9 < burnIn ? 0 : Math.floor(progress / every.length + 1e-9));

  let state: PbtState = { trials: {}, nextBarrier: firstPoint, history: [] };

  const memo = (id: string): TrialMemo => (state.trials[id] ??= { startMs: undefined, reached: 0, decided: 0, fitnessAt: {}, pending: undefined, nanLogged: false });

  const exploreFrom = (ctx: RegulatorContext, trial: TrialView, donor: TrialView | undefined, base: Readonly<Config>): Config => {
    if (explore === false) return {};
    const controls = controlsOf(ctx.space);
    let proposal: Partial<Config>;
    if (explore === true) {
      const next = perturbConfig(ctx.space, { ...base } as Config, ctx.rng, { resampleProbability, factors, params: controls });
      proposal = Object.fromEntries(controls.map((p) => [p, next[p] as ChoiceValue]));
    } else {
      proposal = explore({ config: base, space: ctx.space, params: controls, rng: ctx.rng, trial, donor });
      if (typeof proposal !== 'object' || proposal === null) throw invalidArgument(`${name}.explore()`, proposal, 'an object of hyperparameter → value');
    }
    const set: Config = {};
    for (const p of controlsOf(ctx.space)) {
      const v = proposal[p];
      if (v === undefined) continue;
      const spec = ctx.space[p] as ParamSpec;
      if (spec.kind === 'choice') {
        if (!spec.values.includes(v)) throw invalidArgument(`${name}.explore().${p}`, v, describeSpec(spec));
        set[p] = v;
      } else {
        if (typeof v !== 'number' || Number.isNaN(v)) throw invalidArgument(`${name}.explore().${p}`, v, describeSpec(spec));
        set[p] = clampValue(spec, v); // never out of bounds
      }
    }
    return set;
  };

  const describeChanges = (from: Readonly<Config>, set: Config): string => {
    const parts = Object.entries(set)
      .filter(([p, v]) => from[p] !== v)
      .map(([p, v]) => `${p} ${fmt(from[p])}→${fmt(v)}`);
    return parts.length > 0 ? parts.join(', ') : 'no change';
  };

  /**
   * Ranks `ranked` (trial, fitness) and returns a decision for `trial` if it is in the bottom
   * quantile (Jaderberg et al. 2017, §3 "truncation selection").
   */
  const decide = (ctx: RegulatorContext, trial: TrialView, scores: { view: TrialView; fitness: number }[], readyPoint: number): Pending | undefined => {
    if (!exploit && explore === false) return undefined;
    if (scores.length < 2) return undefined;
    const shuffled = ctx.rng.shuffle(scores); // ties are broken at random
    const sorted = shuffled.sort((a, b) => b.fitness - a.fitness);
    const n = sorted.length;
    let k = Math.ceil(n * quantile);
    if (k > n / 2) k = Math.floor(n / 2);
    const rank = sorted.findIndex((s) => s.view.id === trial.id);
    if (rank < 0) return undefined;
    const own = sorted[rank] as { view: TrialView; fitness: number };
    const pct = `${Math.round(quantile * 100)}%`;
    if (rank < n - k) {
      if (!exploreAll || explore === false) return undefined;
      const set = exploreFrom(ctx, trial, undefined, trial.base);
      return {
        readyPoint,
        donor: undefined,
        set,
        reason: `${name}: rank ${rank + 1}/${n} at ready point ${readyPoint} (fitness ${fmt(own.fitness)}); explore ${describeChanges(trial.base, set)}`,
      };
    }
    const head = `${name}: bottom ${pct} at ready point ${readyPoint} (rank ${rank + 1}/${n}, fitness ${fmt(own.fitness)})`;
    if (!exploit) {
      const set = exploreFrom(ctx, trial, undefined, trial.base);
      return { readyPoint, donor: undefined, set, reason: `${head}; explore ${describeChanges(trial.base, set)}` };
    }
    const donors = sorted.slice(0, k).filter((s) => s.view.id !== trial.id && s.view.hasCheckpoint && s.view.status === 'running');
    if (donors.length === 0) {
      if (!state.noDonorLogged) log(`${head}: no top-${pct} trial has a checkpoint yet; no exploit this round (logged once)`);
      state.noDonorLogged = true;
      return undefined;
    }
    const chosen = ctx.rng.pick(donors);
    const donorRank = sorted.indexOf(chosen) + 1;
    const set = exploreFrom(ctx, trial, chosen.view, chosen.view.base);
    const exploreText = explore === false ? '' : `; explore ${describeChanges(chosen.view.base, set)}`;
    return { readyPoint, donor: chosen.view.id, set, reason: `${head}: exploit ${chosen.view.id} (rank ${donorRank}/${n}, fitness ${fmt(chosen.fitness)})${exploreText}` };
  };

  const toAdjustment = (ctx: RegulatorContext, trial: TrialView, signal: Signal, d: Pending): Adjustment | undefined => {
    let donor = d.donor;
    let reason = d.reason;
    if (donor !== undefined) {
      const view = ctx.population.find((v) => v.id === donor);
      if (!view || !view.hasCheckpoint || donor === trial.id) {
        log(`${name}: trial ${trial.id}: donor ${donor} has no checkpoint any more; exploit dropped`);
        donor = undefined;
        if (Object.keys(d.set).length === 0) return undefined;
        reason = `${reason} (exploit dropped: donor has no checkpoint)`;
      }
    }
    const adj: Adjustment = { reason };
    if (donor !== undefined) adj.exploit = { from: donor };
    if (Object.keys(d.set).length > 0) adj.set = { ...d.set };
    if (!adj.exploit && !adj.set) return undefined;
    state.history.push({ trialId: trial.id, step: signal.step, readyPoint: d.readyPoint, donor, set: { ...d.set }, reason });
    return adj;
  };

  // the population is the trials still training: a stopped or finished trial is neither ranked nor a
  // donor (its checkpoint is not this round's, and a pruned population of one has no one to exploit)
  const currentScores = (ctx: RegulatorContext): { view: TrialView; fitness: number }[] =>
    ctx.population.filter((v) => v.status === 'running' && v.fitness !== undefined).map((v) => ({ view: v, fitness: comparable(v.fitness) }));

  const regulator: Pbt = {
    specificationVersion: 'v1',
    name,
    level: 'population',
    controls: given ?? controlsOf,
    priority,

    regulate(signal, ctx) {
      const trial = ctx.trial;
      if (!trial || signal.kind !== 'eval') return undefined;
      const m = memo(trial.id);
      const nowMs = ctx.now();
      m.startMs ??= nowMs;
      const f = signalFitness(signal, ctx.objective);
      if (f?.nan) {
        if (!m.nanLogged) log(`${name}: trial ${trial.id} reported NaN ${ctx.objective.metric} at step ${signal.step}; it ranks worst`);
        m.nanLogged = true;
      } else if (f) m.nanLogged = false;
      const point = pointOf(progressOf(signal, every.unit, nowMs, m.startMs));

      if (mode === 'async') {
        if (point < firstPoint || point <= m.decided) return undefined;
        m.decided = point;
        m.reached = point;
        if (f === undefined) return undefined;
        const d = decide(ctx, trial, currentScores(ctx), point);
        return d ? toAdjustment(ctx, trial, signal, d) : undefined;
      }

      // sync: remember the fitness at each newly reached ready point, then try the barrier
      if (point > m.reached && f !== undefined) {
        for (let g = Math.max(m.reached + 1, state.nextBarrier); g <= point; g++) m.fitnessAt[String(g)] = f.value;
        m.reached = point;
      }
      let mine: Pending | undefined;
      for (;;) {
        const g = state.nextBarrier;
        const views = ctx.population;
        if (population !== undefined && views.length < population) break;
        const running = views.filter((v) => v.status === 'running');
        if (running.length === 0 || !running.every((v) => (state.trials[v.id]?.reached ?? 0) >= g)) break;
        const scores = views
          .filter((v) => v.status !== 'failed' && state.trials[v.id]?.fitnessAt[String(g)] !== undefined)
          .map((v) => ({ view: v, fitness: comparable(state.trials[v.id]?.fitnessAt[String(g)]) }));
        for (const v of running) {
          const d = decide(ctx, v, scores, g);
          if (!d) continue;
          if (v.id === trial.id) mine = d;
          else memo(v.id).pending = d;
        }
        for (const memoOf of Object.values(state.trials)) delete memoOf.fitnessAt[String(g)];
        state.nextBarrier = g + 1;
      }
      const d = mine ?? m.pending;
      m.pending = undefined;
      return d ? toAdjustment(ctx, trial, signal, d) : undefined;
    },

    history: () => state.history.map((d) => ({ ...d, set: { ...d.set } })),

    snapshot: () => toJsonState(state),

    restore(snapshot) {
      state = fromJsonState<PbtState>(snapshot, name, 'createPbt()', (s) => typeof s.trials === 'object' && typeof s.nextBarrier === 'number' && Array.isArray(s.history));
    },
  };
  return regulator;
}

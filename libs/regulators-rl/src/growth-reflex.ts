import {
  checkEvery,
  checkInteger,
  checkNumber,
  checkOptions,
  checkParams,
  checkString,
  fromFiniteJson,
  invalidArgument,
  toFiniteJson,
  type Adjustment,
  type Config,
  type ParamSpec,
  type Regulator,
  type RegulatorContext,
  type SearchSpace,
  type Signal,
} from '@epigenome/core';

const GROWTH_OPTION_KEYS = [
  'name',
  'params',
  'every',
  'priority',
  'patience',
  'minDelta',
  'maxGap',
  'minOverfitGap',
  'overfitPatience',
  'overfitMinDelta',
  'growFactor',
  'shrinkFactor',
  'maxShrinks',
  'shrinkSteps',
  'dropoutStep',
  'cooldown',
] as const;

/** Options of {@link createGrowthReflex}. */
export interface GrowthReflexOptions {
  /** Regulator name. Default `growth`. */
  readonly name?: string;
  /**
   * Hyperparameters it changes: structural ones (`width` kind, or `int` unit counts) and, optionally,
   * `dropout`. Default: every `width`-kind hyperparameter of the space.
   */
  readonly params?: string | readonly string[];
  /** Decision cadence: `{ evals: n }`, look at the trial every n-th evaluation (statistics are kept at every one). Default `{ evals: 1 }`. */
  readonly every?: { readonly evals: number };
  /** Whose value wins when another `epoch`-level regulator also sets one of `params` (finite). Default 0. */
  readonly priority?: number;
  /** Evaluations without improvement that make a plateau (integer ≥ 1): of the training loss (underfitting), of the validation loss (overfitting). Default 2. */
  readonly patience?: number;
  /** Relative improvement of a loss's best value that counts as progress (≥ 0). Default 0.01 (1%). */
  readonly minDelta?: number;
  /** Underfitting needs a relative generalisation gap (val_loss ÷ training loss − 1) at most this (≥ 0). Default 0.1. */
  readonly maxGap?: number;
  /** Overfitting needs a relative generalisation gap at least this (≥ 0), and growing. Default 0.1. */
  readonly minOverfitGap?: number;
  /** Evaluations without a `val_loss` improvement that make the overfitting plateau (integer ≥ 1). Default `patience`. */
  readonly overfitPatience?: number;
  /** Relative improvement of the best `val_loss` that counts as progress (≥ 0). Default `minDelta`. */
  readonly overfitMinDelta?: number;
  /** Widths are multiplied by it on underfitting, rounded, at least +1, within the space (> 1). Default 2. */
  readonly growFactor?: number;
  /** Widths are multiplied by it on overfitting, rounded, at least −1, within the space (in (0, 1)). Default 0.5. */
  readonly shrinkFactor?: number;
  /**
   * Shrinks it makes per trial at most (integer ≥ 0): a pruning budget, so repeated overfitting
   * signatures do not prune a network down to its lower bound; once spent, overfitting only raises
   * `dropout` (when it can). Default unlimited.
   */
  readonly maxShrinks?: number;
  /**
   * Cuts a shrink is made in (integer ≥ 1): the overfitting signature sets the target (widths ×
   * `shrinkFactor`) and the widths move there in this many equal cuts, one per evaluation, the
   * network training between cuts (gradual pruning, Zhu & Gupta 2017, "To prune, or not to
   * prune", §3: a pruning schedule with training between steps recovers better than one cut). The
   * cooldown starts after the last cut. Default 1 (one cut).
   */
  readonly shrinkSteps?: number;
  /** Added to `dropout` on overfitting when `dropout` is in `params` and below its maximum (> 0). Default 0.1. */
  readonly dropoutStep?: number;
  /** Evaluations after a change during which it does not act again (integer ≥ 0). Default 2. */
  readonly cooldown?: number;
}

interface GrowthState {
  /** Evaluations seen. */
  evals: number;
  trainBest: number;
  trainWait: number;
  valBest: number;
  valWait: number;
  /** Relative gaps of the last `overfitPatience + 1` evaluations, oldest first. */
  gaps: number[];
  cooldown: number;
  /** Shrinks made (absent in snapshots taken before `maxShrinks` existed: 0). */
  shrinks?: number;
  /** A gradual shrink under way: widths at its start, its target, cuts made. */
  cuts?: { from: Record<string, number>; to: Record<string, number>; done: number };
}

const isStructural = (spec: ParamSpec | undefined): boolean => spec !== undefined && (spec.kind === 'width' || spec.kind === 'int');
/** Every `width`-kind hyperparameter of a space, in its order. */
export const widthParams = (space: SearchSpace): string[] => Object.keys(space).filter((p) => space[p]?.kind === 'width');
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * The growth reflex, an `epoch`-level regulator of a network's structure (width of hidden layers,
 * filters of convolutions: the `width` hyperparameters of `@epigenome/engine-tfjs`). At each
 * evaluation it reads the training loss (the regulome's `features.loss_ema`, an EMA of the step
 * signals' losses, else `metrics.loss`) and `val_loss`, and with g = val_loss ÷ training loss − 1 (the relative generalisation gap):
 *
 * - **underfitting** — the training loss has not improved by `minDelta` (relative) for `patience`
 *   evaluations and g ≤ `maxGap`: the network lacks capacity, so every width of `params` is
 *   multiplied by `growFactor` (the engine grows function-preservingly: fresh units or Net2WiderNet);
 * - **overfitting** — `val_loss` has not improved by `minDelta` for `patience` evaluations, g ≥
 *   `minOverfitGap` and g grew over those evaluations: `dropout` is raised by `dropoutStep` when it
 *   is in `params` and below its maximum, else every width is multiplied by `shrinkFactor` (the
 *   engine removes the least important units), at most `maxShrinks` times per trial.
 *
 * New widths are rounded, move by at least one unit and stay within the space's bounds (a width
 * at its bound is left alone; with nothing to change, nothing is done). After a change it waits
 * `cooldown` evaluations (which do not count towards a plateau) and counts both plateaus afresh. Values are absolute (`set`), so a
 * second `epoch`-level regulator setting the same hyperparameter needs another `priority`.
 *
 * @example createGrowthReflex({ patience: 2, growFactor: 2, params: ['width.0', 'dropout'] })
 */
export function createGrowthReflex(options: GrowthReflexOptions = {}): Regulator {
  const field = 'options';
  const o = checkOptions<GrowthReflexOptions>(field, options, GROWTH_OPTION_KEYS);
  const name = checkString(`${field}.name`, o.name, 'growth');
  const params = checkParams(`${field}.params`, o.params);
  const every = checkEvery(`${field}.every`, o.every, { evals: { min: 1, integer: true } }, { evals: 1 }).length;
  const priority = checkNumber(`${field}.priority`, o.priority, 0);
  const patience = checkInteger(`${field}.patience`, o.patience, 2, 1);
  const minDelta = checkNumber(`${field}.minDelta`, o.minDelta, 0.01, { min: 0 });
  const maxGap = checkNumber(`${field}.maxGap`, o.maxGap, 0.1, { min: 0 });
  const minOverfitGap = checkNumber(`${field}.minOverfitGap`, o.minOverfitGap, 0.1, { min: 0 });
  const overfitPatience = checkInteger(`${field}.overfitPatience`, o.overfitPatience, patience, 1);
  const overfitMinDelta = checkNumber(`${field}.overfitMinDelta`, o.overfitMinDelta, minDelta, { min: 0 });
  const growFactor = checkNumber(`${field}.growFactor`, o.growFactor, 2, { min: 1, minOpen: true });
  const shrinkFactor = checkNumber(`${field}.shrinkFactor`, o.shrinkFactor, 0.5, { min: 0, minOpen: true, max: 1, maxOpen: true });
  const maxShrinks = o.maxShrinks === undefined ? Infinity : checkInteger(`${field}.maxShrinks`, o.maxShrinks, 0, 0);
  const shrinkSteps = checkInteger(`${field}.shrinkSteps`, o.shrinkSteps, 1, 1);
  const dropoutStep = checkNumber(`${field}.dropoutStep`, o.dropoutStep, 0.1, { min: 0, minOpen: true });
  const cooldown = checkInteger(`${field}.cooldown`, o.cooldown, 2, 0);
  let trials: Record<string, GrowthState> = {};

  const controlsOf = (space: SearchSpace): string[] => {
    const list = params ?? widthParams(space);
    if (list.length === 0) throw invalidArgument(`${field}.params`, params, `names of width hyperparameters; the space has none (${Object.keys(space).join(', ')})`);
    for (const p of list) {
      const spec = space[p];
      if (spec === undefined || isStructural(spec) || (p === 'dropout' && spec.kind === 'float')) continue;
      throw invalidArgument(`${field}.params`, p, `width or int hyperparameters, or a float "dropout" ("${p}" is a ${spec.kind})`);
    }
    return list;
  };

  const resize = (ctx: RegulatorContext, config: Readonly<Config>, factor: number): Config => {
    const set: Config = {};
    for (const p of controlsOf(ctx.space)) {
      const spec = ctx.space[p];
      const cur = config[p];
      if (!isStructural(spec) || typeof cur !== 'number') continue;
      const { min, max } = spec as { min: number; max: number };
      const scaled = Math.round(cur * factor);
      const next = Math.min(max, Math.max(min, factor > 1 ? Math.max(cur + 1, scaled) : Math.min(cur - 1, scaled)));
      if (next !== cur) set[p] = next;
    }
    return set;
  };

  /** The next cut of a gradual shrink (cut i of k sets round(from + (to − from)·i/k)); empty once done. */
  const nextCut = (s: GrowthState, config: Readonly<Config>): Config => {
    const plan = s.cuts;
    const set: Config = {};
    while (plan && plan.done < shrinkSteps && Object.keys(set).length === 0) {
      plan.done += 1;
      for (const [p, from] of Object.entries(plan.from)) {
        const w = Math.round(from + (((plan.to[p] as number) - from) * plan.done) / shrinkSteps);
        if (w !== config[p]) set[p] = w;
      }
    }
    if (!plan || plan.done >= shrinkSteps) delete s.cuts;
    return set;
  };

  /** After a change: the cooldown starts once no cut is pending, and both plateaus count afresh from here. */
  const settle = (s: GrowthState, train: number, val: number, set: Config, reason: string): Adjustment => {
    s.cooldown = s.cuts ? 0 : cooldown;
    s.trainBest = train;
    s.valBest = val;
    s.trainWait = 0;
    s.valWait = 0;
    s.gaps = [];
    return { set, reason };
  };

  const describe = (config: Readonly<Config>, set: Config): string =>
    Object.entries(set)
      .map(([p, v]) => `${p} ${String(config[p])}→${String(v)}`)
      .join(', ');

  return {
    specificationVersion: 'v1',
    name,
    level: 'epoch',
    controls: controlsOf,
    // widths (and a unit count as an int), plus dropout; new values are absolute
    kinds: ['width', 'int', 'float'],
    adjusts: ['set'],
    priority,
    regulate(signal: Signal, ctx: RegulatorContext): Adjustment | undefined {
      const val = signal.metrics.val_loss;
      const train = signal.features.loss_ema ?? signal.metrics.loss;
      if (val === undefined || train === undefined || !Number.isFinite(val) || !Number.isFinite(train) || train <= 0) return undefined;
      const s = (trials[signal.trialId] ??= { evals: 0, trainBest: Infinity, trainWait: 0, valBest: Infinity, valWait: 0, gaps: [], cooldown: 0 });
      s.evals += 1;
      if (train < s.trainBest * (1 - minDelta)) {
        s.trainBest = train;
        s.trainWait = 0;
      } else s.trainWait += 1;
      if (val < s.valBest * (1 - overfitMinDelta)) {
        s.valBest = val;
        s.valWait = 0;
      } else s.valWait += 1;
      const gap = val / train - 1;
      s.gaps = [...s.gaps, gap].slice(-(overfitPatience + 1));
      if (s.cuts) {
        const { done } = s.cuts;
        const target = describe(s.cuts.from, s.cuts.to);
        const set = nextCut(s, signal.config);
        if (Object.keys(set).length > 0)
          return settle(s, train, val, set, `growth: gradual shrink, cut ${done + 1}/${shrinkSteps} towards ${target}; ${describe(signal.config, set)}`);
      }
      if (s.cooldown > 0) {
        // as Keras' ReduceLROnPlateau: evaluations in the cooldown do not count towards a plateau
        s.cooldown -= 1;
        s.trainWait = 0;
        s.valWait = 0;
        return undefined;
      }
      if (s.evals % every !== 0) return undefined;

      let set: Config = {};
      let why = '';
      if (s.trainWait >= patience && gap <= maxGap) {
        set = resize(ctx, signal.config, growFactor);
        why = `underfitting (training loss not improved by ${pct(minDelta)} for ${s.trainWait} evaluations, gap ${pct(gap)} ≤ ${pct(maxGap)})`;
      } else if (s.valWait >= overfitPatience && gap >= minOverfitGap && s.gaps.length > overfitPatience && gap > (s.gaps[0] as number)) {
        why = `overfitting (val_loss not improved by ${pct(overfitMinDelta)} for ${s.valWait} evaluations, gap ${pct(s.gaps[0] as number)}→${pct(gap)})`;
        const dropout = ctx.space.dropout;
        const rate = signal.config.dropout;
        if (controlsOf(ctx.space).includes('dropout') && dropout?.kind === 'float' && typeof rate === 'number' && rate < dropout.max)
          set = { dropout: Math.min(dropout.max, rate + dropoutStep) };
        else if ((s.shrinks ?? 0) < maxShrinks) {
          const to = resize(ctx, signal.config, shrinkFactor);
          if (Object.keys(to).length > 0) {
            s.shrinks = (s.shrinks ?? 0) + 1;
            const from = Object.fromEntries(Object.keys(to).map((p) => [p, signal.config[p] as number]));
            s.cuts = { from, to: to as Record<string, number>, done: 0 };
            set = nextCut(s, signal.config);
            if (shrinkSteps > 1) why += `, gradual shrink, cut 1/${shrinkSteps} towards ${describe(from, to)}`;
          }
        }
      }
      if (Object.keys(set).length === 0) return undefined;
      return settle(s, train, val, set, `growth: ${why}; ${describe(signal.config, set)}`);
    },
    conclude(result) {
      delete trials[result.trialId];
    },
    snapshot: () => toFiniteJson(trials),
    restore(state) {
      if (typeof state !== 'object' || state === null) throw invalidArgument(`${name}.restore(state)`, state, 'a snapshot() of this reflex');
      trials = fromFiniteJson<Record<string, GrowthState>>(state);
    },
  };
}

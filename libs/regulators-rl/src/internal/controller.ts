import { createRng, describeValue, invalidArgument, type Adjustment, type Level, type ParamSpec, type Regulator, type RegulatorContext, type Rng, type SearchSpace, type Signal, type TrialResult } from '@epigenome/core';
import { applyAction, checkActionSpace, checkActionsInSpace, DEFAULT_LR_ACTIONS, describeAction, feasibleActions, type ActionSpace } from '../actions';
import type { ControllerEvent, ControllerOptions, RewardInput } from '../controller-options';
import { signalState, signalStateNames } from '../signal-state';
import { checkTargetCos, targetAt, type TargetCos } from './target-cos';
import { checkName, checkNumber, checkOptions } from './validate';

/** One decision's outcome, as a learner learns from it. */
export interface Transition {
  readonly x: readonly number[];
  /** Hyperparameter → index of the chosen action. */
  readonly actions: Readonly<Record<string, number>>;
  /** Hyperparameter → which actions were feasible when choosing. */
  readonly masks: Readonly<Record<string, readonly boolean[]>>;
  readonly reward: number;
  /** The state after it; undefined when the episode (trial) ended. */
  readonly next: readonly number[] | undefined;
}

/** The learning part of a controller (a bandit, an actor-critic). */
export interface Learner {
  /** Index of the action to take on `param` in state `x`, among the feasible ones. */
  choose(x: readonly number[], param: string, mask: readonly boolean[], rng: Rng): number;
  learn(t: Transition): void;
  snapshot(): unknown;
  /** Replaces the learned state; throws naming `field` when it does not fit. */
  restore(state: unknown, field: string): void;
  /**
   * Sets the starting point of a fresh learner: per hyperparameter, per action, a weight vector
   * over the features whose dot product with the state is the expected reward (scaled as the
   * reward is). Throws naming `field` when the learner cannot take it.
   */
  setPrior(weights: Readonly<Record<string, readonly (readonly number[])[]>>, field: string): void;
}

/** Everything a controller needs, validated. */
export interface ResolvedControllerOptions {
  readonly name: string;
  readonly level: Level;
  readonly every: number | 'eval';
  readonly actions: ActionSpace;
  readonly params: readonly string[];
  readonly features: readonly string[];
  /** Index of each feature in the full `signalState` vector. */
  readonly featureIndex: readonly number[];
  readonly rewardMetric: 'auto' | 'val_loss' | 'loss' | 'hypergradient';
  /** `rewardMetric: 'hypergradient'`: the cosine target at budget_used 0 and 1. */
  readonly targetCos: TargetCos;
  readonly rewardScale: number;
  readonly rewardHorizon: number;
  readonly reward: ((input: RewardInput) => number) | undefined;
  readonly divergencePenalty: number;
  readonly explosionFactor: number | undefined;
  readonly rollbackFactor: number;
  readonly ceilingFactor: number;
  readonly rollbackParams: readonly string[];
  readonly seed: ControllerOptions['seed'];
  readonly state: ControllerOptions['state'];
  readonly onEvent: ((event: ControllerEvent) => void) | undefined;
  readonly prior: 'none' | 'hypergradient';
}

/** Default cosine target of `rewardMetric: 'hypergradient'`: push early, anneal as the budget runs out. */
export const DEFAULT_TARGET_COS = { start: -0.3, end: 0.1 } as const;

function checkPrior(field: string, prior: unknown, rewardMetric: string, features: readonly string[]): 'none' | 'hypergradient' {
  if (prior === undefined || prior === 'none') return 'none';
  if (prior !== 'hypergradient') throw invalidArgument(`${field}.prior`, prior, '"none" or "hypergradient"');
  if (rewardMetric !== 'hypergradient') throw invalidArgument(`${field}.prior`, prior, '"none" unless rewardMetric is "hypergradient" (the prior models that reward)');
  if (!features.includes('bias') || !(features.includes('slice_cos') || features.includes('grad_cos'))) {
    throw invalidArgument(`${field}.features`, features, 'features that include "bias" and "slice_cos" or "grad_cos" with prior "hypergradient"');
  }
  return 'hypergradient';
}

/**
 * The first-order model of the hypergradient reward as per-action weights over the state: the
 * reward of factor a is log₂(a) × (cos − target(budget_used)) ÷ rewardScale, the next interval's
 * cos predicted by this one's (the `slice_cos` feature, else `grad_cos`; tanh(4c) ≈ 4c), the
 * target linear in `budget_used`. Only the rate hyperparameters (`rollback.params`) get one.
 */
export function hypergradientPrior(o: ResolvedControllerOptions): Record<string, number[][]> {
  const cosineGain = o.state?.cosineGain ?? 4;
  const cos = o.features.includes('slice_cos') ? 'slice_cos' : 'grad_cos';
  // the step the prior prefers, log₂ a* = (cos − target) × reach: the hypergradient rule's
  // α(1 + β(cos − target))ⁿ with β = PRIOR_BETA over a decision's n steps (1 at evaluations)
  const reach = ((o.every === 'eval' ? 1 : o.every) * PRIOR_BETA) / Math.LN2;
  const out: Record<string, number[][]> = {};
  for (const p of o.params) {
    const set = o.actions[p]!;
    out[p] = set.values.map((v) => {
      if (set.kind !== 'factor' || !o.rollbackParams.includes(p)) return o.features.map(() => 0);
      const l = Math.log2(v);
      // r̂ = l (cos − target) − l² ÷ (2 reach): largest at the rule's own step
      return o.features.map((f) => (f === 'bias' ? -l * o.targetCos.start - (l * l) / (2 * reach) : f === cos ? l / cosineGain : f === 'budget_used' ? -l * (o.targetCos.end - o.targetCos.start) : 0) / o.rewardScale);
    });
  }
  return out;
}

/** β of the hypergradient rule a `prior: 'hypergradient'` controller starts out imitating. */
const PRIOR_BETA = 0.08;

/** Validates the shared options; `field` prefixes error fields (e.g. `createBandit(options)`). */
export function resolveControllerOptions(field: string, options: ControllerOptions, defaultName: string): ResolvedControllerOptions {
  const o = checkOptions(field, options);
  const name = checkName(`${field}.name`, o.name, defaultName);
  const every = o.every === 'eval' ? 'eval' : checkNumber(`${field}.every`, o.every, 20, { min: 1, integer: true });
  const actions = checkActionSpace(`${field}.actions`, o.actions ?? { lr: DEFAULT_LR_ACTIONS });
  const params = Object.keys(actions);
  const rewardMetric = o.rewardMetric ?? 'auto';
  if (!['auto', 'val_loss', 'loss', 'hypergradient'].includes(rewardMetric)) throw invalidArgument(`${field}.rewardMetric`, rewardMetric, '"auto", "val_loss", "loss" or "hypergradient"');
  if (o.targetCos !== undefined && rewardMetric !== 'hypergradient') throw invalidArgument(`${field}.targetCos`, o.targetCos, 'absent unless rewardMetric is "hypergradient"');
  const targetCos = checkTargetCos(`${field}.targetCos`, o.targetCos, DEFAULT_TARGET_COS);
  if (o.reward !== undefined && typeof o.reward !== 'function') throw invalidArgument(`${field}.reward`, o.reward, 'a function ({ metric, previous, current }) => number');
  if (o.onEvent !== undefined && typeof o.onEvent !== 'function') throw invalidArgument(`${field}.onEvent`, o.onEvent, 'a function');
  const rollback = checkOptions(`${field}.rollback`, o.rollback);
  const rollbackFactor = checkNumber(`${field}.rollback.factor`, rollback.factor, 0.5, { min: 0, minOpen: true, max: 1 });
  const factorParams = params.filter((p) => actions[p]?.kind === 'factor');
  const rollbackParams = rollback.params ?? (factorParams.includes('lr') ? ['lr'] : factorParams);
  if (!Array.isArray(rollbackParams)) throw invalidArgument(`${field}.rollback.params`, rollbackParams, 'an array of controlled hyperparameter names');
  for (const p of rollbackParams) {
    if (!params.includes(p)) throw invalidArgument(`${field}.rollback.params`, p, `a hyperparameter with actions (${params.join(', ')})`, { code: 'UNKNOWN_PARAMETER' });
  }
  const all = signalStateNames(params);
  // the hypergradient reward is a function of the cosines and budget_used: show the learner those
  const features =
    o.features !== undefined
      ? [...o.features]
      : rewardMetric === 'hypergradient'
        ? ['bias', ...params.map((p) => `position:${p}`), 'slice_cos', 'grad_cos', 'budget_used']
        : ['bias', ...params.map((p) => `position:${p}`), 'grad_cos', 'loss_trend', 'plateau', 'budget_used'];
  if (!Array.isArray(o.features ?? []) || features.length === 0) throw invalidArgument(`${field}.features`, o.features, `a non-empty array of state feature names (${all.join(', ')})`);
  for (const f of features) if (!all.includes(f)) throw invalidArgument(`${field}.features`, f, `one of ${all.join(', ')}`);
  if (new Set(features).size !== features.length) throw invalidArgument(`${field}.features`, o.features, 'distinct feature names');
  return {
    name,
    level: every === 'eval' ? 'epoch' : 'step',
    every,
    actions,
    params,
    features,
    featureIndex: features.map((f) => all.indexOf(f)),
    rewardMetric,
    targetCos,
    rewardHorizon: checkNumber(`${field}.rewardHorizon`, o.rewardHorizon, 1, { min: 1, max: 100, integer: true }),
    rewardScale: checkNumber(`${field}.rewardScale`, o.rewardScale, 0.2, { min: 0, minOpen: true }),
    reward: o.reward,
    divergencePenalty: checkNumber(`${field}.divergencePenalty`, o.divergencePenalty, 1, { min: 0 }),
    explosionFactor: o.explosionFactor === undefined ? undefined : checkNumber(`${field}.explosionFactor`, o.explosionFactor, 2, { min: 1, minOpen: true }),
    rollbackFactor,
    ceilingFactor: checkNumber(`${field}.ceilingFactor`, o.ceilingFactor, rollbackFactor, { min: 0, minOpen: true, max: 1 }),
    rollbackParams,
    seed: o.seed,
    state: o.state,
    onEvent: o.onEvent,
    prior: checkPrior(field, o.prior, rewardMetric, features),
  };
}

interface Pending {
  /** Decisions taken since this one (its reward is due at `rewardHorizon`). */
  age: number;
  x: number[];
  actions: Record<string, number>;
  masks: Record<string, boolean[]>;
  metric: 'val_loss' | 'loss';
  reference: number;
}

interface TrialMemory {
  lastDecision: number;
  pending: Pending[];
  /** Sum and count of the training losses seen since the last decision (step signals). */
  lossSum: number;
  lossCount: number;
  /** Sum and count of `grad_cos` since the last decision: the state sees its interval mean. */
  cosSum: number;
  cosCount: number;
  /** Sum and count of `slice_cos` since the last decision (the hypergradient reward prefers it). */
  sliceSum: number;
  sliceCount: number;
  /** Hyperparameter → the highest value a rise may reach (set by a rollback). */
  ceiling: Record<string, number>;
}

function resetInterval(m: TrialMemory): void {
  m.lossSum = 0;
  m.lossCount = 0;
  m.cosSum = 0;
  m.cosCount = 0;
  m.sliceSum = 0;
  m.sliceCount = 0;
}

/** True when a signal shows divergence: the regulome's flag, the engine's `diverged` metric, or a non-finite loss. */
export function isDiverged(signal: Signal): boolean {
  const { loss, val_loss: valLoss } = signal.metrics;
  return signal.features.diverged === 1 || signal.metrics.diverged === 1 || (loss !== undefined && !Number.isFinite(loss)) || (valLoss !== undefined && !Number.isFinite(valLoss));
}

/** Below this fraction of a trial's peak gradient norm, with the loss still near its first value, the units are dead. */
const VANISHED = 0.1;
/** "Still near its first value": above this fraction of the trial's first loss. */
const NO_PROGRESS = 0.9;

/**
 * Tracks each trial's first finite training loss and peak gradient norm, and tells whether a step
 * signal shows a blow-up that looks finite (undefined factor: never):
 * - `loss exploded`: the loss is above `factor` × the first loss. The first loss of a classifier
 *   trained from scratch is about ln(classes), the largest a sane run sees; a run whose loss
 *   climbs well above it has blown up, even when the loss is finite again and the regulome's
 *   running-minimum check cannot see it (the first slice sets that minimum);
 * - `gradient vanished`: `grad_norm` fell below 1/10 of the trial's peak while the loss is still
 *   above 0.9 × the first loss — a too-large rate killed the ReLUs without a loss spike (the loss
 *   sits at ln(classes), the gradient is left with the output bias). Healthy training reduces the
 *   loss long before its gradient norm falls that far.
 */
export function explosionCheck(factor: number | undefined): {
  exploded(signal: Signal): 'loss exploded' | 'gradient vanished' | undefined;
  forget(trialId: string): void;
  /** Trial id → reference loss, for snapshots. */
  state(): Record<string, number>;
  load(state: Readonly<Record<string, unknown>>): void;
  /** Trial id → peak gradient norm, for snapshots. */
  peaks(): Record<string, number>;
  loadPeaks(state: Readonly<Record<string, unknown>>): void;
  /** Forgets the trial's peak gradient norm: call on every rollback (the restored weights start afresh). */
  rolledBack(trialId: string): void;
} {
  const first = new Map<string, number>();
  const peak = new Map<string, number>();
  const fill = (m: Map<string, number>, state: Readonly<Record<string, unknown>>) => {
    m.clear();
    for (const [k, v] of Object.entries(state)) if (typeof v === 'number' && Number.isFinite(v)) m.set(k, v);
  };
  return {
    state: () => Object.fromEntries(first),
    load: (state) => fill(first, state),
    peaks: () => Object.fromEntries(peak),
    loadPeaks: (state) => fill(peak, state),
    exploded(signal) {
      if (factor === undefined || signal.kind !== 'step') return undefined;
      const loss = signal.metrics.loss;
      if (loss === undefined || !Number.isFinite(loss)) return undefined;
      const ref = first.get(signal.trialId);
      if (ref === undefined) {
        first.set(signal.trialId, loss);
        return undefined;
      }
      if (ref > 0 && loss > factor * ref) return 'loss exploded';
      const g = signal.metrics.grad_norm;
      if (g === undefined || !Number.isFinite(g)) return undefined;
      const top = Math.max(peak.get(signal.trialId) ?? 0, g);
      peak.set(signal.trialId, top);
      return ref > 0 && g < VANISHED * top && loss > NO_PROGRESS * ref ? 'gradient vanished' : undefined;
    },
    forget(trialId) {
      first.delete(trialId);
      peak.delete(trialId);
    },
    rolledBack: (trialId) => void peak.delete(trialId),
  };
}

/** Snapshot envelope common to learned controllers. */
export interface ControllerSnapshot {
  readonly version: 1;
  readonly kind: string;
  readonly features: readonly string[];
  readonly actions: ActionSpace;
  readonly decisions: number;
  readonly rollbacks: number;
  readonly learner: unknown;
}

/**
 * A learned controller as a regulator: per-trial bookkeeping (cadence, pending decision,
 * reward by log-ratio, divergence → rollback and penalty) around a {@link Learner}.
 */
export function createController(o: ResolvedControllerOptions, kind: string, learner: Learner): Regulator & { readonly kind: string } {
  const trials = new Map<string, TrialMemory>();
  const ownRng: Rng | undefined = o.seed === undefined ? undefined : createRng(o.seed).split(o.name);
  let checkedSpace: SearchSpace | undefined;
  let decisions = 0;
  let rollbacks = 0;
  const explosion = explosionCheck(o.explosionFactor);
  if (o.prior === 'hypergradient') learner.setPrior(hypergradientPrior(o), `${o.name}.prior`);

  const checkSpace = (space: SearchSpace): void => {
    if (checkedSpace === space) return;
    checkActionsInSpace(`${o.name}.actions`, o.actions, space, o.name);
    checkedSpace = space;
  };

  // The training-loss reference is the mean loss over the interval since the last decision: the
  // interval the pending action governed. An EMA would lag into the next interval and credit
  // each action with its predecessor's effect.
  const referenceOf = (signal: Signal, m: TrialMemory): { metric: 'val_loss' | 'loss'; value: number } | undefined => {
    const wantVal = o.rewardMetric === 'val_loss' || (o.rewardMetric === 'auto' && o.every === 'eval');
    if (wantVal) {
      const v = signal.kind === 'eval' ? signal.metrics.val_loss : signal.features.val_loss_ema;
      if (v !== undefined && Number.isFinite(v)) return { metric: 'val_loss', value: v };
    }
    const l = m.lossCount > 0 ? m.lossSum / m.lossCount : (signal.features.loss_ema ?? signal.metrics.loss);
    return l !== undefined && Number.isFinite(l) ? { metric: 'loss', value: l } : undefined;
  };

  const rewardOf = (input: RewardInput): number => {
    let r: number;
    if (o.reward) {
      r = o.reward(input);
      if (typeof r !== 'number' || !Number.isFinite(r)) {
        throw invalidArgument(`${o.name}.reward`, r, `a finite number (returned for ${input.metric} ${describeValue(input.previous)} → ${describeValue(input.current)})`);
      }
    } else if (input.previous > 0 && input.current > 0) r = Math.log(input.previous / input.current) / (o.rewardScale * input.intervals);
    // log-ratio needs positive losses; otherwise the relative improvement
    else r = (input.previous - input.current) / Math.max(Math.abs(input.previous), 1e-12) / (o.rewardScale * input.intervals);
    return Math.min(1, Math.max(-1, r));
  };

  const hyper = o.rewardMetric === 'hypergradient';
  // the hypergradient reward judges each action by the interval right after it
  const horizon = hyper ? 1 : o.rewardHorizon;
  /** The interval's mean hypergradient cosine: `slice_cos` when the engine reports it, else `grad_cos`. */
  const hypergradientCos = (m: TrialMemory): number | undefined => (m.sliceCount > 0 ? m.sliceSum / m.sliceCount : m.cosCount > 0 ? m.cosSum / m.cosCount : undefined);
  /**
   * First-order estimate of the improvement an action brought: the loss changes by
   * ∂L/∂log α · Δlog α and the normalised hypergradient says −∂L/∂log α ∝ cos − target, so a
   * rise is rewarded while the rate is still too small after it, and a cut while it was too large.
   */
  const hypergradientReward = (p: Pending, cos: number, used: number): number => {
    const target = targetAt(o.targetCos, used);
    let r = 0;
    for (const param of o.rollbackParams) {
      const aset = o.actions[param];
      const i = p.actions[param];
      if (aset?.kind !== 'factor' || i === undefined) continue;
      r += Math.log2(aset.values[i] as number) * (cos - target);
    }
    return Math.min(1, Math.max(-1, r / o.rewardScale));
  };

  const emit = (e: ControllerEvent): void => o.onEvent?.(e);

  const memory = (id: string): TrialMemory => {
    let m = trials.get(id);
    if (!m) trials.set(id, (m = { lastDecision: 0, pending: [], lossSum: 0, lossCount: 0, cosSum: 0, cosCount: 0, sliceSum: 0, sliceCount: 0, ceiling: {} }));
    return m;
  };

  const regulator: Regulator & { readonly kind: string } = {
    specificationVersion: 'v1',
    // statistics / policy weights learned here help a later experiment start well (lifelong)
    inheritable: true,
    name: o.name,
    level: o.level,
    controls: o.params,
    kind,

    setup(ctx) {
      checkSpace(ctx.space);
    },

    regulate(signal: Signal, ctx: RegulatorContext): Adjustment | undefined {
      checkSpace(ctx.space);
      const m = memory(signal.trialId);
      const exploded = explosion.exploded(signal);
      if (exploded || isDiverged(signal)) {
        if (m.pending.length > 0) {
          const reward = -o.divergencePenalty;
          const full = signalState(signal, ctx.space, o.params, o.state);
          const next = o.featureIndex.map((i) => full[i] as number);
          for (const p of m.pending) learner.learn({ ...p, reward, next });
          emit({ type: 'reward', trialId: signal.trialId, step: signal.step, reward, diverged: true });
          m.pending = [];
        }
        m.lastDecision = signal.step;
        resetInterval(m);
        rollbacks += 1;
        explosion.rolledBack(signal.trialId);
        const reason = `rollback: ${exploded ?? 'divergence'} (loss ${describeValue(signal.metrics.loss)}); ${o.rollbackParams.map((p) => `${p} ×${o.rollbackFactor}`).join(', ')}`;
        emit({ type: 'rollback', trialId: signal.trialId, step: signal.step, reason });
        const factor: Record<string, number> = {};
        for (const p of o.rollbackParams) {
          factor[p] = o.rollbackFactor;
          const was = signal.config[p];
          if (typeof was === 'number' && was > 0 && Number.isFinite(was)) m.ceiling[p] = Math.min(m.ceiling[p] ?? Infinity, was * o.ceilingFactor);
        }
        return { rollback: true, factor, reason };
      }
      const loss = signal.metrics.loss;
      if (signal.kind === 'step' && loss !== undefined && Number.isFinite(loss)) {
        m.lossSum += loss;
        m.lossCount += 1;
      }
      const cos = signal.metrics.grad_cos;
      if (signal.kind === 'step' && cos !== undefined && Number.isFinite(cos)) {
        m.cosSum += cos;
        m.cosCount += 1;
      }
      const sliceCos = signal.metrics.slice_cos;
      if (signal.kind === 'step' && sliceCos !== undefined && Number.isFinite(sliceCos)) {
        m.sliceSum += sliceCos;
        m.sliceCount += 1;
      }
      if (o.every !== 'eval' && signal.step - m.lastDecision < o.every) return undefined;
      const ref = referenceOf(signal, m);
      // the state sees the interval means of the cosines, not the last slice's
      const means: Record<string, number> = {};
      if (m.cosCount > 0) means.grad_cos = m.cosSum / m.cosCount;
      if (m.sliceCount > 0) means.slice_cos = m.sliceSum / m.sliceCount;
      const seen = { ...signal, metrics: { ...signal.metrics, ...means } };
      const intervalCos = hypergradientCos(m);
      resetInterval(m);
      if (!ref && !hyper) return undefined;
      const full = signalState(seen, ctx.space, o.params, o.state);
      const x = o.featureIndex.map((i) => full[i] as number);
      for (const p of m.pending) p.age += 1;
      while (m.pending.length > 0 && (m.pending[0] as Pending).age >= horizon) {
        const p = m.pending.shift() as Pending;
        let reward: number;
        if (hyper) {
          if (intervalCos === undefined) continue; // the engine reported no cosine: nothing to learn from
          reward = hypergradientReward(p, intervalCos, signal.features.budget_used ?? 0);
        } else {
          if (!ref || p.metric !== ref.metric) continue;
          reward = rewardOf({ metric: ref.metric, previous: p.reference, current: ref.value, intervals: p.age });
        }
        learner.learn({ ...p, reward, next: x });
        emit({ type: 'reward', trialId: signal.trialId, step: signal.step, reward, diverged: false });
      }
      const rng = ownRng ?? ctx.rng;
      const actions: Record<string, number> = {};
      const masks: Record<string, boolean[]> = {};
      const set: Record<string, number> = {};
      const factor: Record<string, number> = {};
      const said: string[] = [];
      const chosen: Record<string, number> = {};
      for (const p of o.params) {
        const aset = o.actions[p]!;
        const spec = ctx.space[p] as ParamSpec;
        const current = signal.config[p] as number;
        const mask = feasibleActions(aset, current, spec);
        // safe exploration: no rise above a rate that blew up in this trial (× ceilingFactor)
        const cap = m.ceiling[p];
        if (cap !== undefined && aset.kind === 'factor') {
          const capped = mask.map((ok, k) => ok && !((aset.values[k] as number) > 1 && current * (aset.values[k] as number) > cap * (1 + 1e-9)));
          if (capped.some(Boolean)) mask.splice(0, mask.length, ...capped);
        }
        const i = learner.choose(x, p, mask, rng);
        actions[p] = i;
        masks[p] = mask;
        chosen[p] = aset.values[i] as number;
        said.push(`${p} ${describeAction(aset, i)}`);
        if (aset.kind === 'factor') {
          if (aset.values[i] !== 1) factor[p] = aset.values[i] as number;
        } else if (aset.values[i] !== 0) set[p] = applyAction(aset, i, current, spec);
      }
      m.pending.push({ age: 0, x, actions, masks, metric: ref?.metric ?? 'loss', reference: ref?.value ?? Number.NaN });
      m.lastDecision = signal.step;
      decisions += 1;
      emit({ type: 'decision', trialId: signal.trialId, step: signal.step, state: x, actions: chosen });
      if (Object.keys(set).length === 0 && Object.keys(factor).length === 0) return undefined;
      const adj: Adjustment = { reason: `${kind}: ${said.join(', ')}` };
      if (Object.keys(set).length > 0) adj.set = set;
      if (Object.keys(factor).length > 0) adj.factor = factor;
      return adj;
    },

    conclude(result: TrialResult) {
      const m = trials.get(result.trialId);
      trials.delete(result.trialId);
      explosion.forget(result.trialId);
      if (!m) return;
      // the training loss of the last interval, when the final metrics lack it
      const lastLoss = m.lossCount > 0 ? m.lossSum / m.lossCount : undefined;
      if (hyper) {
        const c = hypergradientCos(m);
        for (const p of c === undefined ? [] : m.pending) {
          const reward = hypergradientReward(p, c as number, 1);
          learner.learn({ ...p, reward, next: undefined });
          emit({ type: 'reward', trialId: result.trialId, step: result.steps, reward, diverged: false });
        }
        return;
      }
      for (const p of m.pending) {
        const final = result.metrics[p.metric] ?? (p.metric === 'loss' ? lastLoss : undefined);
        if (final === undefined) continue; // nothing comparable to reward the decision with
        const reward = Number.isFinite(final) ? rewardOf({ metric: p.metric, previous: p.reference, current: final, intervals: p.age + 1 }) : -o.divergencePenalty;
        learner.learn({ ...p, reward, next: undefined });
        emit({ type: 'reward', trialId: result.trialId, step: result.steps, reward, diverged: !Number.isFinite(final) });
      }
    },

    snapshot(): ControllerSnapshot {
      return { version: 1, kind, features: [...o.features], actions: o.actions, decisions, rollbacks, learner: learner.snapshot() };
    },

    restore(state: unknown) {
      const s = state as Partial<ControllerSnapshot> | null;
      if (typeof s !== 'object' || s === null || s.version !== 1) throw invalidArgument(`${o.name}.restore(state).version`, s?.version, '1 (a snapshot() of this kind of controller)');
      if (s.kind !== kind) throw invalidArgument(`${o.name}.restore(state).kind`, s.kind, describeValue(kind));
      if (JSON.stringify(s.features) !== JSON.stringify(o.features)) {
        throw invalidArgument(`${o.name}.restore(state).features`, s.features, `the features of this controller (${o.features.join(', ')}): same controlled hyperparameters`);
      }
      if (JSON.stringify(s.actions) !== JSON.stringify(o.actions)) throw invalidArgument(`${o.name}.restore(state).actions`, s.actions, `the same action sets (${describeValue(o.actions)})`);
      learner.restore(s.learner, `${o.name}.restore(state).learner`);
      decisions = typeof s.decisions === 'number' ? s.decisions : 0;
      rollbacks = typeof s.rollbacks === 'number' ? s.rollbacks : 0;
      trials.clear();
    },
  };
  return regulator;
}

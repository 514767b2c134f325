import {
  createRng,
  describeValue,
  invalidArgument,
  type Adjustment,
  type ParamSpec,
  type Regulator,
  type RegulatorContext,
  type Rng,
  type RngState,
  type SearchSpace,
  type Signal,
  type TrialResult,
} from '@epigenome/core';
import { applyAction, checkActionsInSpace, describeAction, feasibleActions, type ActionSpace } from '../actions';
import type { ControllerEvent } from '../controller-options';
import { signalState } from '../signal-state';
import { explosionCheck, isDiverged } from './divergence';
import { hypergradientPrior } from './hypergradient-prior';
import type { Learner } from './learner';
import type { ResolvedControllerOptions } from './resolve-controller-options';
import { createRewards } from './rewards';
import { lowerCeiling, risesAboveCeiling, rollbackAdjustment } from './rollback-rule';
import { freshTrialMemory, resetInterval, trialMemoriesFromJson, trialMemoriesToJson, type Pending, type TrialMemory } from './trial-memory';

/** What a learned controller knows that is worth inheriting: its `knowledge()`. */
export interface ControllerSnapshot {
  readonly version: 1;
  readonly kind: string;
  readonly features: readonly string[];
  readonly actions: ActionSpace;
  readonly decisions: number;
  readonly rollbacks: number;
  readonly learner: unknown;
}

/** Its `snapshot()`: the knowledge plus what a resume of this experiment needs. */
export interface ControllerResumeState extends ControllerSnapshot {
  readonly resume: {
    /** Trial id → bookkeeping (pending decisions, interval sums, ceilings), as JSON. */
    readonly trials: unknown;
    readonly firstLoss: Record<string, number>;
    readonly peakGradNorm: Record<string, number>;
    /** The controller's own stream (with `seed`), else absent: the regulome keeps the one it hands out. */
    readonly rng?: RngState;
  };
}

/**
 * A learned controller as a regulator: per-trial bookkeeping (cadence, pending decision,
 * reward by log-ratio, divergence → rollback and penalty) around a {@link Learner}.
 */
export function createController(o: ResolvedControllerOptions, kind: string, learner: Learner): Regulator & { readonly kind: string } {
  let trials = new Map<string, TrialMemory>();
  let ownRng: Rng | undefined = o.seed === undefined ? undefined : createRng(o.seed).split(o.name);
  let checkedSpace: SearchSpace | undefined;
  let decisions = 0;
  let rollbacks = 0;
  const explosion = explosionCheck(o.explosionFactor);
  if (o.prior === 'hypergradient') learner.setPrior(hypergradientPrior(o), `${o.name}.prior`);
  const { referenceOf, rewardOf, hypergradientCos, hypergradientReward } = createRewards(o);

  const checkSpace = (space: SearchSpace): void => {
    if (checkedSpace === space) return;
    checkActionsInSpace(`${o.name}.actions`, o.actions, space, o.name);
    checkedSpace = space;
  };

  const hyper = o.rewardMetric === 'hypergradient';
  // the hypergradient reward judges each action by the interval right after it
  const horizon = hyper ? 1 : o.rewardHorizon;

  const emit = (e: ControllerEvent): void => o.onEvent?.(e);

  const memory = (id: string): TrialMemory => {
    let m = trials.get(id);
    if (!m) trials.set(id, (m = freshTrialMemory()));
    return m;
  };

  const knowledge = (): ControllerSnapshot => ({ version: 1, kind, features: [...o.features], actions: o.actions, decisions, rollbacks, learner: learner.snapshot() });

  /** Takes inherited knowledge (checked to fit this controller); the trials' bookkeeping starts afresh. */
  const learn = (state: unknown, field: string): Partial<ControllerResumeState> => {
    const s = state as Partial<ControllerResumeState> | null;
    if (typeof s !== 'object' || s === null || s.version !== 1) throw invalidArgument(`${field}.version`, s?.version, '1 (a snapshot() of this kind of controller)');
    if (s.kind !== kind) throw invalidArgument(`${field}.kind`, s.kind, describeValue(kind));
    if (JSON.stringify(s.features) !== JSON.stringify(o.features)) {
      throw invalidArgument(`${field}.features`, s.features, `the features of this controller (${o.features.join(', ')}): same controlled hyperparameters`);
    }
    if (JSON.stringify(s.actions) !== JSON.stringify(o.actions)) throw invalidArgument(`${field}.actions`, s.actions, `the same action sets (${describeValue(o.actions)})`);
    learner.restore(s.learner, `${field}.learner`);
    decisions = typeof s.decisions === 'number' ? s.decisions : 0;
    rollbacks = typeof s.rollbacks === 'number' ? s.rollbacks : 0;
    trials.clear();
    return s;
  };

  const regulator: Regulator & { readonly kind: string } = {
    specificationVersion: 'v1',
    // statistics / policy weights learned here help a later experiment start well (lifelong)
    inheritable: true,
    name: o.name,
    level: o.level,
    controls: o.params,
    // actions are factors or deltas: numbers only
    kinds: ['float', 'int', 'width'],
    priority: o.priority,
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
        const adj = rollbackAdjustment(exploded ?? 'divergence', signal, o.rollbackParams, o.rollbackFactor);
        emit({ type: 'rollback', trialId: signal.trialId, step: signal.step, reason: adj.reason });
        for (const p of o.rollbackParams) {
          const cap = lowerCeiling(m.ceiling[p], signal.config[p], o.ceilingFactor);
          if (cap !== undefined) m.ceiling[p] = cap;
        }
        return adj;
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
          const capped = mask.map((ok, k) => ok && !risesAboveCeiling(current, aset.values[k] as number, cap));
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

    knowledge,
    learn: (k) => void learn(k, `${o.name}.learn(knowledge)`),

    snapshot(): ControllerResumeState {
      const resume: ControllerResumeState['resume'] = { trials: trialMemoriesToJson(trials), firstLoss: explosion.state(), peakGradNorm: explosion.peaks() };
      if (!ownRng) return { ...knowledge(), resume };
      // the stream keeps its words signed or not as they fall; unsigned, a restored snapshot reads the same
      const { path, words } = ownRng.getState();
      return { ...knowledge(), resume: { ...resume, rng: { path, words: words.map((w) => w >>> 0) as RngState['words'] } } };
    },

    // Also takes a knowledge-only state (marks stored before snapshots carried `resume`): the
    // trials' bookkeeping then starts afresh, as it always did.
    restore(state: unknown) {
      const field = `${o.name}.restore(state)`;
      const s = learn(state, field);
      const resume = s.resume;
      if (resume === undefined) return;
      if (typeof resume !== 'object' || resume === null) throw invalidArgument(`${field}.resume`, resume, 'the resume part of a snapshot() of this controller');
      trials = trialMemoriesFromJson(resume.trials, `${field}.resume.trials`);
      explosion.load(typeof resume.firstLoss === 'object' && resume.firstLoss !== null ? resume.firstLoss : {});
      explosion.loadPeaks(typeof resume.peakGradNorm === 'object' && resume.peakGradNorm !== null ? resume.peakGradNorm : {});
      // only the same stream continues: a controller given another seed keeps the stream it asked for
      if (ownRng && resume.rng !== undefined && resume.rng.path === ownRng.path) ownRng = createRng(resume.rng);
    },
  };
  return regulator;
}

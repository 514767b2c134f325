import type { Rng } from '../random/rng';
import type { ChoiceValue, Config, ParamSpec, SearchSpace } from '../space/param-spec';
import type { Level } from './level';
import type { Signal } from './signal';
import type { InheritedMark, MarkInput } from './mark';
import type { TaskContext } from './task-context';

/**
 * What a regulator asks for in answer to a signal. All fields optional but `reason`.
 *
 * - `set`: absolute values for hyperparameters the regulator controls. At the owning (outermost)
 *   level this sets the base; at an inner level it sets that level's modulation so the effective
 *   value becomes the one asked for (then clamped).
 * - `factor`: multiplicative changes (> 0) of numeric hyperparameters it controls; cumulative.
 * - `exploit`: take over another trial's weights, optimiser state and regulation state (population
 *   level only; the donor must have a checkpoint). `set`/`factor` then apply on top: the explore.
 * - `rollback`: restore this trial's last good checkpoint (the runner keeps one: the latest taken
 *   at an evaluation whose losses were finite) before `set`/`factor` apply — the safe reaction to
 *   divergence (e.g. with `factor: { lr: 0.5 }`).
 * - `stop`: end this trial now (apoptosis).
 */
export interface Adjustment {
  set?: Partial<Config>;
  factor?: Record<string, number>;
  exploit?: { from: string };
  rollback?: boolean;
  stop?: boolean;
  reason: string;
}

/** How a trial stands in its population. */
export type TrialStatus = 'running' | 'completed' | 'stopped' | 'failed';

/** Read-only view of one trial of the population. */
export interface TrialView {
  readonly id: string;
  readonly status: TrialStatus;
  /** Effective hyperparameter values now. */
  readonly config: Readonly<Config>;
  /** Base values (set by the outermost owning level), before inner modulation. */
  readonly base: Readonly<Config>;
  /** Steps trained so far. */
  readonly step: number;
  /** The latest signal, if any. */
  readonly latest: Signal | undefined;
  /** The latest evaluation signal, if any. */
  readonly latestEval: Signal | undefined;
  /** The objective at the latest evaluation, signed so that higher is better; undefined before one. NaN counts as −∞. */
  readonly fitness: number | undefined;
  /** Whether a checkpoint of this trial exists (so it can be an exploit donor). */
  readonly hasCheckpoint: boolean;
  /** 0 for a trial started fresh, donor's generation + 1 after each exploit. */
  readonly generation: number;
  /** The trial it last exploited, if any. */
  readonly parentId: string | undefined;
  /** Recent signals, oldest first (bounded; see `createRegulome`'s `history`). */
  readonly recent: readonly Signal[];
}

/** The objective every fitness is measured by. */
export interface Objective {
  /** Metric name of an evaluation signal, e.g. `val_accuracy` or `val_loss`. */
  readonly metric: string;
  /** `max` or `min`. */
  readonly mode: 'max' | 'min';
}

/** The lineage level's view of the memory: this experiment's context and inheritance. */
export interface LineageView {
  readonly context: TaskContext;
  /** The k best marks for a context (default: this experiment's), by similarity × strength × decay. */
  inherit(k: number, context?: TaskContext): Promise<readonly InheritedMark[]>;
  /** Records a mark (what worked here), returning its id. */
  mark(input: MarkInput): Promise<string>;
  /** Raises a mark's strength after it helped (amount in (0, 1], default 0.2). */
  reinforce(markId: string, amount?: number): Promise<void>;
  /** Lowers a mark's strength after it did not help; below the floor it is erased (default 0.2). */
  weaken(markId: string, amount?: number): Promise<void>;
}

/** Budget of the experiment, as far as regulators need it. */
export interface BudgetView {
  /** Total optimiser steps per trial, when the budget is in steps. */
  readonly stepsPerTrial: number | undefined;
  /** Fraction of the whole experiment's budget used, in [0, 1]. */
  readonly used: number;
}

/**
 * What every hook receives. Views are read-only; regulators never reach the engine or the store.
 * `trial` is present in `propose` (the new trial), `regulate` and `conclude`; `population` at
 * every level; `lineage` when the experiment has a memory.
 */
export interface RegulatorContext {
  readonly experimentId: string;
  readonly level: Level;
  readonly space: SearchSpace;
  /** This regulator's own reproducible stream (split from the experiment seed by its name). */
  readonly rng: Rng;
  readonly objective: Objective;
  readonly budget: BudgetView;
  /** Milliseconds since the experiment started (monotonic within a process). */
  now(): number;
  readonly trial: TrialView | undefined;
  readonly population: readonly TrialView[];
  readonly lineage: LineageView | undefined;
  /** In `propose`: the configuration so far (sampled, then earlier levels' proposals). */
  readonly draft: Readonly<Config> | undefined;
}

/** What a finished trial reports to `conclude`. */
export interface TrialResult {
  readonly trialId: string;
  readonly status: TrialStatus;
  readonly steps: number;
  /** Final effective configuration. */
  readonly config: Readonly<Config>;
  /** Last evaluation's metrics. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Objective signed so that higher is better (NaN → −Infinity). */
  readonly fitness: number;
}

/** What the experiment reports to `finish`. */
export interface ExperimentSummary {
  readonly experimentId: string;
  readonly best: TrialResult | undefined;
  readonly trials: readonly TrialResult[];
}

/**
 * A regulator plugin (made by a factory such as `createPbt(options)`), contract version `v1`.
 *
 * Hooks are optional and do nothing when absent. Call order, per experiment:
 * 1. `setup` once, levels outermost first (lineage → step);
 * 2. per new trial, `propose`, outermost first, each seeing the `draft` so far;
 * 3. per signal, `regulate`, outermost first; `step` regulators see every signal, `epoch` and
 *    `population` ones only evaluations, `lineage` ones none;
 * 4. per finished trial, `conclude`, innermost first (step → lineage);
 * 5. `finish` once, innermost first;
 * `snapshot`/`restore` at checkpoints and on resume.
 */
export interface Regulator {
  /** Contract version; must be `'v1'`. */
  readonly specificationVersion: 'v1';
  /** Unique within a regulome; used in events, snapshots and the seed stream. */
  readonly name: string;
  readonly level: Level;
  /**
   * Hyperparameters this regulator may change (all must be in the space): a list, or a function
   * of the space resolved once when the regulome is built (e.g. "every numeric hyperparameter"),
   * so a factory need not repeat the space. The regulome validates the resolved list and never
   * reads the function again.
   */
  readonly controls: readonly string[] | ((space: SearchSpace) => readonly string[]);
  /**
   * Kinds of hyperparameter this regulator can act on (e.g. `['float', 'int']` for one that only
   * multiplies by factors). The regulome refuses, when it is built, a controlled hyperparameter of
   * another kind, so the mismatch never surfaces mid-run. Default: every kind.
   */
  readonly kinds?: readonly ParamSpec['kind'][];
  /**
   * What `regulate` may return for the hyperparameters it controls: `'set'` (absolute values;
   * an `exploit` copies values, so it counts as a set) and/or `'factor'`. A regulator that only
   * multiplies declares `['factor']`: factors of one level compose by multiplication, so it shares
   * its hyperparameters with other regulators of its level without a priority. The regulome refuses
   * an adjustment outside the declaration. Default: both.
   */
  readonly adjusts?: readonly ('set' | 'factor')[];
  /**
   * Decides competing absolute values at one level: when two regulators of one level may `set` (or
   * both `propose`) one hyperparameter, the higher priority's value wins; equal priorities there
   * are refused when the regulome is built. A finite number; default 0.
   */
  readonly priority?: number;
  /**
   * Metrics this regulator needs in `step` signals (e.g. `['grad_cos', 'lr_effective']` for the
   * hypergradient), so a host that cannot report them (a stock `model.fit` with an optimiser whose
   * gradients it cannot see) refuses it before training instead of failing mid-run. Default: none.
   */
  readonly needs?: readonly string[];
  setup?(ctx: RegulatorContext): void | Promise<void>;
  /** Values for a new trial (only controlled keys are taken). */
  propose?(ctx: RegulatorContext): Partial<Config> | undefined | Promise<Partial<Config> | undefined>;
  regulate?(signal: Signal, ctx: RegulatorContext): Adjustment | undefined | Promise<Adjustment | undefined>;
  conclude?(result: TrialResult, ctx: RegulatorContext): void | Promise<void>;
  finish?(summary: ExperimentSummary, ctx: RegulatorContext): void | Promise<void>;
  /**
   * True when the regulator has knowledge that transfers to later experiments of similar contexts
   * (a controller's policy weights, a bandit's statistics): the runner then keeps
   * `knowledge()` (or, without it, `snapshot()`) as a mark and hands it to `learn()` (or
   * `restore()`) at the start of a later experiment. Default false.
   */
  readonly inheritable?: boolean;
  /**
   * JSON-serialisable resume state: everything the regulator's future decisions depend on
   * (pending decisions, rollback and ceiling bookkeeping, per-trial state), so that an
   * interrupted run restored from it continues exactly as the uninterrupted run would.
   */
  snapshot?(): unknown;
  /** Restores a `snapshot()` (resume of the same experiment). */
  restore?(state: unknown): void;
  /**
   * JSON-serialisable knowledge worth inheriting (learned statistics or weights, no pending
   * decisions or per-trial state of this experiment). Default: `snapshot()`.
   */
  knowledge?(): unknown;
  /** Starts from inherited `knowledge()` of an earlier experiment. Default: `restore()`. */
  learn?(knowledge: unknown): void;
}

/** Re-exported for regulators that set choice values. */
export type { ChoiceValue };

import type { Seed } from '@epigenome/core';
import type { ActionSpace } from './actions';
import type { TargetCos } from './internal/target-cos';
import type { SignalStateOptions } from './signal-state';

/** What a reward function sees: the reference loss at the previous decision and now. */
export interface RewardInput {
  /** Which loss is compared: `val_loss` (validation) or `loss` (training loss EMA). */
  readonly metric: 'val_loss' | 'loss';
  /** Its value when the previous action was taken. */
  readonly previous: number;
  /** Its value now. */
  readonly current: number;
  /** Decision intervals between the two (the reward horizon; 1 unless `rewardHorizon` > 1). */
  readonly intervals: number;
}

/** What a learned controller reports through `onEvent` (tests, logs, dashboards). */
export type ControllerEvent =
  | {
      readonly type: 'decision';
      readonly trialId: string;
      readonly step: number;
      /** The normalised state vector (see `signalStateNames`). */
      readonly state: readonly number[];
      /** Hyperparameter → the chosen action's value (a factor or a delta). */
      readonly actions: Readonly<Record<string, number>>;
    }
  | {
      readonly type: 'reward';
      readonly trialId: string;
      readonly step: number;
      /** The reward credited to the previous decision (after scaling and clipping). */
      readonly reward: number;
      /** True when it is the divergence penalty. */
      readonly diverged: boolean;
    }
  | { readonly type: 'rollback'; readonly trialId: string; readonly step: number; readonly reason: string };

/** Options shared by `createBandit` and `createPolicyGradient`. */
export interface ControllerOptions {
  /** Regulator name (unique in a regulome; names its seed stream and its snapshot). */
  readonly name?: string;
  /**
   * Decision cadence: `{ steps: n }`, every n optimiser steps (a `step`-level regulator), or
   * `{ evals: 1 }`, at each evaluation (an `epoch`-level regulator, seeing evaluations only).
   * Default `{ steps: 20 }`.
   */
  readonly every?: { readonly steps: number } | { readonly evals: 1 };
  /**
   * Decides competing values at its level: when another regulator of the level may also set one
   * of its hyperparameters, the higher priority's value wins (equal ones are refused when the
   * regulome is built). Default 0.
   */
  readonly priority?: number;
  /**
   * Hyperparameter → actions, e.g. `{ lr: factors(0.5, 0.8, 1, 1.25, 2), dropout: deltas(-0.05, 0, 0.05) }`.
   * One action is chosen per hyperparameter at each decision. Every name must be a numeric
   * hyperparameter of the space. Default `{ lr: DEFAULT_LR_ACTIONS }`.
   */
  readonly actions?: ActionSpace;
  /**
   * The loss whose log-ratio improvement log(previous ÷ current) rewards an action: `val_loss`,
   * `loss` (the training loss EMA), or `auto` = `val_loss` when deciding at evaluations, the
   * training loss otherwise. `val_loss` falls back to the training loss while no validation has
   * been seen. Default `auto`.
   *
   * `hypergradient` replaces the loss ratio, whose greedy per-interval comparison favours small
   * rates (lowering the rate lowers the noise in the next interval's loss at once; Wu et al. 2018),
   * by a first-order estimate of the action's effect: log₂(factor) × (cos − target), with cos the
   * mean `slice_cos` (else `grad_cos`) of the engine over the interval after the action, summed
   * over the `rollback.params` (the learning rate) and divided by `rewardScale`. A rise is
   * rewarded while the rate is still too small after it, a cut while it was too large; the reward
   * horizon is one decision. Divergence is still −`divergencePenalty`.
   */
  readonly rewardMetric?: 'auto' | 'val_loss' | 'loss' | 'hypergradient';
  /**
   * `rewardMetric: 'hypergradient'` only: the cosine the rate is steered to, as in
   * `createHypergradient`'s `targetCos` — a number, or `{ start, end }` moved linearly with
   * `features.budget_used`. Each value in (−1, 1). Default `{ start: -0.3, end: 0.1 }`.
   */
  readonly targetCos?: number | TargetCos;
  /**
   * Divides the log-ratio before clipping to [−1, 1], so that typical per-decision improvements
   * span the reward range. Default 0.2.
   */
  readonly rewardScale?: number;
  /**
   * Decisions after which an action is rewarded: the log-ratio then spans that many intervals
   * (divided by it), crediting the lasting effect of a change of learning rate rather than its
   * immediate one — a remedy for the short-horizon bias of greedy rewards (Wu et al. 2018,
   * "Understanding Short-Horizon Bias in Stochastic Meta-Optimization"). Integer in [1, 100].
   * Default 1 (the policy-gradient controller always uses 1: its critic looks ahead).
   */
  readonly rewardHorizon?: number;
  /**
   * A custom reward (replaces the scaled log-ratio; still clipped to [−1, 1]). It must return a
   * finite number: NaN or ±Infinity throws `INVALID_ARGUMENT` naming `reward`. Divergence is
   * penalised before it is called.
   */
  readonly reward?: (input: RewardInput) => number;
  /**
   * Also treat as divergence a step signal whose training loss exceeds `explosionFactor` × the
   * trial's first reported loss (a number > 1; e.g. 1.5 for a classifier trained from scratch,
   * whose first loss ≈ ln(classes) is the largest a healthy run sees). It catches a blow-up
   * that is finite again by the next signal — a too-large learning rate that killed the ReLUs
   * in the first slice — which the regulome's running-minimum check misses. Report a short first
   * slice (one step) so the reference is the initial loss. Default: off.
   */
  readonly explosionFactor?: number;
  /** Reward of a decision followed by divergence (a number ≥ 0, subtracted). Default 1. */
  readonly divergencePenalty?: number;
  /**
   * On divergence (`features.diverged === 1` or a non-finite loss): the factor applied at once to
   * `params` (default: `lr` when controlled, else every factor-controlled hyperparameter), with a
   * reason starting `rollback:` so the runner restores the last good checkpoint. Default factor 0.5.
   */
  readonly rollback?: { readonly factor?: number; readonly params?: readonly string[] };
  /**
   * Safe exploration after a divergence: actions that would raise a rolled-back hyperparameter
   * above `ceilingFactor` × the value it diverged at are masked for the rest of the trial. In
   * (0, 1]; default the rollback factor (no rise above the value it restarted from).
   */
  readonly ceilingFactor?: number;
  /**
   * Where a fresh learner starts. `'none'` (default): knowing nothing (every action worth 0).
   * `'hypergradient'` (needs `rewardMetric: 'hypergradient'`): the first-order model of that
   * reward — a rise of the rate is worth log₂(factor) × (slice_cos − target) — so a fresh
   * controller starts out acting like the hypergradient rule on its action set and learns the
   * corrections from there (a heuristic as the starting policy, as in guided DAC: Shala et al.
   * 2020). The bandit takes it as the prior mean of its ridge models (weight `ridge`); the policy
   * gradient as its initial linear policy (logits 4 × the prior; needs `hidden: 0`).
   */
  readonly prior?: 'none' | 'hypergradient';
  /** Seed of the controller's own stream; default: the stream the regulome hands it. */
  readonly seed?: Seed;
  /**
   * Which state features the controller sees, by name (see `signalStateNames`): fewer features
   * learn faster from few decisions. Default `bias`, `position:<p>` for each controlled
   * hyperparameter, `grad_cos`, `loss_trend`, `plateau`, `budget_used`.
   */
  readonly features?: readonly string[];
  /** State normalisation (see `signalState`). */
  readonly state?: SignalStateOptions;
  /** Called on every decision, reward and rollback. */
  readonly onEvent?: (event: ControllerEvent) => void;
}

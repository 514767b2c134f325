import { checkNumber, checkOneOf, type Regulator } from '@epigenome/core';
import type { ControllerOptions } from './controller-options';
import { createController } from './internal/controller';
import { createLinearBandit } from './internal/linear-bandit';
import { resolveControllerOptions } from './internal/resolve-controller-options';

/** Options only the bandit takes (beside `ControllerOptions`). */
const BANDIT_OPTION_KEYS = ['algorithm', 'exploration', 'ridge'] as const;

/** Options of {@link createBandit}. */
export interface BanditOptions extends ControllerOptions {
  /** `linucb` (Li et al. 2010) or `thompson` (linear Thompson sampling, Agrawal & Goyal 2013). Default `linucb`. */
  readonly algorithm?: 'linucb' | 'thompson';
  /**
   * Exploration: LinUCB's α (width of the confidence bonus, in reward units) or Thompson's
   * posterior scale v. A number ≥ 0. Default 0.5 (LinUCB), 0.3 (Thompson).
   */
  readonly exploration?: number;
  /** See `ControllerOptions.rewardHorizon`; the bandit's default is 3 decisions. */
  readonly rewardHorizon?: number;
  /** Ridge λ > 0: prior precision of each action's weights (larger = slower to trust data). Default 1. */
  readonly ridge?: number;
}

/** A contextual-bandit controller: a `Regulator` whose learned state is the bandit's statistics. */
export type BanditRegulator = Regulator & { readonly kind: 'bandit' };

/**
 * A contextual bandit choosing, at each decision (every `every` steps, or at each evaluation),
 * one action per controlled hyperparameter — by default ×0.5, ×0.8, ×1, ×1.25, ×2 on `lr` —
 * from the DACBench-style state of the trial (`signalState`). The previous decision is rewarded
 * by the log-ratio improvement of the reference loss, log(previous ÷ current) ÷ `rewardScale`
 * clipped to [−1, 1]; a divergence rewards it −`divergencePenalty` and triggers a rollback
 * (see `ControllerOptions.rollback`). One disjoint linear model per hyperparameter and action
 * (Li et al. 2010, Algorithm 1), shared by every trial of the regulome, so what one trial
 * learns helps the next; `knowledge()` / `learn()` carry it across experiments (a memory mark),
 * `snapshot()` / `restore()` carry it and every pending decision across a resume.
 *
 * @example createBandit({ algorithm: 'thompson', every: 20, actions: { lr: factors(0.5, 1, 2) } })
 */
export function createBandit(options: BanditOptions = {}): BanditRegulator {
  const o = resolveControllerOptions(options, 'bandit', BANDIT_OPTION_KEYS, 3);
  const algorithm = checkOneOf('options.algorithm', options.algorithm, ['linucb', 'thompson'] as const, 'linucb');
  const exploration = checkNumber('options.exploration', options.exploration, algorithm === 'linucb' ? 0.5 : 0.3, { min: 0 });
  const ridge = checkNumber('options.ridge', options.ridge, 1, { min: 0, minOpen: true });
  // the prior models each action's reward, not its advantage over a shared level: learn the same
  const learner = createLinearBandit({ algorithm, dim: o.features.length, actions: o.actions, ridge, exploration, baseline: o.prior === 'none' });
  return createController(o, 'bandit', learner) as BanditRegulator;
}

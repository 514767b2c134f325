import type { Features } from '../features/signal-features';
import type { Config } from '../space/param-spec';

/**
 * What produced a signal: `step` after a slice of training batches, `eval` after an evaluation
 * on the validation split (only `eval` signals carry `val_*` metrics; epoch- and
 * population-level regulators see only these).
 */
export type SignalKind = 'step' | 'eval';

/** One observation of the environment of one trial, as every regulator sees it. */
export interface Signal {
  readonly experimentId: string;
  readonly trialId: string;
  readonly kind: SignalKind;
  /** Optimiser steps (batches) taken by this trial so far. */
  readonly step: number;
  /** Completed passes over the training split (fractional: step × batch ÷ samples). */
  readonly epoch: number;
  /**
   * Measured values: `loss`, `grad_norm`, `lr_effective`, `samples_per_s`, and at evaluations
   * `val_loss`, `val_accuracy`; engines may add more (e.g. `grad_dot` for hypergradients).
   */
  readonly metrics: Readonly<Record<string, number>>;
  /** Derived by the regulome (see `updateFeatures`) plus any the engine adds. */
  readonly features: Readonly<Features>;
  /** Effective hyperparameter values in force when the signal was measured. */
  readonly config: Readonly<Config>;
}

import type { Config, DatasetDescriptor, Trial } from '@epigenome/core';

/** Facts recorded with every trial. */
export interface TrialMetadata {
  /** TensorFlow.js backend the trial runs on (`tensorflow`, `wasm`, `cpu`). */
  readonly backend: string;
  /** `mlp`, `cnn` or `custom`. */
  readonly modelFamily: string;
  readonly dataset: DatasetDescriptor;
  /** Seed of initial weights and batch order. */
  readonly seed: number;
  /** Trainable parameters of the model (at its current widths). */
  readonly parameters: number;
  /** Multiply-adds of one forward pass per sample at the current widths (see `modelFlops`); training ≈ 3×. */
  readonly flops: number;
  /** Worker thread index when the trial runs in a worker pool; undefined in this thread. */
  readonly worker?: number;
}

/**
 * A trial of this engine: the core `Trial` contract plus metadata and a weight read-out.
 *
 * `train(steps)` reports in `StepStats.metrics` (all plain numbers):
 * - `loss`, `grad_norm` (global L2 norm of the last step's gradient, before clipping),
 *   `lr_effective`, `samples_per_s`, `epoch` (passes over the training split so far);
 * - `grad_dot`: hypergradient input (Baydin et al. 2018, "Online learning rate adaptation with
 *   hypergradient descent", eq. 3 and §3.2 for Adam): g_t · d_{t−1}, the dot product of the
 *   last step's gradient (after clipping) with the previous step's update direction d_{t−1}
 *   (the update was θ ← θ − lr·d): sgd d = g, momentum d = velocity, rmsprop d = g/(√s+ε),
 *   adam d = m̂/(√v̂+ε). ∂loss/∂lr = −grad_dot, so hypergradient descent is
 *   lr ← lr + β·grad_dot. Present when `steps` ≥ 2 or the previous call ended on the step before;
 * - `grad_cos`: grad_dot ÷ (‖g_t‖·‖d_{t−1}‖), in [−1, 1], a scale-free version;
 * - `slice_cos` (calls of ≥ 2 steps): the cosine of the last step's gradient with the call's
 *   displacement before it, θ_first − θ_before_last — the hypergradient over the whole call;
 * - `grad_signal` (calls of ≥ 2 steps, batches of ≥ 2 samples): the share of the last step's batch gradient that is
 *   the expected gradient, not mini-batch noise, in [0, 1], from the gradients of the batch's two
 *   halves (one extra pass on the first half; the step itself is unchanged);
 * - `diverged`: 1 when a loss was NaN/±Inf (training stopped at that step), else 0.
 */
export interface TfjsTrial extends Trial {
  readonly metadata: TrialMetadata;
  /** Optimiser steps taken. */
  readonly step: number;
  /** Effective hyperparameters now (see `HYPERPARAMETER_NAMES`). */
  readonly config: Readonly<Config>;
  /** True once a loss was NaN/Inf (until a `load`). */
  readonly diverged: boolean;
  /** All model weights flattened in `model.weights` order (a copy). */
  readWeights(): Promise<Float32Array>;
  /** The model's outputs (one row of logits or probabilities per input) for inputs laid out like the dataset's `x`, in inference mode (dropout off). */
  predict(inputs: Float32Array): Promise<Float32Array>;
}

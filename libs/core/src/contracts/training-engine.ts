import type { Config } from '../space/param-spec';
import type { DatasetDescriptor } from './task-context';

/** What one call of `Trial.train` did. */
export interface StepStats {
  /** Optimiser steps taken in this call. */
  readonly steps: number;
  /** Mean training loss over those steps (NaN/Inf when the trial diverged). */
  readonly loss: number;
  /** Global L2 norm of the last step's gradient (before clipping). */
  readonly gradNorm: number;
  /** Learning rate actually used at the last step. */
  readonly lrEffective: number;
  /** Training samples consumed. */
  readonly samples: number;
  /** Wall-clock seconds spent. */
  readonly seconds: number;
  /** Further per-call measurements (e.g. `grad_dot`: dot product of the last two update directions). */
  readonly metrics?: Readonly<Record<string, number>>;
}

/** A trial's full training state as bytes: weights, optimiser state, step and config. */
export interface Checkpoint {
  /** Optimiser steps taken when it was saved. */
  readonly step: number;
  /** The effective configuration at that step. */
  readonly config: Readonly<Config>;
  /** Opaque, engine-defined, self-contained encoding (crosses threads, processes, databases). */
  readonly bytes: Uint8Array;
}

/** One training run of one configuration, live-adjustable. */
export interface Trial {
  /** Changes hyperparameters; takes effect on the next batch. Throws `INVALID_CONFIG` for out-of-range values. */
  apply(config: Readonly<Config>): void;
  /** Trains `steps` batches; resolves with what happened. */
  train(steps: number): Promise<StepStats>;
  /** Evaluates on the validation split: at least `val_loss`, plus e.g. `val_accuracy`. */
  evaluate(): Promise<Record<string, number>>;
  /** Saves weights + optimiser state. */
  save(): Promise<Checkpoint>;
  /** Replaces weights + optimiser state (and config) by a checkpoint's, e.g. another trial's (exploit). */
  load(checkpoint: Checkpoint): Promise<void>;
  /** Frees every tensor and resource; the trial is unusable afterwards. */
  dispose(): void | Promise<void>;
}

/** Makes trials of one task (dataset + model family) on one backend. */
export interface TrainingEngine {
  /** Backend in use, e.g. `tensorflow`, `wasm`, `cpu`; recorded with every trial. */
  readonly backend: string;
  /** The dataset, for the memory's context fingerprint. */
  readonly dataset: DatasetDescriptor;
  /** The model family, e.g. `mlp`, `cnn`, `custom`. */
  readonly modelFamily: string;
  /** Creates a trial with the given configuration; `seed` fixes initial weights and batch order. */
  createTrial(config: Readonly<Config>, seed: number): Promise<Trial>;
  /** Frees the engine's shared resources (worker pool, datasets). */
  dispose?(): void | Promise<void>;
}

import type { Config, ExperimentStatus, MemoryStore, Objective, RegulationEvent, Regulator, SearchSpace, TaskContext, TrainingEngine } from '@epigenome/core';

/** Budget of each trial. Exactly one of `steps` or `epochs`; `seconds` caps the whole experiment. */
export interface Budget {
  /** Optimiser steps per trial. */
  steps?: number;
  /** Passes over the training split per trial (converted to steps with the first trial's `batch_size`, default 32). */
  epochs?: number;
  /** Wall-clock cap of the whole experiment, checked between rounds (not reproducible). */
  seconds?: number;
  /**
   * Give the steps a stopped trial did not use to the trials still running (evenly, remainder to
   * the first in trial order), so pruning buys the survivors longer training at the same total
   * budget, as in successive halving. A trial's `features.budget_used` is measured against its own
   * budget, the reallocated steps included. Default false.
   */
  reallocate?: boolean;
}

/** What the runner reports while it works. */
export type RunnerProgress =
  | { type: 'started'; experimentId: string; backend: string; trials: readonly { id: string; config: Config }[] }
  | { type: 'signal'; experimentId: string; trialId: string; kind: 'step' | 'eval'; step: number; metrics: Readonly<Record<string, number>>; config: Readonly<Config> }
  | { type: 'events'; experimentId: string; events: readonly RegulationEvent[] }
  | { type: 'round'; experimentId: string; round: number; stepsDone: number; stepsTotal: number }
  | { type: 'finished'; experimentId: string; status: ExperimentStatus };

/** Options of `runExperiment`. */
export interface RunExperimentOptions {
  readonly engine: TrainingEngine;
  readonly space: SearchSpace;
  readonly regulators?: readonly Regulator[];
  /**
   * The user's default configuration (what they would train with untuned): the first trial no
   * lineage regulator seeds from a mark starts from it instead of a random draw, so the population
   * always holds the default beside its explorers and regulation starts from it. Names it leaves
   * out are drawn; every value must lie in `space`. Default: none, every trial drawn (`runSpec`
   * passes the spec's `defaultConfig`, or the engine's defaults the space admits).
   */
  readonly defaultConfig?: Partial<Config>;
  /** Trials trained side by side. Default 4. */
  readonly population?: number;
  readonly budget: Budget;
  /** Seed of everything random (configs, weights, batch order, regulators). Default 0. */
  readonly seed?: number;
  /** What "better" means. Default `{ metric: 'val_accuracy', mode: 'max' }`. */
  readonly objective?: Objective;
  /** Steps between evaluations (one round). Default 100. */
  readonly evaluateEvery?: number;
  /** Steps between step-level signals (one chunk). Default 10. */
  readonly signalEvery?: number;
  /** Persist checkpoints to the store every this many rounds (0 = never). Default 1. */
  readonly checkpointEvery?: number;
  /** Where everything is persisted; without it the run is in memory only. */
  readonly memory?: MemoryStore;
  /** Restore inheritable regulators' learned states (`Regulator.inheritable`) from inherited marks at start. Default true with a memory. */
  readonly inheritStates?: boolean;
  /**
   * Fraction of the population warm-started from the weights of the best trial of an earlier
   * experiment with the same model architecture (`context.model.arch`) and a similar dataset.
   * In [0, 1]; default 0.5 with a memory. Trials 0, 2, 4, … are warm-started at 0.5.
   */
  readonly inheritWeights?: number;
  /** Write the best trial's weights as a mark at the end. Default true with a memory. */
  readonly markWeights?: boolean;
  /** Write marks (best config, best schedule, learned states) at the end. Default true with a memory. */
  readonly writeMarks?: boolean;
  /** The experiment's context fingerprint. Default: the engine's dataset and model family. */
  readonly context?: TaskContext;
  readonly name?: string;
  /** The declarative spec this run came from, stored with the experiment (needed by `resume`). */
  readonly spec?: unknown;
  readonly onProgress?: (progress: RunnerProgress) => void;
  /**
   * Stops the run at the next chunk boundary (every `signalEvery` steps; the runner yields to the
   * event loop there, so a signal handler or timer gets to fire it). The round under way is
   * discarded and the experiment is left `interrupted` at its last persisted round; `resume`
   * trains that round again from the same state, so the result is the uninterrupted one.
   */
  readonly abortSignal?: AbortSignal;
}

import type { Checkpoint, Config, ExperimentStatus, TrialStatus } from '@epigenome/core';

/** One trial's outcome. */
export interface TrialSummary {
  readonly id: string;
  readonly status: TrialStatus;
  readonly steps: number;
  readonly config: Config;
  readonly fitness: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly generation: number;
  readonly parentId: string | undefined;
  /** Effective configuration at each evaluation (the learned schedule). */
  readonly schedule: readonly { step: number; config: Config }[];
}

/** The outcome of an experiment. */
export interface ExperimentResult {
  readonly experimentId: string;
  readonly status: ExperimentStatus;
  readonly backend: string;
  readonly best: TrialSummary | undefined;
  readonly trials: readonly TrialSummary[];
  /** Metric points recorded (persisted when a memory is given). */
  readonly metricPoints: number;
  readonly events: number;
  /** Optimiser steps taken over all trials. */
  readonly steps: number;
  /** Marks written at the end (ids). */
  readonly marks: readonly string[];
  /** The best trial's weights and optimiser state at its last evaluation (e.g. to test or export it). */
  readonly bestCheckpoint: Checkpoint | undefined;
  /** Learned states restored from inherited marks at start (regulator → mark id). */
  readonly inheritedStates: Readonly<Record<string, string>>;
}

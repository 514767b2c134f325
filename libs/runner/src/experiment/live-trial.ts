import type { Checkpoint, Config, Trial, TrialStatus } from '@epigenome/core';

/** A trial as the runner drives it: the engine's handle plus the runner's own bookkeeping. */
export interface LiveTrial {
  id: string;
  key: string;
  seed: number;
  handle: Trial | undefined;
  status: TrialStatus;
  step: number;
  /** Training samples consumed so far (for the fractional epoch of signals). */
  samples: number;
  /** Steps this trial may train: the per-trial budget plus any steps reallocated to it. */
  budget: number;
  lastLoss: number;
  lastEval: Record<string, number>;
  checkpoint: Checkpoint | undefined;
  /** Latest checkpoint taken at an evaluation with finite losses (or at creation): rollback target. */
  lastGood: Checkpoint | undefined;
  /** Weights were replaced (exploit or rollback) since `checkpoint` was taken. */
  reloaded: boolean;
  /** The checkpoint its latest evaluation measured (what `metrics`/`fitness` describe). */
  evaluated: Checkpoint | undefined;
  checkpointStep: number | undefined;
  /** Effective config at each evaluation: the trial's learned schedule. */
  trail: { step: number; config: Config }[];
}

/** An interval of training progress: exactly one of steps, epochs or seconds. */
export interface ProgressInterval {
  /** Optimiser steps (batches). */
  readonly steps?: number;
  /** Passes over the training split (fractional allowed). */
  readonly epochs?: number;
  /** Wall-clock seconds since the trial's first evaluation seen by the regulator. */
  readonly seconds?: number;
}

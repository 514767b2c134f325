// The structural suite's settings: the task, the arms and the growth reflex as the benchmark runs it.
import { width, type SearchSpace } from '@epigenome/core';
import type { GrowthReflexOptions } from '@epigenome/regulators-rl';

/** One hidden layer whose width is live (`width.0`); Adam, batch 64. */
export const MODEL = { kind: 'mlp', hidden: [16] } as const;
export const BASE_CONFIG = { optimizer: 'adam', lr: 1e-3, batch_size: 64 } as const;
export const BATCH = BASE_CONFIG.batch_size;
/** The fixed-width grid; its ends bound the space every arm shares. */
export const GRID = [16, 32, 64, 128, 256] as const;
export const SMALL = 16;
export const WIDE = 256;
export const SPACE: SearchSpace = { 'width.0': width(GRID[0], GRID[4]) };
/** Steps between step signals and between evaluations (as the runner's signalEvery / evaluateEvery). */
export const SLICE = 10;
export const EVAL_EVERY = 50;
/**
 * Symmetry-breaking noise of a grow in the regulated arms' engine (the engine's default is 1e-3;
 * per element, each added unit's incoming weights × (1 + noise·z)): Net2WiderNet copies of a unit
 * share its outgoing weights and so receive nearly the same gradients. Measured in --quick runs
 * (2 seeds): grown 16→64 at step 250 of 400 tested 0.906 with noise 0.1, the fixed 16-unit network
 * 0.904 and the fixed 64 0.9205; with 0.5 over 800 steps, 16→64→256 tested 0.919 against 0.9395 for
 * the fixed 256. See `grown_at_start_accuracy` for the cost of the grown initialisation alone.
 */
export const WIDEN_NOISE = 0.5;
/** MNIST digits of the `mnist` package: a 4,000-digit training split, so the wide network overfits within the budget. */
export const SPLITS = { train: 4000, validation: 1000, test: 1000, seed: 0 } as const;
/**
 * The growth reflex as both regulated arms run it (one setting for both starts): underfitting is a
 * training loss (EMA) improving by less than 20% over one evaluation (50 steps) at a gap ≤ 20%, then
 * widths ×4; overfitting is no new best validation loss for 3 evaluations at a gap ≥ 20% that grew
 * over them, then widths ×0.5; a cooldown of 1 evaluation.
 */
export const GROWTH: GrowthReflexOptions = {
  patience: 1,
  minDelta: 0.2,
  maxGap: 0.2,
  growFactor: 4,
  overfitPatience: 3,
  overfitMinDelta: 0,
  minOverfitGap: 0.2,
  shrinkFactor: 0.5,
  cooldown: 1,
};

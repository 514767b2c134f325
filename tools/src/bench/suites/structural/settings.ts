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
 * Symmetry-breaking noise of the Net2WiderNet comparison arm (`growInit: 'net2wider'`; the
 * engine's default is 1e-3; per element, each added unit's incoming weights × (1 + noise·z)):
 * Net2WiderNet copies of a unit share its outgoing weights and so receive nearly the same
 * gradients. Measured in --quick runs (2 seeds): grown 16→64 at step 250 of 400 tested 0.906 with
 * noise 0.1, the fixed 16-unit network 0.904 and the fixed 64 0.9205; with 0.5 over 800 steps,
 * 16→64→256 tested 0.919 against 0.9395 for the fixed 256.
 */
export const WIDEN_NOISE = 0.5;
/** MNIST digits of the `mnist` package: a 4,000-digit training split, so the wide network overfits within the budget. */
export const SPLITS = { train: 4000, validation: 1000, test: 1000, seed: 0 } as const;
/**
 * The growth reflex as both regulated arms run it (one setting for both starts): underfitting is a
 * training loss (EMA) improving by less than 20% over one evaluation (50 steps) at a gap ≤ 20%, then
 * widths ×16 (to the space's maximum from 16); overfitting is a validation loss not improved by 5%
 * over one evaluation at a gap ≥ 20% that grew since the evaluation before, then one shrink
 * (`maxShrinks`) to widths ×0.5 in 8 cuts, one per evaluation (gradual pruning); a cooldown of 1
 * evaluation. Chosen on the validation split (4 seeds, 800 steps, `val_accuracy` of the final
 * model; the previous setting, growFactor 4 and a 3-evaluation plateau with any improvement
 * counting, grew seed 1 only to 64 — its gap passed 20% first — and rarely saw overfitting):
 * shrinking from 256 to 128 in one cut at steps 400–500 ended at val 0.916–0.928 (0.923–0.930 with
 * the engine's least-squares compensation), in one cut at 150–250 at 0.919–0.925, in 8 cuts from
 * 150–250 at 0.927–0.931 (0.920–0.933 without the compensation); the fixed 256 at 0.936–0.941, the
 * fixed 128 at 0.926 and 0.930 (seeds 0, 1). Grown from 16 to 256 at step 250: 0.944–0.950.
 */
export const GROWTH: GrowthReflexOptions = {
  patience: 1,
  minDelta: 0.2,
  maxGap: 0.2,
  growFactor: 16,
  overfitPatience: 1,
  overfitMinDelta: 0.05,
  minOverfitGap: 0.2,
  shrinkFactor: 0.5,
  shrinkSteps: 8,
  maxShrinks: 1,
  cooldown: 1,
};

// Settings of the regulation suite: the task's model and splits, the search space, the arms.
import { choice, float, type Config, type SearchSpace } from '@epigenome/core';

export const MODEL = { kind: 'mlp', hidden: [128, 64] } as const;
export const SPLITS = { train: 8_000, validation: 1_000, test: 1_000 } as const;
/**
 * The search space of every searching arm. Batch size is fixed (the engine default, 32) so a step
 * costs the same in every arm. Dropout is left out on purpose: the engine's Dropout layers draw
 * unseeded masks, so any dropout > 0 makes a run irreproducible (see the report).
 */
export const SPACE: SearchSpace = {
  lr: float(1e-4, 1e-1, { log: true }),
  optimizer: choice(['adam', 'rmsprop', 'momentum']),
  weight_decay: float(0, 0.05),
};
/** The engine's defaults (libs/engine-tfjs hyperparameters.ts): what a user gets without tuning. */
export const DEFAULT_CONFIG: Config = { lr: 1e-3, optimizer: 'adam', weight_decay: 0 };

export interface Settings {
  readonly seeds: readonly number[];
  /** Total optimiser steps per arm, summed over its trials. */
  readonly budget: number;
  /** Population of random and PBT. */
  readonly population: number;
  /** Trials ASHA starts (more than `population`: it stops most of them early). */
  readonly ashaPopulation: number;
  /** Population of the full regulome (both epigenome arms and the first lineage experiment). */
  readonly regulomePopulation: number;
  /** PBT's ready interval (steps since a trial's first evaluation). */
  readonly pbtEvery: number;
  /** ASHA's first rung (steps). */
  readonly ashaGrace: number;
  readonly evaluateEvery: number;
  readonly signalEvery: number;
  /** Validation accuracy the steps-to-target figures refer to. */
  readonly target: number;
  /** Other targets reported for context. */
  readonly otherTargets: readonly number[];
  /** GP-BO over whole trials: trials run one after another (each `budget / gpTrials` steps). Default 6. */
  readonly gpTrials?: number;
  /** GP-BO's Sobol initial points before the GP proposes. Default 3. */
  readonly gpInitial?: number;
}

export const FULL: Settings = { seeds: [0, 1, 2, 3, 4], budget: 1_000, population: 4, ashaPopulation: 8, regulomePopulation: 2, pbtEvery: 50, ashaGrace: 50, evaluateEvery: 25, signalEvery: 10, target: 0.92, otherTargets: [0.9, 0.91, 0.93] };
export const QUICK: Settings = { ...FULL, seeds: [0, 1], budget: 600, ashaPopulation: 6 };

/** Every arm `runArm` knows; the regulation suite runs {@link ARMS}. */
export type ArmName = 'static' | 'random' | 'asha' | 'pbt' | 'pb2' | 'gp_bo' | 'hypergradient' | 'epigenome' | 'epigenome_fresh';
export const ARMS = ['static', 'random', 'asha', 'pbt', 'epigenome', 'epigenome_fresh'] as const satisfies readonly ArmName[];
export type RegulationArm = (typeof ARMS)[number];

/**
 * The levels of regulation, outermost first:
 * - `lineage`: across experiments (at experiment start and end: memory inheritance).
 * - `population`: across the trials of one experiment (PBT, PB2, ASHA, BO/CMA-ES proposals).
 * - `epoch`: inside one trial, at each evaluation (plateau/divergence reflexes, RL controllers).
 * - `step`: inside one trial, every signal (hypergradient, bandits on the learning rate).
 */
export type Level = 'lineage' | 'population' | 'epoch' | 'step';

/** All levels, outermost first: the order in which the regulome runs `propose` and `regulate`. */
export const LEVELS: readonly Level[] = ['lineage', 'population', 'epoch', 'step'];

/** Depth of a level: 0 for `lineage` (outermost) … 3 for `step` (innermost). */
export function levelDepth(level: Level): number {
  return LEVELS.indexOf(level);
}

/** True for a known level name. */
export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

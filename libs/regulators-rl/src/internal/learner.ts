import type { Rng } from '@epigenome/core';

/** One decision's outcome, as a learner learns from it. */
export interface Transition {
  readonly x: readonly number[];
  /** Hyperparameter → index of the chosen action. */
  readonly actions: Readonly<Record<string, number>>;
  /** Hyperparameter → which actions were feasible when choosing. */
  readonly masks: Readonly<Record<string, readonly boolean[]>>;
  readonly reward: number;
  /** The state after it; undefined when the episode (trial) ended. */
  readonly next: readonly number[] | undefined;
}

/** The learning part of a controller (a bandit, an actor-critic). */
export interface Learner {
  /** Index of the action to take on `param` in state `x`, among the feasible ones. */
  choose(x: readonly number[], param: string, mask: readonly boolean[], rng: Rng): number;
  learn(t: Transition): void;
  snapshot(): unknown;
  /** Replaces the learned state; throws naming `field` when it does not fit. */
  restore(state: unknown, field: string): void;
  /**
   * Sets the starting point of a fresh learner: per hyperparameter, per action, a weight vector
   * over the features whose dot product with the state is the expected reward (scaled as the
   * reward is). Throws naming `field` when the learner cannot take it.
   */
  setPrior(weights: Readonly<Record<string, readonly (readonly number[])[]>>, field: string): void;
}

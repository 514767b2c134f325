import type { Config } from '../space/param-spec';
import type { TaskContext } from './task-context';

/**
 * What a mark remembers: a configuration, a schedule (hyperparameter trajectory: step → values),
 * or a regulator's learned state (e.g. bandit statistics or policy weights).
 */
export type MarkRegulation =
  | { readonly kind: 'config'; readonly config: Readonly<Config> }
  | { readonly kind: 'schedule'; readonly points: readonly { readonly step: number; readonly config: Readonly<Config> }[] }
  | { readonly kind: 'state'; readonly regulator: string; readonly state: unknown };

/** A new mark, as a regulator or the runner records it. */
export interface MarkInput {
  readonly context: TaskContext;
  readonly regulation: MarkRegulation;
  /** The objective it reached, higher is better. */
  readonly fitness: number;
  /** Initial strength in [0, 1]; default 0.5. */
  readonly strength?: number;
  /** Days for the strength to halve when not reinforced; default 30. */
  readonly halfLifeDays?: number;
  readonly sourceExperimentId?: string;
  readonly sourceTrialId?: string;
}

/** A stored mark. `strength` is as stored; decay applies at read time. */
export interface Mark extends Required<Omit<MarkInput, 'sourceExperimentId' | 'sourceTrialId'>> {
  readonly id: string;
  readonly sourceExperimentId: string | undefined;
  readonly sourceTrialId: string | undefined;
  /** When the strength was last set (creation, reinforcement or weakening), ms since epoch. */
  readonly updatedAt: number;
  readonly createdAt: number;
}

/** A mark returned by inheritance, with how it was scored. */
export interface InheritedMark extends Mark {
  /** Context similarity in [0, 1] (1 = identical). */
  readonly similarity: number;
  /** Strength after half-life decay since `updatedAt`. */
  readonly decayedStrength: number;
  /** similarity × decayedStrength. */
  readonly score: number;
}

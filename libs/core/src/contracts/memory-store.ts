import type { Config } from '../space/param-spec';
import type { Level } from './level';
import type { InheritedMark, Mark, MarkInput } from './mark';
import type { RegulationEvent } from './regulation-event';
import type { TrialStatus } from './regulator';
import type { TaskContext } from './task-context';

/** Lifecycle of an experiment. */
export type ExperimentStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** A stored experiment. */
export interface ExperimentRecord {
  readonly id: string;
  readonly name: string;
  readonly status: ExperimentStatus;
  /** The experiment spec as given (JSON). */
  readonly spec: unknown;
  readonly seed: number;
  /** TensorFlow.js backend the trials ran on. */
  readonly backend: string;
  readonly context: TaskContext | undefined;
  readonly summary: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A stored trial. */
export interface TrialRecord {
  readonly id: string;
  readonly experimentId: string;
  readonly status: TrialStatus;
  readonly config: Readonly<Config>;
  readonly seed: number;
  readonly parentId: string | undefined;
  readonly generation: number;
  /** Steps trained so far. */
  readonly step: number;
  readonly fitness: number | undefined;
}

/** One metric value of one trial at one step. Values must be finite. */
export interface MetricPoint {
  readonly trialId: string;
  readonly step: number;
  readonly name: string;
  readonly value: number;
}

/** An exploit edge: `childId` took over `parentId`'s state at `step`. */
export interface LineageEdge {
  readonly experimentId: string;
  readonly childId: string;
  readonly parentId: string;
  readonly step: number;
}

/** A stored checkpoint. */
export interface StoredCheckpoint {
  readonly trialId: string;
  readonly step: number;
  readonly bytes: Uint8Array;
}

/** Options of `MemoryStore.putCheckpoint`. */
export interface PutCheckpointOptions {
  /** Steps of the same trial kept by this put's retention besides the newest; default none. */
  readonly retain?: readonly number[];
}

/**
 * The persistence contract: experiments, trials, metrics, regulation events, checkpoints,
 * lineage and marks. Every method is async and validates its input (throwing `EpigenomeError`
 * and storing nothing on bad input); unknown ids throw `NOT_FOUND`.
 */
export interface MemoryStore {
  createExperiment(input: { id?: string; name: string; spec: unknown; seed: number; backend: string; context?: TaskContext }): Promise<ExperimentRecord>;
  getExperiment(id: string): Promise<ExperimentRecord>;
  listExperiments(): Promise<ExperimentRecord[]>;
  updateExperiment(id: string, patch: { status?: ExperimentStatus; summary?: unknown; backend?: string }): Promise<void>;

  createTrial(input: { id: string; experimentId: string; config: Config; seed: number; parentId?: string; generation?: number }): Promise<TrialRecord>;
  updateTrial(id: string, patch: { status?: TrialStatus; config?: Config; step?: number; parentId?: string; generation?: number; fitness?: number }): Promise<void>;
  listTrials(experimentId: string): Promise<TrialRecord[]>;

  /** Buffers points (validated now); they are durable once a later `flush()` resolves. */
  appendMetrics(points: readonly MetricPoint[]): void;
  /** Writes every buffered point; resolves when they are durable. */
  flush(): Promise<void>;
  appendEvents(events: readonly RegulationEvent[]): Promise<void>;
  addLineage(edge: LineageEdge): Promise<void>;
  /**
   * Deletes a trial's metric points, regulation events and lineage edges after `afterStep`
   * (exclusive), atomically: how a resumed run drops a round it will train again, so no point is
   * duplicated. Resolves to the number of metric points deleted.
   */
  truncateTrial(trialId: string, afterStep: number): Promise<number>;

  /**
   * Stores a checkpoint (replacing one of the same trial and step) and applies the store's
   * retention rule to the trial's older checkpoints. `options.retain`: steps of this trial that
   * survive this put's retention besides the newest ones the store keeps (e.g. the trial's last
   * good checkpoint, the target of a rollback); pass them on every put that must keep them.
   */
  putCheckpoint(checkpoint: StoredCheckpoint, options?: PutCheckpointOptions): Promise<void>;
  /** The checkpoint at `step`, or the trial's latest when `step` is omitted. */
  getCheckpoint(trialId: string, step?: number): Promise<StoredCheckpoint | undefined>;

  mark(input: MarkInput): Promise<Mark>;
  /**
   * Raises a mark's strength: d + amount × (1 − d), d the decayed strength; `amount` in [0, 1],
   * default 0.2 (`DEFAULT_REINFORCE_AMOUNT` of `@epigenome/memory`). Revives an erased mark.
   */
  reinforce(markId: string, amount?: number): Promise<Mark>;
  /**
   * Lowers strength to max(0, d − amount), `amount` in [0, 1], default 0.2; a mark falling below
   * the floor is erased (reversibly) and `undefined` returned.
   */
  weaken(markId: string, amount?: number): Promise<Mark | undefined>;
  erase(markId: string): Promise<void>;
  inherit(context: TaskContext, k: number): Promise<InheritedMark[]>;

  close(): Promise<void>;
}

/** Re-exported for stores that index events by level. */
export type { Level };

import type { ExperimentStatus, MemoryStore, MetricPoint, RegulationEvent, Regulome, TaskContext } from '@epigenome/core';
import type { UsedMark } from '../lineage/lineage-at-start';
import { toFiniteJson } from '@epigenome/core';
import type { LiveTrial } from './live-trial';
import type { ResolvedOptions } from './resolve-options';
import type { RunExperimentOptions, RunnerProgress } from './run-options';
import { trialState, type RunnerState, type StoredCheckpoints } from './runner-state';

/** Everything one run of an experiment holds while it goes, shared by its phases. */
export interface ExperimentRun {
  readonly options: RunExperimentOptions;
  readonly r: ResolvedOptions;
  readonly experimentId: string;
  readonly context: TaskContext;
  readonly memory: MemoryStore | undefined;
  readonly regulome: Regulome;
  readonly emit: (progress: RunnerProgress) => void;
  /** `Date.now()` when the run (or this resumed part of it) started: the clock of `budget.seconds`. */
  readonly started: number;
  readonly trials: LiveTrial[];
  /** Regulation events and metric points of the round under way, written at its end. */
  readonly events: RegulationEvent[];
  readonly points: MetricPoint[];
  metricPoints: number;
  eventCount: number;
  round: number;
  status: ExperimentStatus;
  /** Steps per trial before any reallocation. */
  budgetSteps: number;
  readonly inheritedStates: Record<string, string>;
  readonly usedMarks: UsedMark[];
  readonly stored: StoredCheckpoints;
  /** The state last persisted (kept beside an error when the run fails). */
  persisted: RunnerState | undefined;
}

/** Counts and writes the round's metric points (durable once flushed) and events. */
export async function flushRecords(run: ExperimentRun): Promise<void> {
  const { memory, points, events } = run;
  if (points.length > 0) {
    run.metricPoints += points.length;
    if (memory) memory.appendMetrics(points.splice(0));
    else points.length = 0;
  }
  if (memory) await memory.flush();
  if (events.length > 0) {
    run.eventCount += events.length;
    if (memory) await memory.appendEvents(events.splice(0));
    else events.length = 0;
  }
}

/** The state `resume` continues from, as of the end of the current round. */
export function runnerState(run: ExperimentRun): RunnerState {
  return {
    version: 1,
    round: run.round,
    regulome: run.regulome.snapshot(),
    trials: run.trials.map((t) => trialState(t, run.stored)),
    metricPoints: run.metricPoints,
    events: run.eventCount,
    inheritedStates: run.inheritedStates,
    stateMarks: run.usedMarks.map((m) => ({ id: m.id, fitness: toFiniteJson(m.fitness) })),
    stepsPerTrial: run.budgetSteps,
  };
}

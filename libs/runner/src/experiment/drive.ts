import { EpigenomeError, createRegulome, type ExperimentStatus, type Regulome, type TaskContext } from '@epigenome/core';
import { fromFiniteJson } from '@epigenome/core';
import { inheritAtStart, type LineageAtStart } from '../lineage/lineage-at-start';
import { createLineageView } from '../lineage/lineage-view';
import type { ExperimentResult } from './experiment-result';
import { flushRecords, type ExperimentRun } from './experiment-run';
import { finishExperiment } from './finish-experiment';
import { stepsPerTrial, type ResolvedOptions } from './resolve-options';
import { runRounds } from './round-loop';
import type { RunExperimentOptions } from './run-options';
import type { RunnerState } from './runner-state';
import { restoreTrials, startTrials } from './start-trials';

/** The regulome of a run; built once before anything is written (to refuse a bad composition) and again for the run itself. */
export function buildRegulome(options: RunExperimentOptions, r: ResolvedOptions, experimentId: string, context?: TaskContext): Regulome {
  const lineage = options.memory && context ? createLineageView(options.memory, context) : undefined;
  return createRegulome({
    space: options.space,
    regulators: options.regulators ?? [],
    experimentId,
    seed: r.seed,
    objective: r.objective,
    lineage,
    ...(options.defaultConfig ? { defaultConfig: options.defaultConfig } : {}),
    budget: options.budget.steps !== undefined ? { stepsPerTrial: options.budget.steps, totalSteps: options.budget.steps * r.population } : {},
  });
}

/** What the error that failed a run is stored as (`summary.error`). */
export function errorSummary(error: unknown): { code: string; message: string } {
  if (EpigenomeError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs (or, with `resumeState`, continues) an experiment whose store row exists: lineage at
 * start, the population, the rounds, the result. A failure marks the experiment `failed` with the
 * reason in its summary (`summary.error = { code, message }`, beside the last runner state) and is
 * rethrown; engine trials are disposed whatever happens.
 */
export async function drive(
  options: RunExperimentOptions,
  r: ResolvedOptions,
  context: TaskContext,
  experimentId: string,
  resumeState: RunnerState | undefined,
  existingTrials: ReadonlySet<string>,
): Promise<ExperimentResult> {
  const { memory } = options;
  const started = Date.now();
  let run: ExperimentRun | undefined;
  try {
    const atStart: LineageAtStart =
      !resumeState && memory
        ? await inheritAtStart({
            memory,
            context,
            space: options.space,
            regulators: options.regulators ?? [],
            weightFraction: r.weightFraction,
            inheritStates: options.inheritStates ?? true,
          })
        : {
            weightsMark: undefined,
            inheritedStates: { ...(resumeState?.inheritedStates ?? {}) },
            usedMarks: (resumeState?.stateMarks ?? []).map((m) => ({ id: m.id, fitness: fromFiniteJson<number>(m.fitness) })),
          };
    run = {
      options,
      r,
      experimentId,
      context,
      memory,
      regulome: buildRegulome(options, r, experimentId, context),
      emit: options.onProgress ?? (() => {}),
      started,
      trials: [],
      events: [],
      points: [],
      metricPoints: resumeState?.metricPoints ?? 0,
      eventCount: resumeState?.events ?? 0,
      round: resumeState?.round ?? 0,
      status: 'running' as ExperimentStatus,
      budgetSteps: options.budget.steps ?? 0,
      inheritedStates: atStart.inheritedStates,
      usedMarks: atStart.usedMarks,
      stored: new WeakMap(),
      persisted: resumeState,
    };
    if (resumeState) await restoreTrials(run, resumeState);
    else await startTrials(run, existingTrials, atStart.weightsMark);
    const first = run.trials[0]?.id as string;
    if (options.budget.steps === undefined) run.budgetSteps = resumeState?.stepsPerTrial ?? stepsPerTrial(options, run.regulome.trial(first).config);
    for (const t of run.trials) if (t.budget === 0) t.budget = run.budgetSteps;
    const { regulome } = run;
    run.emit({ type: 'started', experimentId, backend: options.engine.backend, trials: run.trials.map((t) => ({ id: t.id, config: regulome.trial(t.id).config })) });
    await runRounds(run);
    return await finishExperiment(run);
  } catch (error) {
    try {
      if (run) {
        run.status = 'failed';
        await flushRecords(run);
      }
      await memory?.updateExperiment(experimentId, {
        status: 'failed',
        summary: { ...((run?.persisted ?? resumeState) ? { runner: run?.persisted ?? resumeState } : {}), error: errorSummary(error) },
      });
    } catch {
      // the original error matters more than a failure to record it
    }
    throw error;
  } finally {
    for (const t of run?.trials ?? []) {
      if (t.handle) await t.handle.dispose();
      t.handle = undefined;
    }
  }
}

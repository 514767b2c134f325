import { EpigenomeError, describeValue, invalidArgument, type MemoryStore, type TaskContext } from '@epigenome/core';
import { buildRegulome, drive } from './experiment/drive';
import type { ExperimentResult } from './experiment/experiment-result';
import { resolveOptions } from './experiment/resolve-options';
import type { RunExperimentOptions } from './experiment/run-options';
import { resumeExperimentOptionsSchema } from './experiment/run-options-schema';
import type { RunnerState } from './experiment/runner-state';

export type { Budget, RunExperimentOptions, RunnerProgress } from './experiment/run-options';
export type { ExperimentResult, TrialSummary } from './experiment/experiment-result';
export type { CheckpointRef, RunnerState, RunnerTrialState } from './experiment/runner-state';
export { WEIGHTS } from './lineage/lineage-constants';

/**
 * Runs an experiment: a population of trials trained in lockstep rounds, every signal fed
 * through the regulome, adjustments applied at their level (live hyperparameter changes,
 * exploits with checkpoint copies, stops), everything persisted through the memory store, and
 * marks written at the end.
 *
 * Options and the regulators' composition are checked before anything is written (a refused run
 * leaves no experiment behind); a failure after that marks the experiment `failed`, with the
 * reason in its summary (`summary.error`).
 *
 * Reproducibility: within a round every trial trains its chunk (in parallel where the engine has
 * workers), then the signals are fed to the regulome in trial order, so the same seed on the same
 * backend gives the same result whatever the engine's worker count.
 */
export async function runExperiment(options: RunExperimentOptions): Promise<ExperimentResult> {
  const r = resolveOptions(options);
  buildRegulome(options, r, 'check');
  const context: TaskContext = options.context ?? { dataset: options.engine.dataset, model: { family: options.engine.modelFamily } };
  const memory = options.memory;
  const record = memory
    ? await memory.createExperiment({ name: options.name ?? 'experiment', spec: options.spec ?? null, seed: r.seed, backend: options.engine.backend, context })
    : { id: `mem-${Date.now().toString(36)}` };
  return drive(options, r, context, record.id, undefined, new Set());
}

/**
 * Continues an interrupted experiment from its last persisted round: the regulome, every trial's
 * weights and optimiser state, its rollback target, last loss and evaluation, and the counters are
 * restored; metric points past the restored steps are discarded first, so none is duplicated or
 * lost. Interrupted + resumed gives the uninterrupted result, provided every regulator's
 * `snapshot()` is complete.
 *
 * A `completed` experiment is refused (`CONFLICT`), and so is a `failed` one: its error (stored in
 * `summary.error`) would only happen again from the same state — start a new experiment instead.
 */
export async function resumeExperiment(options: RunExperimentOptions & { experimentId: string; memory: MemoryStore }): Promise<ExperimentResult> {
  const r = resolveOptions(options, resumeExperimentOptionsSchema);
  buildRegulome(options, r, options.experimentId);
  const memory = options.memory;
  const record = await memory.getExperiment(options.experimentId);
  if (record.status === 'completed') throw invalidArgument('experimentId', options.experimentId, 'an experiment that has not completed', { code: 'CONFLICT' });
  if (record.status === 'failed') {
    const error = (record.summary as { error?: { code?: string; message?: string } } | null)?.error;
    const reason = error ? ` (${error.code}: ${error.message})` : '';
    throw new EpigenomeError({
      code: 'CONFLICT',
      field: 'experimentId',
      value: options.experimentId,
      allowed: 'an interrupted experiment',
      message: `experiment ${describeValue(options.experimentId.length > 80 ? `${options.experimentId.slice(0, 77)}...` : options.experimentId)} failed${reason} and cannot be resumed: the same state would fail again; fix the cause and start a new experiment`,
    });
  }
  const state = (record.summary as { runner?: RunnerState } | null)?.runner;
  const context: TaskContext = options.context ?? record.context ?? { dataset: options.engine.dataset, model: { family: options.engine.modelFamily } };
  await memory.updateExperiment(record.id, { status: 'running' });
  // Without a committed round there is nothing to continue from: start over, reusing the trials.
  const existing = state ? new Set<string>() : new Set((await memory.listTrials(record.id)).map((t) => t.id));
  return drive(options, r, context, record.id, state, existing);
}

import { lineageAtEnd } from '../lineage/lineage-at-end';
import type { ExperimentResult, TrialSummary } from './experiment-result';
import { flushRecords, type ExperimentRun } from './experiment-run';

/** Each trial's outcome; fitness is that of the trial's own last evaluation (an exploit hands it the donor's in the regulome). */
function summarise(run: ExperimentRun): TrialSummary[] {
  const { objective } = run.r;
  return run.trials.map((t): TrialSummary => {
    const v = run.regulome.trial(t.id);
    const own = t.lastEval[objective.metric];
    const fitness = own === undefined || !Number.isFinite(own) ? Number.NEGATIVE_INFINITY : objective.mode === 'max' ? own : -own;
    return {
      id: t.id,
      status: v.status,
      steps: t.step,
      config: { ...(t.trail.at(-1)?.config ?? v.config) },
      fitness,
      metrics: t.lastEval,
      generation: v.generation,
      parentId: v.parentId,
      schedule: t.trail,
    };
  });
}

/**
 * Ends the run: a run that was not interrupted finishes the regulome, writes its marks and judges
 * the inherited ones (lineage at end), and is `completed`; the result is stored with the
 * experiment (without checkpoint bytes and schedules) and reported.
 */
export async function finishExperiment(run: ExperimentRun): Promise<ExperimentResult> {
  const { options, memory, experimentId, trials } = run;
  let marks: string[] = [];
  const summaries = summarise(run);
  const best = summaries.reduce<TrialSummary | undefined>((b, s) => (b === undefined || s.fitness > b.fitness ? s : b), undefined);
  if (run.status === 'running') {
    await run.regulome.finish();
    await flushRecords(run);
    if (memory && (options.writeMarks ?? true) && best) {
      const weights = (options.markWeights ?? true) ? trials.find((t) => t.id === best.id)?.evaluated : undefined;
      marks = await lineageAtEnd({
        memory,
        context: run.context,
        experimentId,
        best,
        trials: summaries,
        regulators: options.regulators ?? [],
        objective: run.r.objective,
        weights,
        usedMarks: run.usedMarks,
      });
    }
    run.status = 'completed';
  }
  const status = run.status;
  const bestCheckpoint = best ? trials.find((t) => t.id === best.id)?.evaluated : undefined;
  const result: ExperimentResult = {
    experimentId,
    status,
    backend: options.engine.backend,
    best,
    trials: summaries,
    metricPoints: run.metricPoints,
    events: run.eventCount,
    steps: trials.reduce((a, t) => a + t.step, 0),
    marks,
    inheritedStates: run.inheritedStates,
    bestCheckpoint,
  };
  if (memory) {
    // The record was created with the engine's expected backend; once trials ran, the engine knows
    // the one it really started (e.g. wasm when tfjs-node is installed without its native binary).
    const backend = options.engine.backend;
    if (status === 'completed') {
      const { bestCheckpoint: _b, ...stored } = result;
      await memory.updateExperiment(experimentId, { status, backend, summary: { result: { ...stored, trials: stored.trials.map(({ schedule: _s, ...rest }) => rest) } } });
    } else await memory.updateExperiment(experimentId, { status, backend });
  }
  run.emit({ type: 'finished', experimentId, status });
  return result;
}

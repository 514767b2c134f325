import type { Config, MemoryStore, MetricPoint, Objective, RegulationEvent, Regulator, TaskContext } from '@epigenome/core';

/** What a recorded `fit` run needs to know besides the store. */
export interface FitRecorderOptions {
  readonly memory: MemoryStore;
  readonly name: string;
  readonly seed: number;
  readonly backend: string;
  readonly context: TaskContext;
  readonly objective: Objective;
  readonly regulators: readonly Regulator[];
}

/**
 * Records a stock `fit` run in a memory store like any experiment the runner runs: one experiment
 * with one trial, its metric points, its regulation events, its status, and at the end the marks
 * (the final configuration, the schedule of configurations at each epoch, and the learned
 * knowledge of inheritable regulators), so it shows in `epigenome ls` and later runs inherit it.
 */
export function createFitRecorder(o: FitRecorderOptions) {
  let experimentId = '';
  let trialId = '';
  let fitness = Number.NEGATIVE_INFINITY;
  const schedule: { step: number; config: Config }[] = [];
  const fitnessOf = (metrics: Readonly<Record<string, number>>): number | undefined => {
    const v = metrics[o.objective.metric];
    if (v === undefined) return undefined;
    return Number.isFinite(v) ? (o.objective.mode === 'max' ? v : -v) : Number.NEGATIVE_INFINITY;
  };
  return {
    get experimentId() {
      return experimentId;
    },
    async start(localTrialId: string, config: Config): Promise<void> {
      const e = await o.memory.createExperiment({ name: o.name, spec: { source: 'model.fit' }, seed: o.seed, backend: o.backend, context: o.context });
      experimentId = e.id;
      trialId = `${e.id}-${localTrialId}`;
      await o.memory.createTrial({ id: trialId, experimentId, config, seed: o.seed });
      schedule.push({ step: 0, config: { ...config } });
    },
    /** Metric points and events of one signal (events carry the regulome's trial id; stored under the recorded one). */
    async signal(step: number, metrics: Readonly<Record<string, number>>, events: readonly RegulationEvent[], config: Config, kind: 'step' | 'eval'): Promise<void> {
      const points: MetricPoint[] = Object.entries(metrics)
        .filter(([, v]) => Number.isFinite(v))
        .map(([name, value]) => ({ trialId, step, name, value }));
      if (points.length > 0) o.memory.appendMetrics(points);
      if (events.length > 0) await o.memory.appendEvents(events.map((e) => ({ ...e, experimentId, trialId })));
      if (kind === 'eval') {
        const f = fitnessOf(metrics);
        if (f !== undefined && f > fitness) fitness = f;
        schedule.push({ step, config: { ...config } });
        await o.memory.flush();
        await o.memory.updateTrial(trialId, { step, config, ...(f !== undefined && Number.isFinite(f) ? { fitness: f } : {}) });
      }
    },
    /** Ends the run: trial and experiment status, marks of a completed run. */
    async finish(status: 'completed' | 'stopped' | 'failed', step: number, config: Config): Promise<string[]> {
      await o.memory.flush();
      await o.memory.updateTrial(trialId, { status, step, config });
      const marks: string[] = [];
      if (status !== 'failed') {
        const common = { context: o.context, fitness: Number.isFinite(fitness) ? fitness : -1e300, strength: 0.5, sourceExperimentId: experimentId, sourceTrialId: trialId };
        marks.push((await o.memory.mark({ ...common, regulation: { kind: 'config', config } })).id);
        if (schedule.length > 1) marks.push((await o.memory.mark({ ...common, regulation: { kind: 'schedule', points: schedule } })).id);
        for (const r of o.regulators) {
          if (r.inheritable !== true) continue;
          const state = r.knowledge ? r.knowledge() : r.snapshot?.();
          if (state !== undefined) marks.push((await o.memory.mark({ ...common, regulation: { kind: 'state', regulator: r.name, state } })).id);
        }
      }
      await o.memory.updateExperiment(experimentId, {
        status: status === 'failed' ? 'failed' : 'completed',
        summary: { result: { source: 'model.fit', steps: step, best: { fitness, config }, marks } },
      });
      return marks;
    },
  };
}

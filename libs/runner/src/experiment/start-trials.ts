import { createRng, type Checkpoint, type InheritedMark } from '@epigenome/core';
import { warmStart } from '../lineage/lineage-at-start';
import { WEIGHTS } from '../lineage/lineage-constants';
import type { ExperimentRun } from './experiment-run';
import type { LiveTrial } from './live-trial';
import { checkpointFromRef, lastMeasures, type RunnerState } from './runner-state';

/**
 * Starts the population of a new experiment: the regulome's `setup`, then per trial its
 * configuration (`propose` at every level), its engine seed, its store row (rows of an earlier
 * attempt without a committed round are reused, their records dropped), its engine trial and, for
 * the trials the spread picks, the inherited weights. The creation-time checkpoint is each trial's
 * first rollback target.
 */
export async function startTrials(run: ExperimentRun, existingTrials: ReadonlySet<string>, weightsMark: InheritedMark | undefined): Promise<void> {
  const { regulome, memory, experimentId, options, r } = run;
  const rootRng = createRng(r.seed);
  await regulome.start();
  for (let i = 0; i < r.population; i++) {
    const key = `t${i}`;
    const id = `${experimentId}-${key}`;
    const config = await regulome.addTrial(id, { streamKey: key });
    const seed = rootRng.split(`engine:${key}`).int(2 ** 31);
    if (existingTrials.has(id)) {
      await memory?.truncateTrial(id, -1);
      await memory?.updateTrial(id, { status: 'running', step: 0, config });
    } else await memory?.createTrial({ id, experimentId, config, seed });
    const handle = await options.engine.createTrial(config, seed);
    if (weightsMark && (await warmStart(handle, config, i, r.weightFraction, weightsMark))) {
      run.inheritedStates[`${WEIGHTS}:${key}`] = weightsMark.id;
      if (!run.usedMarks.some((m) => m.id === weightsMark.id)) run.usedMarks.push({ id: weightsMark.id, fitness: weightsMark.fitness });
    }
    run.trials.push({
      id,
      key,
      seed,
      handle,
      status: 'running',
      step: 0,
      samples: 0,
      budget: 0,
      lastLoss: Number.NaN,
      lastEval: {},
      checkpoint: undefined,
      lastGood: await handle.save(),
      reloaded: false,
      evaluated: undefined,
      checkpointStep: undefined,
      trail: [{ step: 0, config }],
    });
  }
}

/**
 * Restores the population of an interrupted experiment from its last persisted round: the
 * regulome, each trial's counters, last loss and evaluation, and for running trials an engine
 * trial loaded from the stored checkpoint, with its rollback target and evaluated checkpoint as
 * they were. Records past the committed round (written by the interrupted process) are dropped
 * first, so none is duplicated or lost.
 */
export async function restoreTrials(run: ExperimentRun, state: RunnerState): Promise<void> {
  const { regulome, memory, options } = run;
  regulome.restore(state.regulome);
  for (const t of state.trials) {
    const view = regulome.trial(t.id);
    const measures = lastMeasures(t);
    const live: LiveTrial = {
      id: t.id,
      key: t.key,
      seed: t.seed,
      handle: undefined,
      status: t.status,
      step: t.step,
      samples: t.samples ?? 0,
      budget: t.budget ?? 0,
      lastLoss: measures.lastLoss,
      lastEval: measures.lastEval,
      checkpoint: undefined,
      lastGood: undefined,
      reloaded: false,
      evaluated: undefined,
      checkpointStep: t.checkpointStep,
      trail: t.trail ?? [],
    };
    run.trials.push(live);
    if (memory) await memory.truncateTrial(t.id, t.step);
    if (memory) live.evaluated = await checkpointFromRef(t.evaluated, t.id, memory, run.stored);
    if (t.status !== 'running') continue;
    live.handle = await options.engine.createTrial(view.config, t.seed);
    const stored = memory && t.checkpointStep !== undefined ? await memory.getCheckpoint(t.id, t.checkpointStep) : undefined;
    if (stored) {
      const ckpt: Checkpoint = { step: stored.step, config: view.config, bytes: stored.bytes };
      await live.handle.load(ckpt);
      live.checkpoint = ckpt;
      run.stored.set(ckpt, stored.step);
      // States written before the rollback target was kept fall back to the continued checkpoint.
      const good = t.lastGood === 'evaluated' ? live.evaluated : memory ? await checkpointFromRef(t.lastGood, t.id, memory, run.stored) : undefined;
      live.lastGood = good ?? ckpt;
    }
    live.handle.apply(view.config);
    await memory?.updateTrial(t.id, { status: 'running', step: t.step });
  }
}

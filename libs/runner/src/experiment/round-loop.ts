import type { Checkpoint, MetricPoint, StepStats, Trial } from '@epigenome/core';
import { applyOutcome, finishTrial } from './apply-outcome';
import { flushRecords, runnerState, type ExperimentRun } from './experiment-run';
import type { LiveTrial } from './live-trial';

function finiteMetrics(trialId: string, step: number, metrics: Readonly<Record<string, number>>, out: MetricPoint[]): void {
  for (const [name, value] of Object.entries(metrics)) if (Number.isFinite(value)) out.push({ trialId, step, name, value });
}

/**
 * `features.budget_used` of a trial's signal, against its own budget: with `budget.reallocate` a
 * survivor's budget grows past the steps per trial, and a schedule over the budget (the
 * hypergradient's target) must stretch with it. Without reallocation it equals what the regulome
 * derives from `budget.steps`; with an epoch budget the regulome derives none, and neither does this.
 */
function budgetUsed(run: ExperimentRun, t: LiveTrial): { features?: Record<string, number> } {
  if (run.options.budget.steps === undefined || !(t.budget > 0)) return {};
  return { features: { budget_used: Math.min(1, Math.max(0, t.step / t.budget)) } };
}

// Training a chunk is synchronous work on the main thread; without a macrotask turn between chunks
// no signal handler or timer could run (and so could not abort) until the run ends.
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Trains every running trial through one segment (up to `evaluateEvery` steps) in chunks of
 * `signalEvery`, feeding each chunk's step signals to the regulome in trial order. Returns false
 * when the abort signal fired at a chunk boundary (the round is then abandoned).
 */
async function trainSegment(run: ExperimentRun): Promise<boolean> {
  const { trials, regulome, options, r, experimentId } = run;
  const segmentOf = (t: LiveTrial) => Math.min(r.evaluateEvery, t.budget - t.step);
  let done = 0;
  const segment = Math.max(...trials.filter((t) => t.status === 'running').map(segmentOf));
  while (done < segment) {
    const chunk = Math.min(r.signalEvery, segment - done);
    const running = trials.filter((t) => t.status === 'running' && t.step < t.budget);
    const stats = await Promise.all(running.map((t) => (t.handle as Trial).train(Math.min(chunk, t.budget - t.step))));
    for (const [i, t] of running.entries()) {
      const s = stats[i] as StepStats;
      t.step += s.steps;
      t.samples += s.samples;
      t.lastLoss = s.loss;
      const metrics: Record<string, number> = {
        loss: s.loss,
        grad_norm: s.gradNorm,
        lr_effective: s.lrEffective,
        samples_per_s: s.seconds > 0 ? s.samples / s.seconds : 0,
        ...s.metrics,
      };
      const epoch = t.samples / Math.max(1, options.engine.dataset.samples);
      const out = await regulome.observe({ trialId: t.id, kind: 'step', step: t.step, epoch, metrics, ...budgetUsed(run, t) });
      finiteMetrics(t.id, t.step, { loss: s.loss, grad_norm: s.gradNorm, lr_effective: s.lrEffective }, run.points);
      run.emit({ type: 'signal', experimentId, trialId: t.id, kind: 'step', step: t.step, metrics, config: out.signal.config });
      await applyOutcome(run, t, out, new Map());
    }
    done += chunk;
    await yieldToEventLoop();
    if (options.abortSignal?.aborted) return false;
  }
  return true;
}

/** Evaluates and checkpoints every running trial, then regulates at the population/epoch levels in trial order, all of the round's evaluations known to the regulome first. */
async function evaluateRound(run: ExperimentRun, running: readonly LiveTrial[]): Promise<void> {
  const { regulome, options, memory, experimentId } = run;
  const evals = await Promise.all(running.map((t) => (t.handle as Trial).evaluate()));
  const saved = await Promise.all(running.map((t) => (t.handle as Trial).save()));
  const donors = new Map<string, Checkpoint>();
  for (const [i, t] of running.entries()) {
    const ckpt = saved[i] as Checkpoint;
    t.checkpoint = ckpt;
    t.evaluated = ckpt;
    t.reloaded = false;
    if (Number.isFinite(t.lastLoss) && Object.values(evals[i] as Record<string, number>).every(Number.isFinite)) t.lastGood = ckpt;
    donors.set(t.id, ckpt);
    regulome.setCheckpoint(t.id, true);
  }
  // one round: a population regulator deciding for the first trial already sees every trial's evaluation of it
  const inputs = running.map((t, i) => {
    const metrics = { ...(evals[i] as Record<string, number>), loss: t.lastLoss };
    t.lastEval = metrics;
    const epoch = t.samples / Math.max(1, options.engine.dataset.samples);
    return { trialId: t.id, kind: 'eval' as const, step: t.step, epoch, metrics, final: t.step >= t.budget, ...budgetUsed(run, t) };
  });
  const outcomes = await regulome.observeRound(inputs);
  for (const [i, t] of running.entries()) {
    const out = outcomes[i] as (typeof outcomes)[number];
    const { metrics } = inputs[i] as (typeof inputs)[number];
    finiteMetrics(t.id, t.step, evals[i] as Record<string, number>, run.points);
    run.emit({ type: 'signal', experimentId, trialId: t.id, kind: 'eval', step: t.step, metrics, config: out.signal.config });
    await applyOutcome(run, t, out, donors);
    if (t.status === 'running') {
      t.trail.push({ step: t.step, config: { ...regulome.trial(t.id).config } });
      const fitness = regulome.trial(t.id).fitness;
      await memory?.updateTrial(t.id, { step: t.step, config: regulome.trial(t.id).config, ...(fitness !== undefined && Number.isFinite(fitness) ? { fitness } : {}) });
    }
  }
}

/**
 * Persists the state each trial continues from: after an exploit or rollback, that is the loaded
 * weights, not the ones evaluated. A trial stopped at this evaluation keeps its evaluated
 * checkpoint stored too (it may be the result's best).
 */
async function persistCheckpoints(run: ExperimentRun, running: readonly LiveTrial[]): Promise<void> {
  const memory = run.memory;
  if (!memory) return;
  for (const t of running) {
    if (t.status !== 'running' || !t.handle) {
      if (t.evaluated && !run.stored.has(t.evaluated) && t.evaluated === t.checkpoint) {
        await memory.putCheckpoint({ trialId: t.id, step: t.step, bytes: t.evaluated.bytes });
        run.stored.set(t.evaluated, t.step);
      }
      continue;
    }
    if (t.reloaded) {
      t.checkpoint = await t.handle.save();
      t.reloaded = false;
    }
    // The rollback target and the evaluated weights may be older stored checkpoints: keep them.
    const retain = [t.lastGood, t.evaluated].map((c) => (c ? run.stored.get(c) : undefined)).filter((step): step is number => step !== undefined && step !== t.step);
    await memory.putCheckpoint({ trialId: t.id, step: t.step, bytes: (t.checkpoint as Checkpoint).bytes }, retain.length > 0 ? { retain } : undefined);
    run.stored.set(t.checkpoint as Checkpoint, t.step);
    t.checkpointStep = t.step;
  }
}

/**
 * Runs rounds until no trial is running, the wall-clock budget is spent or the abort signal fires:
 * each round trains a segment, evaluates, regulates, persists (every `checkpointEvery` rounds,
 * with the runner state `resume` continues from) and reports progress. An abort at a chunk
 * boundary abandons the round under way: nothing of it is persisted, so `resume` replays it.
 */
export async function runRounds(run: ExperimentRun): Promise<void> {
  const { trials, options, r, memory, experimentId } = run;
  const stepsTotal = run.budgetSteps * trials.length;
  while (trials.some((t) => t.status === 'running')) {
    if (options.abortSignal?.aborted) {
      run.status = 'interrupted';
      break;
    }
    if (options.budget.seconds !== undefined && (Date.now() - run.started) / 1000 >= options.budget.seconds) {
      for (const t of trials) if (t.status === 'running') await finishTrial(run, t, 'completed');
      break;
    }
    run.round++;
    if (!(await trainSegment(run))) {
      run.status = 'interrupted';
      break;
    }
    const running = trials.filter((t) => t.status === 'running');
    await evaluateRound(run, running);
    const persist = memory !== undefined && r.checkpointEvery > 0 && run.round % r.checkpointEvery === 0;
    if (persist) await persistCheckpoints(run, running);
    for (const t of trials) if (t.status === 'running' && t.step >= t.budget) await finishTrial(run, t, 'completed');
    await flushRecords(run);
    if (persist && memory) {
      run.persisted = runnerState(run);
      await memory.updateExperiment(experimentId, { backend: options.engine.backend, summary: { runner: run.persisted } });
    }
    run.emit({ type: 'round', experimentId, round: run.round, stepsDone: trials.reduce((a, t) => a + t.step, 0), stepsTotal });
  }
}

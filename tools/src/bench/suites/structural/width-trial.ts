// One MNIST trial whose hidden width is live, driven through a core regulome the way the runner
// drives a trial: a `step` signal after every slice of SLICE optimiser steps, an `eval` signal every
// EVAL_EVERY steps (the evaluation's metrics plus the last slice's `loss`, as the runner sends
// them), the effective config applied after each. Training FLOPs are counted from what the engine
// reports for each slice (`flops_forward`: multiply-adds of one forward pass of one sample at the
// slice's width) × 3 (forward + backward) × the slice's samples.
import { createRegulome, type Regulator } from '@epigenome/core';
import type { TfjsEngine } from '@epigenome/engine-tfjs';
import { testAccuracy, type Task } from '../regulation/task';
import { BASE_CONFIG, EVAL_EVERY, SLICE, SPACE } from './settings';

export interface WidthTrialOptions {
  readonly task: Task & { readonly engine: TfjsEngine };
  /** Starting width of the hidden layer. */
  readonly width: number;
  readonly regulators: readonly Regulator[];
  readonly steps: number;
  /** Grow (Net2WiderNet, the engine's noise) to this width before the first step: a diagnostic of the grown initialisation itself. */
  readonly growAtStart?: number;
  readonly seed: number;
}

export interface WidthTrialResult {
  readonly testAccuracy: number;
  readonly valAccuracy: number;
  /** Multiply-adds of the whole run's training (3 × forward per sample). */
  readonly trainingFlops: number;
  /** Multiply-adds of one forward pass of one sample, at the end. */
  readonly finalForwardFlops: number;
  readonly finalWidth: number;
  /** (step, width) at every change, starting with (0, width). */
  readonly widths: readonly [number, number][];
  readonly samples: number;
  readonly reasons: readonly string[];
}

export async function runWidthTrial(o: WidthTrialOptions): Promise<WidthTrialResult> {
  const regulome = createRegulome({ space: SPACE, regulators: o.regulators, seed: o.seed, budget: { stepsPerTrial: o.steps }, features: { budgetSteps: o.steps } });
  await regulome.start();
  const trial = await o.task.engine.createTrial({ ...BASE_CONFIG, 'width.0': o.width }, o.seed);
  const widths: [number, number][] = [[0, o.width]];
  if (o.growAtStart !== undefined) {
    trial.apply({ 'width.0': o.growAtStart });
    widths.push([0, o.growAtStart]);
  }
  // the regulome starts from the width the trial has now
  const config = await regulome.addTrial('t0', { config: { 'width.0': o.growAtStart ?? o.width } });
  let current = config['width.0'] as number;
  const reasons: string[] = [];
  let trainingFlops = 0;
  let forward = Number.NaN;
  let samples = 0;
  let valAccuracy = Number.NaN;
  const apply = (out: { config: Readonly<Record<string, unknown>>; events: readonly { reason: string }[] }, step: number): void => {
    for (const e of out.events) reasons.push(e.reason);
    const next = out.config['width.0'] as number;
    if (next === current) return;
    trial.apply({ 'width.0': next });
    current = next;
    widths.push([step, next]);
  };
  try {
    for (let step = 0; step < o.steps; ) {
      const n = Math.min(SLICE, o.steps - step);
      const st = await trial.train(n);
      step += n;
      forward = st.metrics?.flops_forward ?? Number.NaN;
      if (!Number.isFinite(forward)) throw new Error('the engine reports no metrics.flops_forward: it lacks live widths');
      trainingFlops += 3 * forward * st.samples;
      samples += st.samples;
      const metrics: Record<string, number> = { loss: st.loss, grad_norm: st.gradNorm };
      apply(await regulome.observe({ trialId: 't0', kind: 'step', step, metrics }), step);
      if (step % EVAL_EVERY === 0 || step === o.steps) {
        const ev = await trial.evaluate();
        valAccuracy = ev.val_accuracy ?? Number.NaN;
        apply(await regulome.observe({ trialId: 't0', kind: 'eval', step, metrics: { ...ev, loss: st.loss }, final: step === o.steps }), step);
      }
    }
    await regulome.endTrial('t0');
    const final = await trial.save();
    return {
      testAccuracy: await testAccuracy(o.task, final),
      valAccuracy,
      trainingFlops,
      finalForwardFlops: trial.metadata?.flops ?? forward,
      finalWidth: current,
      widths,
      samples,
      reasons,
    };
  } finally {
    await trial.dispose();
  }
}

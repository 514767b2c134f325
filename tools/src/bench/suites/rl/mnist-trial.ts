// One MNIST trial on @epigenome/engine-tfjs driven through a core regulome, the way the runner
// drives a trial: a `step` signal after every slice of `slice` optimiser steps (the engine's
// StepStats metrics: loss, grad_norm, lr_effective, grad_dot, grad_cos, diverged), an `eval`
// signal every `evalEvery` steps, the effective config applied after each; an outcome with
// `rollback` restores the last good checkpoint (taken at evaluations with finite losses, and at
// step 0). The final weights are tested on the held-out split by a second engine whose
// validation split is the test split.
import { createRegulome, type Regulator, type SearchSpace } from '@epigenome/core';
import type { TaskData, TfjsEngine } from '@epigenome/engine-tfjs';
import { pickRows } from '../../pick-rows';

/** A task: the training engine (validation = the validation split) and the test engine (validation = the test split). */
export interface MnistTask {
  readonly name: string;
  readonly train: TfjsEngine;
  readonly test: TfjsEngine;
}

export interface MnistTrialOptions {
  readonly task: MnistTask;
  readonly config: Readonly<Record<string, number | string>>;
  readonly space: SearchSpace;
  readonly regulators: readonly Regulator[];
  readonly steps: number;
  readonly seed: number;
  readonly slice?: number;
  readonly evalEvery?: number;
  /** Stop when validation accuracy reaches it (steps-to-target). */
  readonly target?: number;
  /** Skip the test evaluation (steps-to-target runs). */
  readonly skipTest?: boolean;
}

export interface MnistTrialResult {
  testAccuracy: number;
  valAccuracy: number;
  stepsToTarget: number | undefined;
  /** Effective lr after each slice. */
  lrs: number[];
  finalLr: number;
  rollbacks: number;
  /** Time inside `regulome.observe` and inside the engine (train + evaluate), ms. */
  regulationMs: number;
  trainingMs: number;
}

export async function runMnistTrial(o: MnistTrialOptions): Promise<MnistTrialResult> {
  const slice = o.slice ?? 10;
  const evalEvery = o.evalEvery ?? 50;
  const regulome = createRegulome({ space: o.space, regulators: o.regulators, seed: o.seed, budget: { stepsPerTrial: o.steps }, features: { budgetSteps: o.steps } });
  await regulome.start();
  const config = await regulome.addTrial('t0', { config: { lr: o.config.lr as number } });
  const lrOf = (c: Readonly<Record<string, unknown>>) => c.lr as number;
  const trial = await o.task.train.createTrial({ ...o.config, lr: lrOf(config) }, o.seed);
  let regulationMs = 0;
  let trainingMs = 0;
  const lrs: number[] = [];
  let rollbacks = 0;
  let stepsToTarget: number | undefined;
  let valAccuracy = 0;
  try {
    let good = await trial.save();
    const handle = async (out: Awaited<ReturnType<typeof regulome.observe>>): Promise<void> => {
      if (out.rollback) {
        const t0 = performance.now();
        await trial.load(good);
        trainingMs += performance.now() - t0;
        rollbacks += 1;
      }
      trial.apply({ lr: lrOf(out.config) });
    };
    // a one-step probe first: its loss is the trial's initial loss (the explosion reference)
    for (let prev = 0, s = 1; s <= o.steps; prev = s, s = s === 1 ? Math.min(slice, o.steps) : s + slice) {
      const t0 = performance.now();
      const st = await trial.train(s - prev);
      trainingMs += performance.now() - t0;
      const metrics: Record<string, number> = { ...(st.metrics ?? {}), loss: st.loss, grad_norm: st.gradNorm, lr_effective: st.lrEffective };
      delete metrics.samples_per_s;
      delete metrics.epoch;
      const r0 = performance.now();
      const out = await regulome.observe({ trialId: 't0', kind: 'step', step: s, metrics });
      regulationMs += performance.now() - r0;
      await handle(out);
      lrs.push(lrOf(out.config));
      if (s % evalEvery === 0 || (s > 1 && s + slice > o.steps)) {
        const e0 = performance.now();
        const ev = await trial.evaluate();
        trainingMs += performance.now() - e0;
        valAccuracy = ev.val_accuracy ?? 0;
        const r1 = performance.now();
        const eo = await regulome.observe({ trialId: 't0', kind: 'eval', step: s, metrics: { val_loss: ev.val_loss as number, val_accuracy: valAccuracy } });
        regulationMs += performance.now() - r1;
        await handle(eo);
        if (!eo.rollback && Number.isFinite(ev.val_loss) && Number.isFinite(st.loss) && st.metrics?.diverged !== 1) {
          good = await trial.save();
          regulome.setCheckpoint('t0', true);
        }
        if (o.target !== undefined && stepsToTarget === undefined && valAccuracy >= o.target) {
          stepsToTarget = s;
          break;
        }
      }
    }
    const r2 = performance.now();
    await regulome.endTrial('t0');
    regulationMs += performance.now() - r2;
    let testAccuracy = Number.NaN;
    if (!o.skipTest) {
      const final = await trial.save();
      const tester = await o.task.test.createTrial({ ...o.config, lr: lrOf(final.config) }, o.seed);
      try {
        await tester.load(final);
        const ev = await tester.evaluate();
        testAccuracy = Number.isFinite(ev.val_loss) ? (ev.val_accuracy ?? 0) : 0;
      } finally {
        await tester.dispose();
      }
    }
    return { testAccuracy, valAccuracy, stepsToTarget, lrs, finalLr: lrs.at(-1) ?? lrOf(config), rollbacks, regulationMs, trainingMs };
  } finally {
    await trial.dispose();
  }
}

/** Restricts every split of a task to the given digits (labels kept: the same 10-way model). */
export function subsetTask(data: TaskData, digits: readonly number[]): TaskData {
  const keep = new Set(digits);
  const features = data.descriptor.features ?? 784;
  const filter = (s: TaskData['train']): TaskData['train'] => {
    const idx: number[] = [];
    for (let i = 0; i < s.count; i++) if (keep.has(s.y[i] as number)) idx.push(i);
    return pickRows(s, idx, features);
  };
  const train = filter(data.train);
  return {
    descriptor: { ...data.descriptor, name: `${data.descriptor.name}[${digits.join('')}]`, samples: train.count },
    train,
    validation: filter(data.validation),
    ...(data.test ? { test: filter(data.test) } : {}),
  };
}

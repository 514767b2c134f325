// A small, exact, pure-TypeScript training problem for tests and the `rl` benchmark: a one-hidden-
// layer tanh MLP classifying Gaussian clusters with ill-conditioned input scales, trained by
// mini-batch SGD or Adam. Everything the engine contract asks of a real engine is computed
// exactly, including the hypergradient metrics documented in the README (`grad_dot`, `grad_cos`).
import { createRegulome, createRng, type Regulator, type RegulationOutcome, type Rng, type SearchSpace } from '@epigenome/core';

/** A classification dataset split three ways. */
export interface SimTask {
  readonly dims: number;
  readonly classes: number;
  readonly train: { x: Float64Array[]; y: number[] };
  readonly val: { x: Float64Array[]; y: number[] };
  readonly test: { x: Float64Array[]; y: number[] };
}

/** Options of {@link createSimTask}. */
export interface SimTaskOptions {
  /** Seed of the sample draw (and of the class subset when `classSubset` is not given). */
  seed: number;
  /** Seed of the task family (prototypes, input scales): equal families are "similar tasks". Default 7. */
  family?: number;
  /** Classes of the family (prototypes). Default 6. */
  familyClasses?: number;
  /** Indices of the family's classes used (default: 4 drawn by `seed`). */
  classSubset?: readonly number[];
  /** Input dimensions. Default 12. */
  dims?: number;
  /** Samples per split. Default 600 / 300 / 600. */
  sizes?: { train: number; val: number; test: number };
}

/** Builds a task of the family: Gaussian clusters around class prototypes, inputs scaled unevenly. */
export function createSimTask(options: SimTaskOptions): SimTask {
  const dims = options.dims ?? 12;
  const familyClasses = options.familyClasses ?? 6;
  const famRng = createRng(`family:${options.family ?? 7}`);
  const prototypes = Array.from({ length: familyClasses }, () => Array.from({ length: dims }, () => famRng.normal(0, 1.1)));
  // Uneven scales make the problem ill-conditioned, so a learning rate too large oscillates.
  const scales = Array.from({ length: dims }, (_, j) => Math.exp(Math.log(0.2) + (Math.log(40) * j) / (dims - 1)));
  const rng = createRng(`sample:${options.seed}`);
  const subset = options.classSubset ?? rng.shuffle(Array.from({ length: familyClasses }, (_, i) => i)).slice(0, 4);
  const sizes = options.sizes ?? { train: 600, val: 300, test: 600 };
  const draw = (n: number) => {
    const x: Float64Array[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = i % subset.length;
      const p = prototypes[subset[c] as number] as number[];
      const v = new Float64Array(dims);
      for (let j = 0; j < dims; j++) v[j] = ((p[j] as number) + rng.normal(0, 1.5)) * (scales[j] as number);
      x.push(v);
      y.push(c);
    }
    return { x, y };
  };
  return { dims, classes: subset.length, train: draw(sizes.train), val: draw(sizes.val), test: draw(sizes.test) };
}

/** What one optimiser step measured. */
export interface SimStep {
  loss: number;
  gradNorm: number;
  /** g_t · d_{t−1} (0 at the first step). */
  gradDot: number;
  /** g_t · d_{t−1} / (‖g_t‖ ‖d_{t−1}‖) (0 at the first step or for a zero vector). */
  gradCos: number;
}

/** An MLP d → hidden (tanh) → classes (softmax) with its optimiser state. */
export interface SimModel {
  /** One mini-batch step at learning rate `lr`. */
  step(lr: number): SimStep;
  evaluate(split: 'val' | 'test' | 'train'): { loss: number; accuracy: number };
  /** Copies of the weights and optimiser state (a checkpoint). */
  save(): Float64Array[];
  load(state: readonly Float64Array[]): void;
}

/** Options of {@link createSimModel}. */
export interface SimModelOptions {
  optimizer: 'sgd' | 'adam';
  /** Hidden units. Default 16. */
  hidden?: number;
  /** Mini-batch size. Default 16. */
  batch?: number;
  seed: number;
}

/** A model of the task, initialised and shuffled by `seed`. */
export function createSimModel(task: SimTask, options: SimModelOptions): SimModel {
  const { dims, classes } = task;
  const hidden = options.hidden ?? 16;
  const batch = options.batch ?? 16;
  const rng: Rng = createRng(`model:${options.seed}`);
  const n1 = hidden * dims + hidden;
  const size = n1 + classes * hidden + classes;
  const theta = new Float64Array(size);
  for (let i = 0; i < hidden * dims; i++) theta[i] = rng.normal(0, 1 / Math.sqrt(dims));
  for (let i = n1; i < n1 + classes * hidden; i++) theta[i] = rng.normal(0, 1 / Math.sqrt(hidden));
  const grad = new Float64Array(size);
  const prevDir = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  let order: number[] = [];
  let cursor = 0;
  const h = new Float64Array(hidden);
  const logits = new Float64Array(classes);
  const dh = new Float64Array(hidden);

  // Forward one sample; accumulates the gradient when `acc` is set; returns [loss, correct].
  const sample = (x: Float64Array, y: number, acc: boolean, scale: number): [number, number] => {
    for (let k = 0; k < hidden; k++) {
      let s = theta[hidden * dims + k] as number;
      const row = k * dims;
      for (let j = 0; j < dims; j++) s += (theta[row + j] as number) * (x[j] as number);
      h[k] = Math.tanh(s);
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = theta[n1 + classes * hidden + c] as number;
      const row = n1 + c * hidden;
      for (let k = 0; k < hidden; k++) s += (theta[row + k] as number) * (h[k] as number);
      logits[c] = s;
      if (s > max) max = s;
    }
    let z = 0;
    for (let c = 0; c < classes; c++) z += Math.exp((logits[c] as number) - max);
    const logZ = max + Math.log(z);
    const loss = logZ - (logits[y] as number);
    let best = 0;
    for (let c = 1; c < classes; c++) if ((logits[c] as number) > (logits[best] as number)) best = c;
    if (acc) {
      dh.fill(0);
      for (let c = 0; c < classes; c++) {
        const d = (Math.exp((logits[c] as number) - logZ) - (c === y ? 1 : 0)) * scale;
        const row = n1 + c * hidden;
        grad[n1 + classes * hidden + c] = (grad[n1 + classes * hidden + c] as number) + d;
        for (let k = 0; k < hidden; k++) {
          grad[row + k] = (grad[row + k] as number) + d * (h[k] as number);
          dh[k] = (dh[k] as number) + d * (theta[row + k] as number);
        }
      }
      for (let k = 0; k < hidden; k++) {
        const da = (dh[k] as number) * (1 - (h[k] as number) ** 2);
        grad[hidden * dims + k] = (grad[hidden * dims + k] as number) + da;
        const row = k * dims;
        for (let j = 0; j < dims; j++) grad[row + j] = (grad[row + j] as number) + da * (x[j] as number);
      }
    }
    return [loss, best === y ? 1 : 0];
  };

  const nextIndex = (): number => {
    if (cursor >= order.length) {
      order = rng.shuffle(Array.from({ length: task.train.y.length }, (_, i) => i));
      cursor = 0;
    }
    return order[cursor++] as number;
  };

  return {
    step(lr) {
      grad.fill(0);
      let loss = 0;
      for (let b = 0; b < batch; b++) {
        const i = nextIndex();
        loss += sample(task.train.x[i] as Float64Array, task.train.y[i] as number, true, 1 / batch)[0];
      }
      loss /= batch;
      let gg = 0;
      let gd = 0;
      let dd = 0;
      for (let i = 0; i < size; i++) {
        const g = grad[i] as number;
        gg += g * g;
        gd += g * (prevDir[i] as number);
        dd += (prevDir[i] as number) ** 2;
      }
      t += 1;
      // the update direction d_t: θ_{t+1} = θ_t − lr · d_t (Baydin et al. 2018, Algorithms 1–2)
      for (let i = 0; i < size; i++) {
        const g = grad[i] as number;
        let d = g;
        if (options.optimizer === 'adam') {
          m[i] = 0.9 * (m[i] as number) + 0.1 * g;
          v[i] = 0.999 * (v[i] as number) + 0.001 * g * g;
          d = (m[i] as number) / (1 - 0.9 ** t) / (Math.sqrt((v[i] as number) / (1 - 0.999 ** t)) + 1e-8);
        }
        prevDir[i] = d;
        theta[i] = (theta[i] as number) - lr * d;
      }
      const denom = Math.sqrt(gg * dd);
      return { loss, gradNorm: Math.sqrt(gg), gradDot: gd, gradCos: denom > 0 ? gd / denom : 0 };
    },
    evaluate(split) {
      const data = task[split];
      let loss = 0;
      let correct = 0;
      for (let i = 0; i < data.y.length; i++) {
        const [l, c] = sample(data.x[i] as Float64Array, data.y[i] as number, false, 0);
        loss += l;
        correct += c;
      }
      return { loss: loss / data.y.length, accuracy: correct / data.y.length };
    },
    save: () => [theta, prevDir, m, v, new Float64Array([t])].map((a) => Float64Array.from(a)),
    load(state) {
      const [a, b, c, d, e] = state as Float64Array[];
      theta.set(a as Float64Array);
      prevDir.set(b as Float64Array);
      m.set(c as Float64Array);
      v.set(d as Float64Array);
      t = (e as Float64Array)[0] as number;
    },
  };
}

/** Options of {@link runSimTrial}. */
export interface SimTrialOptions {
  task: SimTask;
  optimizer: 'sgd' | 'adam';
  /** Initial learning rate. */
  lr: number;
  space: SearchSpace;
  regulators: readonly Regulator[];
  /** Optimiser steps. Default 400. */
  steps?: number;
  /** Steps per training slice (one `step` signal each, metrics averaged over the slice). Default 10. */
  slice?: number;
  /** Steps between evaluations (a multiple of `slice`). Default 50. */
  evalEvery?: number;
  /** Model seed. Default 0. */
  seed?: number;
  /** Regulome seed. Default 0. */
  regulomeSeed?: number;
  /** Stop as soon as validation accuracy reaches this (steps-to-target measurements). */
  target?: number;
  /** End the trial in the regulome (runs `conclude`) at the end. Default true. */
  conclude?: boolean;
}

/** What a simulated trial did. */
export interface SimTrialResult {
  testAccuracy: number;
  valAccuracy: number;
  valLoss: number;
  /** Steps at which validation accuracy first reached `target` (undefined when never). */
  stepsToTarget: number | undefined;
  /** Effective learning rate at each slice. */
  lrs: number[];
  /** Rollbacks performed (weights restored to the last good checkpoint). */
  rollbacks: number;
  /** Time spent inside the regulome (ms) and in training (ms). */
  regulationMs: number;
  trainingMs: number;
  outcomes: RegulationOutcome[];
}

/**
 * Trains one trial of the task through a regulome holding `regulators`, the way the runner will:
 * a `step` signal after every slice (`loss`, `grad_norm`, `lr_effective`, `grad_dot`, `grad_cos`:
 * slice means), an `eval` signal every `evalEvery` steps; the effective config is applied after
 * each. A rollback (an adjustment whose reason starts with `rollback`) restores the last good
 * checkpoint, as the runner would with the proposed `Adjustment.rollback`.
 */
export async function runSimTrial(options: SimTrialOptions): Promise<SimTrialResult> {
  const steps = options.steps ?? 400;
  const slice = options.slice ?? 10;
  const evalEvery = options.evalEvery ?? 50;
  const model = createSimModel(options.task, { optimizer: options.optimizer, seed: options.seed ?? 0 });
  const regulome = createRegulome({
    space: options.space,
    regulators: options.regulators,
    seed: options.regulomeSeed ?? 0,
    budget: { stepsPerTrial: steps },
    features: { budgetSteps: steps },
  });
  await regulome.start();
  const config = await regulome.addTrial('t0', { config: { lr: options.lr } });
  let lr = config.lr as number;
  let good = model.save();
  const lrs: number[] = [];
  const outcomes: RegulationOutcome[] = [];
  let rollbacks = 0;
  let regulationMs = 0;
  let trainingMs = 0;
  let stepsToTarget: number | undefined;
  let val = { loss: Number.NaN, accuracy: 0 };
  const handle = (outcome: RegulationOutcome): void => {
    outcomes.push(outcome);
    lr = outcome.config.lr as number;
    if (outcome.events.some((e) => e.reason.startsWith('rollback'))) {
      model.load(good);
      rollbacks += 1;
    }
  };
  for (let s = slice; s <= steps; s += slice) {
    const t0 = performance.now();
    let loss = 0;
    let gradNorm = 0;
    let gradDot = 0;
    let gradCos = 0;
    for (let i = 0; i < slice; i++) {
      const r = model.step(lr);
      loss += r.loss / slice;
      gradNorm += r.gradNorm / slice;
      gradDot += r.gradDot / slice;
      gradCos += r.gradCos / slice;
    }
    const t1 = performance.now();
    trainingMs += t1 - t0;
    lrs.push(lr);
    const metrics = { loss, grad_norm: gradNorm, lr_effective: lr, grad_dot: gradDot, grad_cos: gradCos };
    const r0 = performance.now();
    handle(await regulome.observe({ trialId: 't0', kind: 'step', step: s, metrics }));
    regulationMs += performance.now() - r0;
    if (s % evalEvery === 0) {
      const e0 = performance.now();
      val = model.evaluate('val');
      trainingMs += performance.now() - e0;
      const r1 = performance.now();
      const outcome = await regulome.observe({ trialId: 't0', kind: 'eval', step: s, metrics: { val_loss: val.loss, val_accuracy: val.accuracy } });
      regulationMs += performance.now() - r1;
      handle(outcome);
      if (Number.isFinite(val.loss) && outcome.signal.features.diverged !== 1) good = model.save();
      if (options.target !== undefined && stepsToTarget === undefined && val.accuracy >= options.target) {
        stepsToTarget = s;
        break;
      }
    }
  }
  if (options.conclude !== false) await regulome.endTrial('t0');
  const test = model.evaluate('test');
  return { testAccuracy: test.accuracy, valAccuracy: val.accuracy, valLoss: val.loss, stepsToTarget, lrs, rollbacks, regulationMs, trainingMs, outcomes };
}

// The regulation suite's tasks: MNIST splits, the engines, test accuracy and model selection.
import type { Checkpoint, Config, SearchSpace, TrainingEngine } from '@epigenome/core';
import { createTfjsEngine, type ModelSpec, type Split, type TaskData, type TfjsEngine } from '@epigenome/engine-tfjs';
import { mnist } from '@epigenome/engine-tfjs/mnist';
import { pickRows } from '../../pick-rows';
import { DEFAULT_CONFIG, MODEL, SPACE, SPLITS } from './settings';

/** What a task is besides its data: the model, the space the searching arms search, the user's default. */
export interface TaskSetup {
  readonly model: Exclude<ModelSpec, (...a: never[]) => unknown>;
  readonly space: SearchSpace;
  /** The static default: what a user gets without tuning. */
  readonly defaultConfig: Config;
  /** Hyperparameters every trial of every arm keeps, outside the space (e.g. a wrong batch size the task imposes). */
  readonly fixed?: Config;
}

/** Task data with a test split, and for a shifting task a post-shift test split too. */
export type HeldOutData = TaskData & { readonly test: Split; readonly shiftTest?: Split };

export interface Task extends TaskSetup {
  readonly data: HeldOutData;
  readonly engine: TfjsEngine;
  /** The same model family on { validation: test } to measure test accuracy of a checkpoint. */
  readonly testEngine: TfjsEngine;
}

/** The regulation suite's setup: MNIST MLP, the shared space, the engine's defaults. */
export const MNIST_MLP: TaskSetup = { model: MODEL, space: SPACE, defaultConfig: DEFAULT_CONFIG };

export function makeTask(dataSeed: number): Task {
  return taskOf(mnist({ ...SPLITS, seed: dataSeed }));
}

/**
 * Task A of a seed: drawn from task B's TRAINING digits only (rotated by the seed, split 6,000 /
 * 1,000 / 1,000), so weights inherited from A have never seen B's validation or test digits.
 * (Two independent shuffles of the package's 10,000 digits would share most of them.)
 */
export function firstTask(b: TaskData, seed: number, setup: TaskSetup = MNIST_MLP, workers = 0): Task {
  return taskOf(firstTaskData(b, seed), setup, workers);
}

/**
 * The data of {@link firstTask}: B's training rows rotated by the seed, the last eighth each for
 * validation and test (MNIST: 6,000 / 1,000 / 1,000). A shift, if B has one, is drawn the same way
 * from B's post-shift training rows (its validation half of the held-out eighth, its test the other).
 */
export function firstTaskData(b: TaskData, seed: number): HeldOutData {
  const features = b.descriptor.features;
  const n = b.train.count;
  const m = Math.floor(n / 8);
  const rotated = Array.from({ length: n }, (_, k) => (k + seed * 1601) % n);
  const part = (from: number, to: number) => pickRows(b.train, rotated.slice(from, to), features);
  const train = part(0, n - 2 * m);
  const shift = b.shift ? firstTaskData({ descriptor: b.descriptor, train: b.shift.train, validation: b.shift.validation }, seed) : undefined;
  return {
    descriptor: { ...b.descriptor, samples: train.count },
    train,
    validation: part(n - 2 * m, n - m),
    test: part(n - m, n),
    ...(shift && b.shift ? { shift: { atStep: b.shift.atStep, train: shift.train, validation: shift.validation }, shiftTest: shift.test } : {}),
  };
}

/** `workers` > 0 trains in worker threads (the test engine stays on this thread). */
export function taskOf(data: TaskData, setup: TaskSetup = MNIST_MLP, workers = 0): Task {
  const { test, shiftTest } = data as Partial<HeldOutData>;
  if (!test) throw new Error('the task has no test split');
  if (data.shift && !shiftTest) throw new Error('the task shifts but has no post-shift test split (shiftTest)');
  // a checkpoint taken after the shift is evaluated on the post-shift test split (the engine picks the phase by step)
  const testData: TaskData = { ...data, validation: test, ...(data.shift && shiftTest ? { shift: { ...data.shift, validation: shiftTest } } : {}) };
  return {
    ...setup,
    data: { ...data, test },
    engine: createTfjsEngine({ model: setup.model, data, workers }),
    testEngine: createTfjsEngine({ model: setup.model, data: testData }),
  };
}

export async function disposeTask(t: Task): Promise<void> {
  await t.engine.dispose();
  await t.testEngine.dispose();
}

/** Test accuracy of a checkpoint (weights + config), on the task's held-out test digits. */
export async function testAccuracy(task: Task, checkpoint: Checkpoint | undefined): Promise<number> {
  if (!checkpoint) return Number.NaN;
  const trial = await task.testEngine.createTrial({ ...checkpoint.config, ...task.fixed }, 0);
  try {
    await trial.load(checkpoint);
    return (await trial.evaluate()).val_accuracy ?? Number.NaN;
  } finally {
    await trial.dispose();
  }
}

/**
 * Wraps an engine to keep the checkpoint taken right after the best validation accuracy any trial
 * of the run reached (the runner evaluates every running trial, then saves each): model selection
 * by validation, the same for every arm. Needed because `result.bestCheckpoint` can hold the wrong
 * weights (see the report: when the best trial is exploited at its last evaluation, its fitness is
 * the donor's but the checkpoint is its own from before the exploit).
 */
export function selectingEngine(inner: TfjsEngine, fixed: Config = {}): { engine: TrainingEngine; best: () => { accuracy: number; checkpoint: Checkpoint } | undefined } {
  let best: { accuracy: number; checkpoint: Checkpoint } | undefined;
  // hyperparameters the task imposes outside the space stay set whatever a regulator applies
  const pin = (c: Config): Config => ({ ...c, ...fixed });
  const engine: TrainingEngine = {
    get backend() {
      return inner.backend;
    },
    dataset: inner.dataset,
    modelFamily: inner.modelFamily,
    async createTrial(config, seed) {
      const t = await inner.createTrial(pin(config), seed);
      let evaluated: number | undefined;
      return {
        apply: (c) => t.apply(pin(c)),
        train: (n) => t.train(n),
        async evaluate() {
          const m = await t.evaluate();
          evaluated = m.val_accuracy;
          return m;
        },
        async save() {
          const c = await t.save();
          if (evaluated !== undefined && Number.isFinite(evaluated) && (best === undefined || evaluated > best.accuracy)) best = { accuracy: evaluated, checkpoint: c };
          evaluated = undefined;
          return c;
        },
        async load(c) {
          evaluated = undefined;
          await t.load(c);
        },
        dispose: () => t.dispose(),
      };
    },
  };
  return { engine, best: () => best };
}

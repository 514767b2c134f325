// The regulation suite's tasks: MNIST splits, the engines, test accuracy and model selection.
import type { Checkpoint, TrainingEngine } from '@epigenome/core';
import { createTfjsEngine, type TaskData, type TfjsEngine } from '@epigenome/engine-tfjs';
import { mnist } from '@epigenome/engine-tfjs/mnist';
import { pickRows } from '../../pick-rows';
import { MODEL, SPLITS } from './settings';

export interface Task {
  readonly data: TaskData;
  readonly engine: TfjsEngine;
  /** The same model family on { validation: test } to measure test accuracy of a checkpoint. */
  readonly testEngine: TfjsEngine;
}

export function makeTask(dataSeed: number): Task {
  return taskOf(mnist({ ...SPLITS, seed: dataSeed }));
}

/**
 * Task A of a seed: drawn from task B's TRAINING digits only (rotated by the seed, split 6,000 /
 * 1,000 / 1,000), so weights inherited from A have never seen B's validation or test digits.
 * (Two independent shuffles of the package's 10,000 digits would share most of them.)
 */
export function firstTask(b: TaskData, seed: number): Task {
  const n = b.train.count;
  const rotated = Array.from({ length: n }, (_, k) => (k + seed * 1601) % n);
  const part = (from: number, to: number) => pickRows(b.train, rotated.slice(from, to), 784);
  const train = part(0, n - 2000);
  return taskOf({ descriptor: { ...b.descriptor, samples: train.count }, train, validation: part(n - 2000, n - 1000), test: part(n - 1000, n) });
}

export function taskOf(data: TaskData): Task {
  if (!data.test) throw new Error('the task has no test split');
  return {
    data,
    engine: createTfjsEngine({ model: MODEL, data }),
    testEngine: createTfjsEngine({ model: MODEL, data: { ...data, validation: data.test } }),
  };
}

export async function disposeTask(t: Task): Promise<void> {
  await t.engine.dispose();
  await t.testEngine.dispose();
}

/** Test accuracy of a checkpoint (weights + config), on the task's held-out test digits. */
export async function testAccuracy(task: Task, checkpoint: Checkpoint | undefined): Promise<number> {
  if (!checkpoint) return Number.NaN;
  const trial = await task.testEngine.createTrial(checkpoint.config, 0);
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
export function selectingEngine(inner: TfjsEngine): { engine: TrainingEngine; best: () => { accuracy: number; checkpoint: Checkpoint } | undefined } {
  let best: { accuracy: number; checkpoint: Checkpoint } | undefined;
  const engine: TrainingEngine = {
    get backend() {
      return inner.backend;
    },
    dataset: inner.dataset,
    modelFamily: inner.modelFamily,
    async createTrial(config, seed) {
      const t = await inner.createTrial(config, seed);
      let evaluated: number | undefined;
      return {
        apply: (c) => t.apply(c),
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

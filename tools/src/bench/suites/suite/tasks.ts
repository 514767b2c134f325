// The task suite's tasks: data (seeded), model, search space, the user's default, budget.
import { choice, float, type Config, type SearchSpace } from '@epigenome/core';
import { bagOfWords, drifting, iris, spirals, type Split, type TaskData } from '@epigenome/engine-tfjs';
import { mnist } from '@epigenome/engine-tfjs/mnist';
import { pickRows } from '../../pick-rows';
import { DEFAULT_CONFIG, SPACE } from '../regulation/settings';
import type { HeldOutData, TaskSetup } from '../regulation/task';
import { spamCorpus } from './spam-corpus';

/** One task of the suite. */
export interface SuiteTask extends TaskSetup {
  readonly name: string;
  /** What regime it stands for. */
  readonly regime: string;
  /** Task B of a seed (the data every arm trains on). */
  data(seed: number): HeldOutData;
  /** Total optimiser steps per arm (full run); quick runs take half. */
  readonly budget: number;
  /** Steps between evaluations (PBT/PB2 ready and ASHA's first rung: twice this). */
  readonly evaluateEvery: number;
}

/** The validation split cut in two: its first half stays validation, the second becomes test (generated splits cycle through the classes, so both halves are balanced). */
export function holdOutTest(data: TaskData): HeldOutData {
  const halves = (s: Split): [Split, Split] => {
    const h = s.count >> 1;
    const idx = Array.from({ length: s.count }, (_, i) => i);
    return [pickRows(s, idx.slice(0, h), data.descriptor.features), pickRows(s, idx.slice(h), data.descriptor.features)];
  };
  const [validation, test] = halves(data.validation);
  if (!data.shift) return { ...data, validation, test };
  const [shiftValidation, shiftTest] = halves(data.shift.validation);
  return { ...data, validation, test, shift: { ...data.shift, validation: shiftValidation }, shiftTest };
}

const mnistData = (seed: number): HeldOutData => mnist({ train: 8_000, validation: 1_000, test: 1_000, seed }) as HeldOutData;

/** SGD's best fixed rate on this MLP in the `rl` suite's grid (0.01 … 3) was 0.3: the wrong default is 10× below it. */
export const SGD_BEST_LR = 0.3;
/** The rate, and SGD as the only optimiser: a user's way to say "SGD only", so marks of an Adam regime are not taken for this one. */
export const SGD_SPACE: SearchSpace = { lr: float(1e-3, 3, { log: true }), optimizer: choice(['sgd']) };
export const SGD_WRONG_DEFAULT: Config = { lr: SGD_BEST_LR / 10, optimizer: 'sgd' };
/** The batch size the tiny-batch task imposes on every arm (the engine's default is 32). */
export const TINY_BATCH = 2;
/** The engine's default batch size: every task's but the tiny-batch one (the searched spaces leave it alone). */
export const ENGINE_BATCH = 32;
/** Training samples one optimiser step of a task takes. */
export const batchOf = (task: Pick<SuiteTask, 'fixed'>): number => Number(task.fixed?.batch_size ?? ENGINE_BATCH);
/** Step of the drifting task's shift (its trials are ≥ 2× longer in every arm). */
export const DRIFT_AT = 300;
/** The drifting task's generator: 5 overlapping clusters in 2-D whose means jump 4 standard deviations at the shift. */
export const DRIFT = { features: 2, classes: 5, magnitude: 4 } as const;

const MLP = { kind: 'mlp', hidden: [128, 64] } as const;

export const TASKS: readonly SuiteTask[] = [
  { name: 'mnist_mlp', regime: 'images, MLP 784-128-64-10, default near-optimal', model: MLP, space: SPACE, defaultConfig: DEFAULT_CONFIG, data: mnistData, budget: 400, evaluateEvery: 25 },
  {
    name: 'spam_bow',
    regime: 'text: SpamAssassin mails, bag of 1,000 words, MLP 1000-64-2',
    model: { kind: 'mlp', hidden: [64] },
    space: SPACE,
    defaultConfig: DEFAULT_CONFIG,
    data: (seed) => bagOfWords(spamCorpus(), { vocabulary: 1_000, validation: 0.15, test: 0.15, seed, name: 'spam-assassin' }) as HeldOutData,
    budget: 300,
    evaluateEvery: 15,
  },
  { name: 'mnist_cnn', regime: 'images, CNN conv8 3×3 → pool → 10', model: { kind: 'cnn', filters: [8] }, space: SPACE, defaultConfig: DEFAULT_CONFIG, data: mnistData, budget: 300, evaluateEvery: 15 },
  { name: 'iris', regime: 'tiny tabular: 90 flowers train, 30 validation, 30 test, MLP 4-16-3', model: { kind: 'mlp', hidden: [16] }, space: SPACE, defaultConfig: DEFAULT_CONFIG, data: (seed) => holdOutTest(iris({ validation: 0.4, seed })), budget: 400, evaluateEvery: 20 },
  {
    name: 'spirals',
    regime: 'two spirals: needs a large rate and many steps, MLP 2-32-32-2',
    model: { kind: 'mlp', hidden: [32, 32] },
    space: SPACE,
    defaultConfig: DEFAULT_CONFIG,
    data: (seed) => holdOutTest(spirals({ samples: 1_000, validation: 1_000, seed })),
    budget: 1_000,
    evaluateEvery: 50,
  },
  {
    name: 'drifting',
    regime: `drifting clusters: inputs shift at step ${DRIFT_AT} of every trial, MLP 2-32-5`,
    model: { kind: 'mlp', hidden: [32] },
    space: SPACE,
    defaultConfig: DEFAULT_CONFIG,
    data: (seed) => holdOutTest(drifting({ ...DRIFT, shiftAt: DRIFT_AT, samples: 2_000, validation: 1_000, seed })),
    budget: 1_600,
    evaluateEvery: 20,
  },
  {
    name: 'mnist_sgd_lr_10x_low',
    regime: `wrong default: plain SGD at lr ${SGD_WRONG_DEFAULT.lr} (10× below the best fixed rate), MNIST MLP; the space is the rate`,
    model: MLP,
    space: SGD_SPACE,
    defaultConfig: SGD_WRONG_DEFAULT,
    fixed: { optimizer: 'sgd' },
    data: mnistData,
    budget: 400,
    evaluateEvery: 25,
  },
  {
    name: 'mnist_batch_2',
    regime: `wrong default: batch size ${TINY_BATCH} imposed on every arm (default 32), MNIST MLP`,
    model: MLP,
    space: SPACE,
    defaultConfig: DEFAULT_CONFIG,
    fixed: { batch_size: TINY_BATCH },
    data: mnistData,
    budget: 400,
    evaluateEvery: 25,
  },
];

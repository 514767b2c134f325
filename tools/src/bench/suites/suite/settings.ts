// The task suite's arms, seeds and per-task runner settings.
import type { ArmName, Settings } from '../regulation/settings';
import type { SuiteTask } from './tasks';

/** The arms, by their names in the JSON, and the regulation bench's arm each one runs. */
export const SUITE_ARMS = {
  static: 'static',
  random: 'random',
  asha: 'asha',
  pbt: 'pbt',
  pb2: 'pb2',
  gp_bo: 'gp_bo',
  hypergradient: 'hypergradient',
  regulome_fresh: 'epigenome_fresh',
  regulome_memory_same: 'epigenome',
  regulome_memory_other: 'epigenome',
} as const satisfies Record<string, ArmName>;
export type SuiteArm = keyof typeof SUITE_ARMS;
export const ARM_NAMES = Object.keys(SUITE_ARMS) as SuiteArm[];
/** Arms whose budget includes an earlier experiment (half the budget, on another task). */
export const MEMORY_ARMS: readonly SuiteArm[] = ['regulome_memory_same', 'regulome_memory_other'];

/** The task whose earlier experiment (and memory store) an arm reads on task `i` of `count`: the same task, the next one, or none. */
export function memoryDonor(arm: SuiteArm, i: number, count: number): number | undefined {
  return arm === 'regulome_memory_same' ? i : arm === 'regulome_memory_other' ? (i + 1) % count : undefined;
}

export const SEEDS = { full: [0, 1, 2, 3, 4], quick: [0] } as const;
/** Fraction of a memory arm's budget its earlier experiment spends. */
export const EARLIER_FRACTION = 0.5;

/** Runner settings of one task: the regulation bench's structure, scaled to the task's budget. */
export function taskSettings(task: SuiteTask, quick: boolean, budget = quick ? Math.round(task.budget / 2) : task.budget): Settings {
  const e = task.evaluateEvery;
  return {
    seeds: quick ? SEEDS.quick : SEEDS.full,
    budget,
    population: 4,
    ashaPopulation: 8,
    regulomePopulation: 2,
    pbtEvery: 2 * e,
    ashaGrace: 2 * e,
    evaluateEvery: e,
    signalEvery: 10,
    target: Number.NaN,
    otherTargets: [],
    gpTrials: 6,
    gpInitial: 3,
  };
}

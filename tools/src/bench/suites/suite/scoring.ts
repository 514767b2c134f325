// The suite's figures from the arms' runs: medians, steps to target, ranks, drift recovery.
import { createRng } from '@epigenome/core';
import { median } from '../../harness';
import { stepsToTarget, type ArmRun } from '../regulation/run-arm';

export { medianSteps } from '../regulation/run-arm';

export const round4 = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Number(x.toFixed(4)));

/** Steps to a validation target of one run, `offset` steps (an earlier experiment) added. */
export function runStepsToTarget(run: ArmRun, target: number, offset = 0): number | null {
  const s = stepsToTarget(run.curve, target);
  return s === null ? null : s + offset;
}

/** The median test metric of runs (a run without a selected model counts 0). */
export function medianMetric(runs: readonly ArmRun[]): number {
  return median(runs.map(runMetric));
}

/** A run's test metric (a run without a selected model counts 0). */
export const runMetric = (r: ArmRun): number => (Number.isFinite(r.accuracy) ? r.accuracy : 0);

/** The bound on the fresh regulome's deficit to the best arm, in points. */
export const DEFICIT_TARGET_POINTS = 0.5;

/** Rank of each key by value, 1 = largest; ties share the mean of their ranks. */
export function ranks(values: Readonly<Record<string, number>>): Record<string, number> {
  const keys = Object.keys(values).sort((a, b) => (values[b] as number) - (values[a] as number));
  const out: Record<string, number> = {};
  for (let i = 0; i < keys.length; ) {
    let j = i;
    while (j + 1 < keys.length && values[keys[j + 1] as string] === values[keys[i] as string]) j++;
    for (let k = i; k <= j; k++) out[keys[k] as string] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Recovered = back within this much validation accuracy of the pre-shift best (one point: the validation split's noise). */
export const RECOVERY_TOLERANCE = 0.01;

/** How one run recovered from a distribution shift at trial step `atStep`. */
export interface Recovery {
  /** Best validation accuracy any trial reached before the shift. */
  readonly before: number;
  /** Best validation accuracy of the first evaluation round after it (the drop). */
  readonly after: number;
  /** Per-trial steps after the shift until some trial's validation accuracy is back at `before`; null: never. */
  readonly trialSteps: number | null;
  /** The same in optimiser steps summed over the trials running (the compute), null: never. */
  readonly steps: number | null;
}

/**
 * Recovery of a run from the shift: the level is the best validation accuracy before the shift (any
 * trial), recovered at the first evaluation at or after the shift where a trial is back within
 * {@link RECOVERY_TOLERANCE} of that level.
 * Steps are counted from the shift: per trial, and summed over the trials evaluated in that round.
 */
export function recovery(run: ArmRun, atStep: number): Recovery {
  const before = Math.max(Number.NEGATIVE_INFINITY, ...run.evals.filter((e) => e.step < atStep).map((e) => e.accuracy));
  const post = run.evals.filter((e) => e.step >= atStep);
  const firstStep = Math.min(...post.map((e) => e.step));
  const after = Math.max(Number.NEGATIVE_INFINITY, ...post.filter((e) => e.step === firstStep).map((e) => e.accuracy));
  const hit = post.find((e) => e.accuracy >= before - RECOVERY_TOLERANCE);
  if (!hit || !Number.isFinite(before)) return { before, after, trialSteps: null, steps: null };
  const trialsThen = new Set(post.filter((e) => e.step === hit.step).map((e) => e.trialId)).size;
  return { before, after, trialSteps: hit.step - atStep, steps: (hit.step - atStep) * Math.max(1, trialsThen) };
}

/** What seed noise alone makes of the deficit: see {@link noiseDeficit}. */
export interface NoiseDeficit {
  /** Median over draws of (best of the arms' medians − the first arm's median), in points. */
  readonly median: number;
  /** Share of draws where that deficit is ≤ `within` points. */
  readonly within: number;
}

/**
 * The deficit seed noise alone produces: `arms` arms that are all the same arm, each a median over
 * `seeds` results drawn (with replacement) from `values` (one arm's per-seed results). Over
 * `draws` draws: the median of (best median − the first arm's median) in points, and how often it
 * is at most `within` points. Arms are drawn independently (the real arms share a data shuffle
 * per seed, which makes their differences somewhat less noisy than this).
 */
export function noiseDeficit(values: readonly number[], arms: number, seeds: number, within: number, seed = 0, draws = 4_000): NoiseDeficit {
  const rng = createRng(seed);
  const drawMedian = () => median(Array.from({ length: seeds }, () => values[rng.int(values.length)] as number));
  const deficits: number[] = [];
  for (let k = 0; k < draws; k++) {
    const own = drawMedian();
    let best = own;
    for (let a = 1; a < arms; a++) best = Math.max(best, drawMedian());
    deficits.push(100 * (best - own));
  }
  return { median: Number(median(deficits).toFixed(2)), within: Number((deficits.filter((d) => d <= within + 1e-9).length / draws).toFixed(3)) };
}

/** Per task, each arm's per-seed test metrics (seed k of every arm trained on the same data shuffle). */
export type PerSeedMetrics = readonly Readonly<Record<string, readonly number[]>>[];

/**
 * How often each arm has the best mean rank (≤ every other arm's, the suite's rule; ties count for
 * each) when every task's seeds are drawn again with replacement, the same draw for every arm (seed
 * k is one data shuffle for all of them). Tells a robust lead from one that seed noise hands out.
 */
export function bestMeanRankShare(perSeed: PerSeedMetrics, seed = 0, draws = 2_000): Record<string, number> {
  const arms = Object.keys(perSeed[0] ?? {});
  const rng = createRng(seed);
  const best: Record<string, number> = Object.fromEntries(arms.map((a) => [a, 0]));
  for (let k = 0; k < draws; k++) {
    const sum: Record<string, number> = Object.fromEntries(arms.map((a) => [a, 0]));
    for (const task of perSeed) {
      const n = (task[arms[0] as string] ?? []).length;
      const pick = Array.from({ length: n }, () => rng.int(n));
      const rk = ranks(Object.fromEntries(arms.map((a) => [a, median(pick.map((i) => (task[a] as readonly number[])[i] as number))])));
      for (const a of arms) sum[a] = (sum[a] as number) + (rk[a] as number);
    }
    const low = Math.min(...Object.values(sum));
    for (const a of arms) if ((sum[a] as number) <= low + 1e-9) best[a] = (best[a] as number) + 1;
  }
  return Object.fromEntries(arms.map((a) => [a, Number(((best[a] as number) / draws).toFixed(3))]));
}

/** One arm against another over every (task, seed) pair: see {@link pairedAgainst}. */
export interface Paired {
  /** Mean over the pairs of (this arm − the other), in points, with a 95% bootstrap interval. */
  readonly mean_points: number;
  readonly interval_points: readonly [number, number];
  /** Pairs where this arm is ahead, level, behind. */
  readonly ahead: number;
  readonly level: number;
  readonly behind: number;
}

/** `arm` against `other` over every (task, seed) pair, both trained on the same seed's data. */
export function pairedAgainst(perSeed: PerSeedMetrics, arm: string, other: string, seed = 0, draws = 4_000): Paired {
  const d = perSeed.flatMap((task) => differencesInPoints(task[arm] ?? [], task[other] ?? []));
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const rng = createRng(seed);
  const means = Array.from({ length: draws }, () => mean(Array.from({ length: d.length }, () => d[rng.int(d.length)] as number))).sort((a, b) => a - b);
  const q = (p: number) => Number((means[Math.min(draws - 1, Math.floor(p * draws))] ?? Number.NaN).toFixed(2));
  return {
    mean_points: Number(mean(d).toFixed(2)),
    interval_points: [q(0.025), q(0.975)],
    ahead: d.filter((x) => x > 1e-9).length,
    level: d.filter((x) => Math.abs(x) <= 1e-9).length,
    behind: d.filter((x) => x < -1e-9).length,
  };
}

/**
 * The largest deficit, in points, between `arm` and the best arm that trained on no more samples
 * than it did (per task: arm → median test metric, arm → training samples). The issue counts
 * compute in optimiser steps; where a step of one arm holds more samples than a step of another
 * (a memory arm whose earlier experiment ran at another batch size), this tells the gap its extra
 * data explains from the gap left at equal data.
 */
export function maxDeficitAtEqualSamples(tasks: readonly { readonly metric: Readonly<Record<string, number>>; readonly samples: Readonly<Record<string, number>> }[], arm: string): number {
  let worst = Number.NEGATIVE_INFINITY;
  for (const t of tasks) {
    const own = t.metric[arm] as number;
    const limit = (t.samples[arm] as number) * (1 + 1e-9);
    const peers = Object.keys(t.metric).filter((a) => (t.samples[a] as number) <= limit);
    worst = Math.max(worst, 100 * (Math.max(...peers.map((a) => t.metric[a] as number)) - own));
  }
  return Number(worst.toFixed(2));
}

/**
 * The median over seeds of (arm − other), in points: seed k of every arm trains on one data shuffle,
 * so this compares like with like where the two medians of {@link medianMetric} may come from
 * different seeds.
 */
export function medianPairedDifference(arm: readonly number[], other: readonly number[]): number {
  return Number(median(differencesInPoints(arm, other)).toFixed(2));
}

/** Seed by seed, 100 × (arm − other); seeds either lacks are left out. */
function differencesInPoints(arm: readonly number[], other: readonly number[]): number[] {
  return arm.map((x, i) => 100 * (x - (other[i] ?? Number.NaN))).filter(Number.isFinite);
}

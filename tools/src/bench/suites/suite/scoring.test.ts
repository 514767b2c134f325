import { describe, expect, it } from 'vitest';
import type { ArmRun } from '../regulation/run-arm';
import { bestMeanRankShare, maxDeficitAtEqualSamples, medianPairedDifference, medianSteps, noiseDeficit, pairedAgainst, ranks, recovery, runStepsToTarget } from './scoring';

const run = (evals: { trialId: string; step: number; accuracy: number }[]): ArmRun => {
  let best = 0;
  const withSteps = evals.map((e) => ({ ...e, steps: e.step * new Set(evals.map((x) => x.trialId)).size }));
  return {
    accuracy: 0.9,
    finalWeightsAccuracy: 0.9,
    bestValidation: Math.max(...evals.map((e) => e.accuracy)),
    steps: Math.max(...withSteps.map((e) => e.steps)),
    trials: new Set(evals.map((e) => e.trialId)).size,
    curve: withSteps.map((e) => ({ steps: e.steps, best: (best = Math.max(best, e.accuracy)) })),
    evals: withSteps,
    seconds: 0,
    bestConfig: {},
    marks: [],
    inheritedStates: [],
    seeded: 0,
  };
};

describe('suite scoring', () => {
  it('ranks: 1 = largest, ties share the mean of their ranks', () => {
    expect(ranks({ a: 0.9, b: 0.95, c: 0.9, d: 0.5 })).toEqual({ b: 1, a: 2.5, c: 2.5, d: 4 });
  });

  it('medianSteps ranks never-reached (null) above every number', () => {
    expect(medianSteps([100, null, 50])).toBe(100);
    expect(medianSteps([null, null, 50])).toBeNull();
    expect(medianSteps([100, 200])).toBe(150);
  });

  it('steps to target add the earlier experiment of a memory arm', () => {
    const r = run([
      { trialId: 't0', step: 10, accuracy: 0.5 },
      { trialId: 't0', step: 20, accuracy: 0.8 },
    ]);
    expect(runStepsToTarget(r, 0.8)).toBe(20);
    expect(runStepsToTarget(r, 0.8, 100)).toBe(120);
    expect(runStepsToTarget(r, 0.9, 100)).toBeNull();
  });

  it('recovery: steps from the shift until a trial is back within a point of the best pre-shift accuracy, summed over the trials', () => {
    const evals = [10, 20, 30, 40, 50].flatMap((step) => [
      { trialId: 't0', step, accuracy: step < 30 ? 0.9 : step === 30 ? 0.6 : step === 40 ? 0.85 : 0.895 },
      { trialId: 't1', step, accuracy: 0.7 },
    ]);
    const r = recovery(run(evals), 30);
    expect(r).toEqual({ before: 0.9, after: 0.7, trialSteps: 20, steps: 40 });
    const never = recovery(run(evals.filter((e) => e.step !== 50)), 30);
    expect(never.trialSteps).toBeNull();
    expect(never.steps).toBeNull();
  });

  it('noiseDeficit: identical results give no deficit; spread results give one that grows with the number of arms', () => {
    expect(noiseDeficit([0.9, 0.9, 0.9], 10, 5, 0.5)).toEqual({ median: 0, within: 1 });
    const spread = [0.8, 0.85, 0.9, 0.95, 1];
    const two = noiseDeficit(spread, 2, 5, 0.5);
    const ten = noiseDeficit(spread, 10, 5, 0.5);
    expect(ten.median).toBeGreaterThan(two.median);
    expect(ten.within).toBeLessThan(two.within);
    // one arm alone has nothing to be below
    expect(noiseDeficit(spread, 1, 5, 0.5)).toEqual({ median: 0, within: 1 });
    // seeded: the same figures every time
    expect(noiseDeficit(spread, 10, 5, 0.5)).toEqual(ten);
  });

  it('bestMeanRankShare: an arm ahead on every seed of every task is always best; two exchangeable arms share', () => {
    const tasks = [0, 1, 2].map(() => ({ a: [0.9, 0.91, 0.92, 0.93, 0.94], b: [0.8, 0.81, 0.82, 0.83, 0.84], c: [0.7, 0.7, 0.7, 0.7, 0.7] }));
    expect(bestMeanRankShare(tasks)).toEqual({ a: 1, b: 0, c: 0 });
    // b and c the same arm up to which seed is lucky: each best about half the time
    const noisy = [0, 1, 2, 3].map((t) => ({ a: [0.5, 0.5, 0.5, 0.5, 0.5], b: [0.9, 0.8, 0.85, 0.95, 0.75].map((x, i) => x + (t % 2 ? 0.001 * i : 0)), c: [0.85, 0.95, 0.75, 0.9, 0.8] }));
    const share = bestMeanRankShare(noisy);
    expect(share.a).toBe(0);
    expect(share.b as number).toBeGreaterThan(0.2);
    expect(share.c as number).toBeGreaterThan(0.2);
    expect(bestMeanRankShare(noisy)).toEqual(share);
  });

  it('pairedAgainst: counts pairs ahead, level and behind, and brackets the mean difference', () => {
    const tasks = [
      { x: [0.9, 0.8, 0.7], y: [0.88, 0.8, 0.75] },
      { x: [0.5, 0.6], y: [0.49, 0.58] },
    ];
    const p = pairedAgainst(tasks, 'x', 'y');
    expect([p.ahead, p.level, p.behind]).toEqual([3, 1, 1]);
    expect(p.mean_points).toBeCloseTo((2 + 0 - 5 + 1 + 2) / 5, 2);
    expect(p.interval_points[0]).toBeLessThanOrEqual(p.mean_points);
    expect(p.interval_points[1]).toBeGreaterThanOrEqual(p.mean_points);
    expect(pairedAgainst(tasks, 'y', 'x').mean_points).toBeCloseTo(-p.mean_points, 2);
  });

  it('maxDeficitAtEqualSamples: an arm that saw more samples does not count against one that saw fewer', () => {
    const tasks = [
      { metric: { fresh: 0.9, memory: 0.95, other: 0.91 }, samples: { fresh: 800, memory: 6_800, other: 800 } },
      { metric: { fresh: 0.8, memory: 0.79, other: 0.8 }, samples: { fresh: 100, memory: 100, other: 100 } },
    ];
    expect(maxDeficitAtEqualSamples(tasks, 'fresh')).toBe(1);
    // with the memory arm at equal samples its 5-point lead counts
    expect(maxDeficitAtEqualSamples([{ ...tasks[0]!, samples: { fresh: 800, memory: 800, other: 800 } }], 'fresh')).toBe(5);
    // the best arm itself has no deficit
    expect(maxDeficitAtEqualSamples(tasks, 'memory')).toBe(1);
  });

  it('medianPairedDifference: compares seed by seed where the medians compare different seeds', () => {
    // medians 0.86 and 0.87: the second looks ahead, yet the first wins on 4 seeds of 5
    const memory = [0.958, 0.844, 0.828, 0.882, 0.862];
    const fixed = [0.954, 0.842, 0.808, 0.878, 0.872];
    expect(medianPairedDifference(memory, fixed)).toBe(0.4);
    expect(medianPairedDifference(fixed, memory)).toBe(-0.4);
    expect(medianPairedDifference([0.5, 0.5], [0.5, 0.5])).toBe(0);
  });
});

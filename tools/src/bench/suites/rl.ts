// `npm run bench -- rl`: the in-trial controllers of @epigenome/regulators-rl from poor starts.
//
// TASK: until @epigenome/engine-tfjs lands, every figure is measured on the pure-TypeScript
// simulated task of the library's tests (`simulated-logistic`: a 12-16-4 tanh MLP on Gaussian
// clusters with input scales spread 40×, trained by Adam, batch 16, 400 steps), labelled `task` in
// the JSON. The validation is on MNIST with the engine: swap `trainArm` for an engine-backed
// trial (same signals: loss, grad_norm, lr_effective, grad_cos, grad_dot; val_loss, val_accuracy)
// and keep the arms and keys.
import { float, type Regulator } from '@epigenome/core';
import { createBandit, createHypergradient, createPolicyGradient } from '@epigenome/regulators-rl';
import { createSimTask, runSimTrial, type SimTask } from '../../../../libs/regulators-rl/src/test/simulated-training';
import { machine, median, sideBySide, type BenchSuite } from '../harness';

const space = { lr: float(1e-5, 1, { log: true }) };
const OPTIMIZER = 'adam' as const;
const STEPS = 400;
const GRID = [3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
const EVERY = 20;

type Controller = 'hypergradient' | 'bandit' | 'policy';

function make(kind: Controller, seed: number): Regulator {
  if (kind === 'hypergradient') return createHypergradient();
  if (kind === 'bandit') return createBandit({ every: EVERY, seed });
  return createPolicyGradient({ every: EVERY, seed });
}

async function trainArm(task: SimTask, seed: number, lr: number, regulators: readonly Regulator[], target?: number, steps = STEPS) {
  return runSimTrial({ task, optimizer: OPTIMIZER, lr, space, regulators, steps, seed, regulomeSeed: seed, ...(target === undefined ? {} : { target }) });
}

/** Budget of the steps-to-target runs (twice the experiment's, so fewer runs are censored). */
const TARGET_BUDGET = 2 * STEPS;

/**
 * Experiment 1: one controller over `episodes` trials of the family (other seeds), their initial
 * learning rates spread log-uniformly (golden-ratio sequence) over best ÷ 30 … best × 30, as a
 * population's sampled starts would be.
 */
async function pretrain(kind: Controller, episodes: number, best: number, seed: number): Promise<{ state: unknown; finalVal: number[] }> {
  const ctl = make(kind, seed);
  const finalVal: number[] = [];
  for (let e = 0; e < episodes; e++) {
    const s = 1000 + 37 * seed + e;
    const lr = best * 10 ** (-1.5 + 3 * ((e * 0.6180339887) % 1));
    const r = await trainArm(createSimTask({ seed: s }), s, lr, [ctl]);
    finalVal.push(r.valAccuracy);
  }
  return { state: JSON.parse(JSON.stringify(ctl.snapshot?.())), finalVal };
}

const r3 = (x: number) => Number(x.toFixed(3));
const r4 = (x: number) => Number(x.toFixed(4));

const suite: BenchSuite = {
  name: 'rl',
  description: 'hypergradient, bandit and policy-gradient learning-rate control from poor starts (simulated task until the MNIST engine lands)',
  async run(ctx) {
    const seeds = Array.from({ length: ctx.quick ? 5 : 10 }, (_, i) => i);
    const episodes = ctx.quick ? 8 : 16;
    const tasks = seeds.map((s) => createSimTask({ seed: s }));

    // 1. the fixed grid: best fixed learning rate by median final test accuracy
    const gridRows: Record<string, unknown>[] = [];
    const gridAcc = new Map<number, number>();
    for (const lr of GRID) {
      const accs: number[] = [];
      for (const s of seeds) accs.push((await trainArm(tasks[s] as SimTask, s, lr, [])).testAccuracy);
      gridAcc.set(lr, median(accs));
      gridRows.push({ lr, median_test_accuracy: median(accs) });
    }
    ctx.log(`fixed learning-rate grid (${OPTIMIZER}, ${STEPS} steps, seeds ${seeds.join(',')}):`);
    ctx.table(gridRows);
    const best = [...gridAcc.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const low = best / 10;
    const high = best * 10;

    // 2. arms: fixed, and each controller from each poor start (fresh controllers)
    const arms: Record<string, number> = {};
    const finalLr: Record<string, number> = {};
    const runArm = async (lr: number, kind: Controller | undefined, state?: unknown): Promise<{ acc: number; lr: number }> => {
      const accs: number[] = [];
      const lrs: number[] = [];
      for (const s of seeds) {
        const regs: Regulator[] = [];
        if (kind) {
          const r = make(kind, s);
          if (state !== undefined) r.restore?.(state);
          regs.push(r);
        }
        const out = await trainArm(tasks[s] as SimTask, s, lr, regs);
        accs.push(out.testAccuracy);
        lrs.push(out.lrs.at(-1) as number);
      }
      return { acc: r4(median(accs)), lr: Number(median(lrs).toPrecision(3)) };
    };
    const arm = async (name: string, lr: number, kind: Controller | undefined) => {
      const r = await runArm(lr, kind);
      arms[name] = r.acc;
      finalLr[name] = r.lr;
    };
    await arm('fixed_best', best, undefined);
    await arm('fixed_poor_low', low, undefined);
    await arm('fixed_poor_high', high, undefined);
    for (const kind of ['hypergradient', 'bandit', 'policy'] as const) {
      await arm(`${kind}_low`, low, kind);
      await arm(`${kind}_high`, high, kind);
    }
    ctx.log(`\nmedian final test accuracy (best fixed lr ${best}; poor starts ${low} and ${high}), fresh controllers:`);
    ctx.table(Object.entries(arms).map(([arm, acc]) => ({ arm, median_test_accuracy: acc, median_final_lr: finalLr[arm] })));

    // 3. lifelong: controllers pre-trained on experiment 1 (other seeds of the family), restored
    const pretrained: Record<string, number> = {};
    const states: Partial<Record<Controller, { state: unknown; finalVal: number[] }>> = {};
    for (const kind of ['bandit', 'policy'] as const) {
      states[kind] = await pretrain(kind, episodes, best, 0);
      for (const [suffix, lr] of [['low', low], ['high', high]] as const) {
        pretrained[`${kind}_${suffix}`] = (await runArm(lr, kind, states[kind]?.state)).acc;
      }
    }
    ctx.log(`\nmedian final test accuracy, controllers inherited from experiment 1 (${episodes} trials on other seeds, starts spread over best ÷ 30 … × 30):`);
    ctx.table(Object.entries(pretrained).map(([arm, acc]) => ({ arm, median_test_accuracy: acc })));

    // 4. inherited vs fresh: steps to the target on a second, similar task (other seed and class subset)
    const lifelong: Record<string, { inherited: number; fresh: number; ratio: number; target: number; censored: number; runs: number; budget: number }> = {};
    for (const kind of ['bandit', 'policy'] as const) {
      const st = states[kind] as { state: unknown; finalVal: number[] };
      const target = r3(0.97 * median(st.finalVal.slice(-Math.ceil(episodes / 2))));
      const inherited: number[] = [];
      const fresh: number[] = [];
      let censored = 0;
      for (const s of seeds) {
        const task2 = createSimTask({ seed: 500 + s, classSubset: [[1, 2, 4, 5], [0, 2, 3, 5], [0, 1, 3, 4]][s % 3] as number[] });
        const a = make(kind, s);
        a.restore?.(st.state);
        const ra = await trainArm(task2, 500 + s, low, [a], target, TARGET_BUDGET);
        const rb = await trainArm(task2, 500 + s, low, [make(kind, s)], target, TARGET_BUDGET);
        if (ra.stepsToTarget === undefined) censored++;
        if (rb.stepsToTarget === undefined) censored++;
        inherited.push(ra.stepsToTarget ?? TARGET_BUDGET);
        fresh.push(rb.stepsToTarget ?? TARGET_BUDGET);
      }
      lifelong[kind] = { inherited: median(inherited), fresh: median(fresh), ratio: r3(median(inherited) / median(fresh)), target, censored, runs: 2 * seeds.length, budget: TARGET_BUDGET };
    }
    ctx.log(`\nsteps to the target validation accuracy (0.97 × experiment 1's final) on a second task (other seeds and class subsets), from the poor low start; budget ${TARGET_BUDGET} steps, unreached = budget (censored):`);
    ctx.table(Object.entries(lifelong).map(([controller, v]) => ({ controller, ...v })));

    // 5. overhead: time inside the regulome per training step, controller vs none, interleaved
    const reps = ctx.quick ? 7 : 15;
    const overhead: Record<string, number> = {};
    const stepUs: number[] = [];
    for (const kind of ['hypergradient', 'bandit', 'policy'] as const) {
      const task = tasks[0] as SimTask;
      for (let w = 0; w < 3; w++) await trainArm(task, 0, best, [make(kind, 0)]); // warm-up (JIT)
      const res = await sideBySide(
        async () => {
          const r = await trainArm(task, 0, best, [make(kind, 0)]);
          return r.regulationMs / r.trainingMs;
        },
        async () => {
          const r = await trainArm(task, 0, best, []);
          stepUs.push((r.trainingMs * 1000) / STEPS);
          return r.regulationMs / r.trainingMs;
        },
        reps,
      );
      overhead[kind] = r4(Math.max(0, res.medianA - res.medianB));
    }
    ctx.log(`\ncontroller overhead (regulome time with the controller − without, ÷ training time), median of ${reps} interleaved pairs; simulated step ≈ ${median(stepUs).toFixed(1)} µs:`);
    ctx.table(Object.entries(overhead).map(([controller, fraction]) => ({ controller, fraction_of_step_time: fraction })));

    const m = machine();
    ctx.log(`${m.cores} cores (${m.cpu}), Node ${m.node}; no TensorFlow.js backend (pure-TS simulated task)`);
    return {
      task: 'simulated-logistic',
      task_detail: `pure-TS 12-16-4 tanh MLP on Gaussian clusters (input scales ×40 apart), ${OPTIMIZER}, batch 16, ${STEPS} steps, step signal every 10 steps, eval every 50; to be replaced by MNIST on @epigenome/engine-tfjs`,
      backend: 'none (pure TypeScript)',
      machine: m,
      seeds,
      grid: Object.fromEntries([...gridAcc].map(([lr, acc]) => [String(lr), r4(acc)])),
      best_lr: best,
      arms,
      arms_final_lr: finalLr,
      arms_inherited: pretrained,
      inherited_vs_fresh_steps: lifelong.bandit?.ratio,
      inherited_vs_fresh: lifelong,
      controller_overhead: Math.max(...Object.values(overhead)),
      controller_overhead_by_controller: overhead,
      simulated_step_us: r3(median(stepUs)),
    };
  },
};

export default suite;

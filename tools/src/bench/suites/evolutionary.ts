import { createRegulome, createRng, float, type Regulator, type SearchSpace } from '@epigenome/core';
import { createAsha, createCmaEsOptimizer, createPbt, type CmaEsOptimizerOptions, type PbtExplore, type PbtOptions } from '@epigenome/regulators-evolutionary';
import { runJaderbergToy, toySpace } from '../../../../libs/regulators-evolutionary/src/internal/jaderberg-toy';
import { machine, median, type BenchSuite } from '../harness';

// ---------------------------------------------------------------------------------------------
// PBT: the toy problem of Jaderberg et al. 2017 (Fig. 2), through createRegulome + createPbt.
// θ ∈ R², Q(θ) = 1.2 − (θ0² + θ1²); worker i ascends 1.2 − (h0 θ0² + h1 θ1²) by SGD (step 0.01)
// from θ = (0.9, 0.9), h = (1, 0) and (0, 1); ready every 4 steps; explore h ← h + N(0, 0.1).
// The "checkpoint" is θ, copied by this driver when an exploit comes back.
// ---------------------------------------------------------------------------------------------
// The driver is the library's own test fixture, so the bench measures exactly what the tests check.
const toy = async (regulators: Regulator[], seed: number, steps = 200, population = 2): Promise<number> => (await runJaderbergToy(regulators, seed, steps, population)).q;

const noise =
  (sd: number): PbtExplore =>
  ({ config, rng }) => ({ h0: (config.h0 as number) + rng.normal(0, sd), h1: (config.h1 as number) + rng.normal(0, sd) });

async function toyMedian(options: Partial<PbtOptions> | undefined, seeds: number[], steps = 200, population = 2): Promise<number> {
  const qs: number[] = [];
  for (const seed of seeds) {
    const regs = options ? [createPbt({ space: toySpace, every: { steps: 4 }, log: () => {}, ...options })] : [];
    qs.push(await toy(regs, seed, steps, population));
  }
  return Number(median(qs).toFixed(4));
}

// ---------------------------------------------------------------------------------------------
// CMA-ES on standard functions (minimised, optimum 0), target 1e-8.
// ---------------------------------------------------------------------------------------------
const functions: Record<string, { f: (x: number[]) => number; start: (n: number, seed: number) => Partial<CmaEsOptimizerOptions>; budget: (n: number) => number }> = {
  sphere: { f: (x) => x.reduce((s, v) => s + v * v, 0), start: (n) => ({ x0: Array(n).fill(1), sigma0: 0.5, restarts: 0 }), budget: (n) => 2_000 * n },
  ellipsoid: {
    f: (x) => x.reduce((s, v, i) => s + 10 ** ((6 * i) / Math.max(1, x.length - 1)) * v * v, 0),
    start: (n) => ({ x0: Array(n).fill(1), sigma0: 0.5, restarts: 0 }),
    budget: (n) => 10_000 * n,
  },
  rosenbrock: {
    f: (x) => {
      let s = 0;
      for (let i = 0; i < x.length - 1; i++) s += 100 * ((x[i] as number) ** 2 - (x[i + 1] as number)) ** 2 + (1 - (x[i] as number)) ** 2;
      return s;
    },
    start: (n) => ({ x0: Array(n).fill(0.1), sigma0: 0.5, restarts: 0 }),
    budget: (n) => 10_000 * n,
  },
  rastrigin: {
    f: (x) => 10 * x.length + x.reduce((s, v) => s + v * v - 10 * Math.cos(2 * Math.PI * v), 0),
    start: (n, seed) => {
      const r = createRng(`x0:${seed}`);
      return { x0: Array.from({ length: n }, () => r.uniform(-5, 5)), sigma0: 2, restartRegion: { lower: -5, upper: 5 }, restarts: 9 };
    },
    budget: (n) => 100_000 * n,
  },
};

function cmaRun(name: string, n: number, seed: number): { evals: number; ok: boolean; restarts: number } {
  const fn = functions[name] as (typeof functions)[string];
  const es = createCmaEsOptimizer({ dimension: n, seed, target: 1e-8, maxEvaluations: fn.budget(n), ...fn.start(n, seed) });
  while (!es.status().stopped) {
    const xs = es.ask();
    es.tell(xs, xs.map(fn.f));
  }
  const s = es.status();
  return { evals: s.evaluations, ok: s.stopped === 'target', restarts: s.restarts };
}

// ---------------------------------------------------------------------------------------------
// ASHA vs random search on a cheap synthetic learning-curve model.
// A config (lr on a log axis, width) has a final accuracy a∞ peaked at lr = 1e-2.5, width 0.7, and
// a learning speed τ ∈ [5, 25] steps drawn independently of a∞;
// accuracy at step t is a∞ (1 − e^(−t/τ)) + N(0, 0.005). Both methods get the same compute
// budget (steps); random search trains every trial to R = 81 steps, ASHA (η = 3, r₀ = 1) stops
// trials early through the regulome; 4 workers share the budget round-robin.
// ---------------------------------------------------------------------------------------------
const curveSpace: SearchSpace = { lr: float(1e-5, 1, { log: true }), width: float(0, 1) };
const R = 81;

function curveOf(config: Record<string, unknown>) {
  const lr = Math.log10(config.lr as number);
  const width = config.width as number;
  const aInf = 0.95 - 0.06 * (lr + 2.5) ** 2 - 0.1 * (width - 0.7) ** 2;
  // learning speed varies per config but independently of quality (a pseudo-random draw from the config)
  const u = Math.abs(Math.sin(lr * 12.9898 + width * 78.233) * 43758.5453) % 1;
  const tau = 5 + 20 * u;
  return (t: number) => Math.max(0, aInf) * (1 - Math.exp(-t / tau));
}

async function searchRun(useAsha: boolean, budget: number, seed: number, target = Number.POSITIVE_INFINITY): Promise<{ best: number; used: number; bestTrueFinal: number; stepsToTarget: number }> {
  const regulators = useAsha ? [createAsha({ gracePeriod: 1, reductionFactor: 3, maxT: R })] : [];
  const regulome = createRegulome({ space: curveSpace, regulators, seed, objective: { metric: 'val_accuracy', mode: 'max' }, budget: { stepsPerTrial: R } });
  await regulome.start();
  const noise = createRng(`noise:${seed}`);
  const workers: ({ id: string; t: number; curve: (t: number) => number; config: Record<string, unknown> } | undefined)[] = [undefined, undefined, undefined, undefined];
  let used = 0;
  let best = 0;
  let bestTrueFinal = 0;
  let next = 0;
  let stepsToTarget = Number.POSITIVE_INFINITY;
  while (used < budget && stepsToTarget === Number.POSITIVE_INFINITY) {
    for (let w = 0; w < workers.length && used < budget; w++) {
      let job = workers[w];
      if (!job) {
        const id = `t${next++}`;
        const config = await regulome.addTrial(id);
        job = { id, t: 0, curve: curveOf(config), config };
        workers[w] = job;
      }
      job.t += 1;
      used += 1;
      const acc = job.curve(job.t) + noise.normal(0, 0.005);
      if (acc > best) {
        best = acc;
        bestTrueFinal = job.curve(R);
      }
      if (acc >= target && stepsToTarget === Number.POSITIVE_INFINITY) stepsToTarget = used;
      // evaluations at every rung-friendly step (1, 3, 9, 27, 81) and at the end
      if ([1, 3, 9, 27, 81].includes(job.t)) {
        const out = await regulome.observe({ trialId: job.id, kind: 'eval', step: job.t, metrics: { val_accuracy: acc } });
        if (out.stop || job.t >= R) {
          if (!out.stop) await regulome.endTrial(job.id);
          workers[w] = undefined;
        }
      }
    }
  }
  return { best, used, bestTrueFinal, stepsToTarget };
}

const suite: BenchSuite = {
  name: 'evolutionary',
  description: 'PBT on the Jaderberg toy, CMA-ES on standard functions, ASHA vs random search',
  async run(ctx) {
    const quick = ctx.quick;
    const m = machine();

    // PBT toy
    const toySeeds = Array.from({ length: 20 }, (_, i) => i);
    const sd = Math.sqrt(0.1); // N(0, 0.1): variance 0.1
    const pbtToy = {
      pbt: await toyMedian({ explore: noise(sd) }, toySeeds),
      exploit: await toyMedian({ explore: false }, toySeeds),
      explore: await toyMedian({ explore: noise(sd), exploit: false }, toySeeds),
      grid: await toyMedian(undefined, toySeeds),
      pbt_sync: await toyMedian({ explore: noise(sd), mode: 'sync' }, toySeeds),
      pbt_noise_sd_0_1: await toyMedian({ explore: noise(0.1) }, toySeeds),
      // population scaling at equal steps per member: the default (every ready member explores) and truncation only
      pbt_pop2: await toyMedian({ explore: noise(0.1) }, toySeeds, 100, 2),
      pbt_pop4: await toyMedian({ explore: noise(0.1) }, toySeeds, 100, 4),
      pbt_pop8: await toyMedian({ explore: noise(0.1) }, toySeeds, 100, 8),
      pbt_pop2_truncation: await toyMedian({ explore: noise(0.1), exploreAll: false }, toySeeds, 100, 2),
      pbt_pop4_truncation: await toyMedian({ explore: noise(0.1), exploreAll: false }, toySeeds, 100, 4),
      pbt_pop8_truncation: await toyMedian({ explore: noise(0.1), exploreAll: false }, toySeeds, 100, 8),
      steps: 200,
      population_steps: 100,
      seeds: toySeeds,
      explore_noise: 'h + N(0, 0.1) read as variance 0.1 (sd 0.316); pbt_noise_sd_0_1 and pbt_pop* read it as sd 0.1',
      population_note:
        'pbt_popN: N members (h starts alternate (1,0), (0,1)), 100 steps each, default createPbt (exploreAll: every ready member explores); *_truncation: exploreAll false (only the bottom quantile 0.25 explores)',
    };
    ctx.log('PBT toy (Jaderberg et al. 2017, Fig. 2): median Q over 20 seeds (200 steps, 2 members; pbt_pop*: 100 steps per member); optimum 1.2');
    ctx.table(Object.entries(pbtToy).filter(([, v]) => typeof v === 'number').map(([variant, q]) => ({ variant, median_Q: q })));

    // CMA-ES
    const runs = quick ? 5 : 10;
    const cmaSeeds = Array.from({ length: runs }, (_, i) => i);
    const plan: [string, number[]][] = quick
      ? [
          ['sphere', [10]],
          ['rosenbrock', [10]],
          ['ellipsoid', [10]],
          ['rastrigin', [5]],
        ]
      : [
          ['sphere', [2, 5, 10, 20]],
          ['ellipsoid', [2, 5, 10, 20]],
          ['rosenbrock', [2, 5, 10, 20]],
          ['rastrigin', [2, 5, 10]],
        ];
    const cmaes: Record<string, { median_evals: number; successes: number; runs: number; median_restarts: number; max_evals: number; evals: number[] }> = {};
    for (const [name, dims] of plan) {
      for (const n of dims) {
        const rs = cmaSeeds.map((seed) => cmaRun(name, n, seed));
        // failures count as +∞, so the median is honest when fewer than half succeed
        const med = median(rs.map((r) => (r.ok ? r.evals : Number.POSITIVE_INFINITY)));
        cmaes[`${name}-${n}`] = {
          median_evals: Number.isFinite(med) ? med : -1,
          successes: rs.filter((r) => r.ok).length,
          runs: rs.length,
          median_restarts: median(rs.map((r) => r.restarts)),
          max_evals: (functions[name] as (typeof functions)[string]).budget(n),
          evals: rs.map((r) => r.evals),
        };
      }
    }
    ctx.log(`CMA-ES to f ≤ 1e-8 (seeds ${cmaSeeds.join(',')}); targets: sphere-10 ≤ 2,000, rosenbrock-10 ≤ 8,000 median with ≥ 9/10`);
    ctx.table(Object.entries(cmaes).map(([fn, r]) => ({ function: fn, median_evals: r.median_evals, successes: `${r.successes}/${r.runs}`, median_restarts: r.median_restarts })));

    // ASHA vs random
    const searchSeeds = Array.from({ length: quick ? 5 : 10 }, (_, i) => i);
    const budget = (quick ? 16 : 32) * R;
    const perCompute: number[] = [];
    const rows: Record<string, unknown>[] = [];
    const bestA: number[] = [];
    const bestR: number[] = [];
    for (const seed of searchSeeds) {
      const a = await searchRun(true, budget, seed);
      const r = await searchRun(false, budget, seed);
      perCompute.push(a.best / a.used / (r.best / r.used));
      bestA.push(a.bestTrueFinal);
      bestR.push(r.bestTrueFinal);
      rows.push({ seed, asha_best: a.best, random_best: r.best, asha_true_final: a.bestTrueFinal, random_true_final: r.bestTrueFinal });
    }
    ctx.log(`ASHA (η 3, r₀ 1, R ${R}) vs random search, same budget of ${budget} steps, 4 workers; seeds ${searchSeeds.join(',')}`);
    ctx.table(rows);
    // compute to first observe a given accuracy (failures count as +∞), up to 8× the budget
    const target = 0.95;
    const toTargetA: number[] = [];
    const toTargetR: number[] = [];
    for (const seed of searchSeeds) {
      toTargetA.push((await searchRun(true, 8 * budget, seed, target)).stepsToTarget);
      toTargetR.push((await searchRun(false, 8 * budget, seed, target)).stepsToTarget);
    }
    ctx.table([
      { method: 'asha', steps_to_acc_0_95: toTargetA.join(' '), median: median(toTargetA) },
      { method: 'random', steps_to_acc_0_95: toTargetR.join(' '), median: median(toTargetR) },
    ]);
    const ashaVsRandom = {
      ratio: Number(median(perCompute).toFixed(4)),
      speedup_to_accuracy_0_95: Number((median(toTargetR) / median(toTargetA)).toFixed(3)),
      steps_to_accuracy_0_95: { asha: median(toTargetA), random: median(toTargetR) },
      best_accuracy_asha: Number(median(bestA).toFixed(4)),
      best_accuracy_random: Number(median(bestR).toFixed(4)),
      budget_steps: budget,
      seeds: searchSeeds,
      note: 'ratio = median over seeds of (best observed accuracy ÷ steps used) ASHA ÷ random at an equal budget; best_accuracy_* = true final accuracy of the best trial found; speedup = median steps random ÷ ASHA to first observe accuracy ≥ 0.95 (max 8× budget)',
    };
    ctx.log(`${m.cores} cores (${m.cpu}), Node ${m.node}`);
    return { machine: m, pbt_toy: pbtToy, cmaes, asha_vs_random: ashaVsRandom };
  },
};

export default suite;

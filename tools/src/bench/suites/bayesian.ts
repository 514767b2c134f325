import { createRegulome, createRng, float, perturbConfig, sampleConfig, type Config, type Regulator, type SearchSpace } from '@epigenome/core';
import { createBayesOpt, createPb2 } from '@epigenome/regulators-bayesian';
import { machine, median, type BenchSuite } from '../harness';

// ---------------------------------------------------------------------------------------------
// Test functions (minimisation), global minima from Surjanovic & Bingham's library.
const BRANIN_MIN = 0.397887357729739;
function branin(x: number, y: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
}
const HARTMANN6_MIN = -3.32236801141551;
const H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const H_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]];
const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
function hartmann6(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let e = 0;
    for (let j = 0; j < 6; j++) e += (H_A[i] as number[])[j]! * ((x[j] as number) - (H_P[i] as number[])[j]! * 1e-4) ** 2;
    s += H_ALPHA[i]! * Math.exp(-e);
  }
  return -s;
}

interface Problem {
  name: string;
  space: SearchSpace;
  f: (c: Config) => number;
  min: number;
  budget: number;
  initial: number;
}
const braninProblem: Problem = { name: 'branin', space: { x: float(-5, 10), y: float(0, 15) }, f: (c) => branin(c.x as number, c.y as number), min: BRANIN_MIN, budget: 30, initial: 5 };
const h6Space: Record<string, ReturnType<typeof float>> = {};
for (let j = 0; j < 6; j++) h6Space[`x${j}`] = float(0, 1);
const hartmannProblem: Problem = { name: 'hartmann6', space: h6Space, f: (c) => hartmann6(Array.from({ length: 6 }, (_, j) => c[`x${j}`] as number)), min: HARTMANN6_MIN, budget: 50, initial: 8 };

function boRegret(p: Problem, seed: number): number {
  const bo = createBayesOpt({ space: p.space, mode: 'min', seed, initial: p.initial });
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < p.budget; i++) {
    const [c] = bo.ask();
    const v = p.f(c as Config);
    bo.tell(c as Config, v);
    best = Math.min(best, v);
  }
  return best - p.min;
}

function randomRegret(p: Problem, seed: number): number {
  const rng = createRng(seed).split('random-search');
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < p.budget; i++) best = Math.min(best, p.f(sampleConfig(p.space, rng)));
  return best - p.min;
}

// ---------------------------------------------------------------------------------------------
// GP fit + propose time, 6-D.
function fitProposeMs(n: number, rep: number): number {
  const rng = createRng(`gp-speed:${n}:${rep}`);
  const bo = createBayesOpt({ space: h6Space, mode: 'min', seed: rep });
  for (let i = 0; i < n; i++) {
    const c = sampleConfig(h6Space, rng);
    bo.tell(c, hartmann6(Array.from({ length: 6 }, (_, j) => c[`x${j}`] as number)) + 0.01 * rng.normal());
  }
  const t0 = performance.now();
  bo.ask();
  return performance.now() - t0;
}

// ---------------------------------------------------------------------------------------------
// Population tasks, driven through the regulome like the runner would.
interface PopTask<S> {
  name: string;
  space: SearchSpace;
  steps: number;
  evalEvery: number;
  readyEvery: number;
  init(i: number, rng: ReturnType<typeof createRng>): { state: S; config?: Config };
  step(state: S, config: Readonly<Config>, rng: ReturnType<typeof createRng>): void;
  fitness(state: S): number;
  clone(state: S): S;
  /** PBT explore of this task. */
  explore(config: Readonly<Config>, space: SearchSpace, rng: ReturnType<typeof createRng>): Config;
}

// Jaderberg et al. 2017, Fig. 2: maximise Q(θ) = 1.2 − (θ0² + θ1²) while each worker ascends the
// surrogate 1.2 − (h0 θ0² + h1 θ1²) with SGD step 0.01; ready every 4 steps; 200 steps.
const toyTask: PopTask<number[]> = {
  name: 'toy',
  space: { h0: float(0, 1), h1: float(0, 1) },
  steps: 200,
  evalEvery: 4,
  readyEvery: 4,
  init: (i, rng) => ({ state: [0.9, 0.9], config: i === 0 ? { h0: 1, h1: 0 } : i === 1 ? { h0: 0, h1: 1 } : { h0: rng.next(), h1: rng.next() } }),
  step(theta, c) {
    theta[0] = (theta[0] as number) + 0.01 * (-2 * (c.h0 as number) * (theta[0] as number));
    theta[1] = (theta[1] as number) + 0.01 * (-2 * (c.h1 as number) * (theta[1] as number));
  },
  fitness: (t) => 1.2 - ((t[0] as number) ** 2 + (t[1] as number) ** 2),
  clone: (t) => [...t],
  explore: (c, _s, rng) => ({ h0: Math.min(1, Math.max(0, (c.h0 as number) + rng.normal(0, 0.1))), h1: Math.min(1, Math.max(0, (c.h1 as number) + rng.normal(0, 0.1))) }),
};

// A cheap synthetic training curve: SGD with momentum on a noisy ill-conditioned quadratic
// (10 dims, curvatures 1e-2…1); a large learning rate is fast but noisy (and unstable past
// 2(1 + μ)/a_max), so the best schedule anneals. Fitness: −log10 of the loss.
interface Sgd {
  w: number[];
  v: number[];
}
const CURV = Array.from({ length: 10 }, (_, i) => 10 ** (-2 + (2 * i) / 9));
const sgdTask: PopTask<Sgd> = {
  name: 'synthetic',
  space: { lr: float(1e-3, 3, { log: true }), momentum: float(0, 0.95) },
  steps: 400,
  evalEvery: 10,
  readyEvery: 20,
  init: () => ({ state: { w: CURV.map(() => 1), v: CURV.map(() => 0) } }),
  step(s, c, rng) {
    const lr = c.lr as number;
    const mu = c.momentum as number;
    for (let i = 0; i < CURV.length; i++) {
      const g = (CURV[i] as number) * (s.w[i] as number) + 0.05 * rng.normal();
      s.v[i] = mu * (s.v[i] as number) - lr * g;
      s.w[i] = Math.max(-1e6, Math.min(1e6, (s.w[i] as number) + (s.v[i] as number)));
    }
  },
  fitness(s) {
    let loss = 0;
    for (let i = 0; i < CURV.length; i++) loss += 0.5 * (CURV[i] as number) * (s.w[i] as number) ** 2;
    return -Math.log10(loss);
  },
  clone: (s) => ({ w: [...s.w], v: [...s.v] }),
  explore: (c, space, rng) => perturbConfig(space, c as Config, rng),
};

/** A minimal PBT (truncation selection, Jaderberg et al. 2017) with the same ranking rule as our PB2. */
function localPbt(task: PopTask<unknown>, quantile = 0.25): Regulator {
  const lastReady = new Map<string, number>();
  return {
    specificationVersion: 'v1',
    name: 'pbt',
    level: 'population',
    controls: Object.keys(task.space),
    regulate(signal, ctx) {
      const t = ctx.trial;
      if (!t || t.fitness === undefined) return undefined;
      if (signal.step - (lastReady.get(t.id) ?? 0) < task.readyEvery) return undefined;
      lastReady.set(t.id, signal.step);
      const ranked = ctx.population.filter((p) => p.status === 'running' && p.fitness !== undefined).sort((a, b) => (b.fitness as number) - (a.fitness as number));
      if (ranked.length < 2) return undefined;
      const k = Math.min(Math.floor(ranked.length / 2), Math.max(1, Math.round(ranked.length * quantile)));
      if (!ranked.slice(ranked.length - k).some((p) => p.id === t.id)) return undefined;
      const donors = ranked.slice(0, k).filter((p) => p.hasCheckpoint && p.id !== t.id);
      if (donors.length === 0) return undefined;
      const donor = ctx.rng.pick(donors);
      return { exploit: { from: donor.id }, set: task.explore(donor.base, ctx.space, ctx.rng), reason: 'pbt: exploit + explore' };
    },
  };
}

async function runPopulation<S>(task: PopTask<S>, regulator: Regulator, population: number, seed: number): Promise<number> {
  const regulome = createRegulome({ space: task.space, regulators: [regulator], seed, objective: { metric: 'fitness', mode: 'max' }, budget: { stepsPerTrial: task.steps } });
  await regulome.start();
  const rng = createRng(`${task.name}:${seed}`);
  const ids = Array.from({ length: population }, (_, i) => `w${i}`);
  const states = new Map<string, S>();
  const configs = new Map<string, Config>();
  const checkpoints = new Map<string, S>();
  for (const [i, id] of ids.entries()) {
    const init = task.init(i, rng.split(`init:${i}`));
    states.set(id, init.state);
    configs.set(id, await regulome.addTrial(id, init.config ? { config: init.config } : {}));
  }
  const noise = rng.split('noise');
  for (let step = 1; step <= task.steps; step++) {
    for (const id of ids) {
      task.step(states.get(id) as S, configs.get(id) as Config, noise);
      if (step % task.evalEvery !== 0) continue;
      const f = task.fitness(states.get(id) as S);
      checkpoints.set(id, task.clone(states.get(id) as S));
      regulome.setCheckpoint(id);
      const out = await regulome.observe({ trialId: id, kind: 'eval', step, metrics: { fitness: Number.isFinite(f) ? f : Number.NaN } });
      if (out.exploit) states.set(id, task.clone(checkpoints.get(out.exploit.from) as S));
      configs.set(id, out.config);
    }
  }
  return Math.max(...ids.map((id) => task.fitness(states.get(id) as S)));
}

type Factory = (task: PopTask<unknown>) => Regulator;

async function evolutionaryPbt(): Promise<Factory | undefined> {
  try {
    const mod = (await import('@epigenome/regulators-evolutionary')) as unknown as { createPbt?: (o: Record<string, unknown>) => Regulator };
    if (typeof mod.createPbt !== 'function') return undefined;
    const createPbt = mod.createPbt;
    return (task) =>
      createPbt({
        space: task.space,
        every: { steps: task.readyEvery },
        quantile: 0.25,
        explore: (c: { config: Config; space: SearchSpace; rng: ReturnType<typeof createRng> }) => task.explore(c.config, c.space, c.rng),
      });
  } catch {
    return undefined;
  }
}

const suite: BenchSuite = {
  name: 'bayesian',
  description: 'GP-BO regret on Branin and Hartmann-6 vs random search, GP fit+propose time, PB2 vs PBT',
  async run(ctx) {
    const quick = ctx.quick;
    const seeds = Array.from({ length: quick ? 5 : 10 }, (_, i) => i);
    const t0 = performance.now();

    const bo: Record<string, number[]> = {};
    const rnd: Record<string, number[]> = {};
    for (const p of [braninProblem, hartmannProblem]) {
      bo[p.name] = seeds.map((s) => boRegret(p, s));
      rnd[p.name] = seeds.map((s) => randomRegret(p, s));
      ctx.table([
        { problem: `${p.name}@${p.budget}`, method: 'GP-BO (LogEI)', median_regret: median(bo[p.name] as number[]), regrets: (bo[p.name] as number[]).map((r) => r.toExponential(2)).join(' ') },
        { problem: `${p.name}@${p.budget}`, method: 'random search', median_regret: median(rnd[p.name] as number[]), regrets: (rnd[p.name] as number[]).map((r) => r.toExponential(2)).join(' ') },
      ]);
    }
    ctx.log(`BoTorch reference (SingleTaskGP + LogEI): branin@30 0.0125, hartmann6@50 0.036; seeds ${seeds.join(',')}`);

    const reps = quick ? 3 : 5;
    const gp: Record<string, number> = {};
    const gpRows: Record<string, unknown>[] = [];
    fitProposeMs(50, 99); // warm-up (JIT)
    for (const n of [50, 200, 500]) {
      const samples = Array.from({ length: reps }, (_, r) => fitProposeMs(n, r));
      gp[String(n)] = Number(median(samples).toFixed(1));
      gpRows.push({ observations: n, dims: 6, fit_propose_ms_median: median(samples), samples: samples.map((s) => s.toFixed(0)).join(' ') });
    }
    ctx.table(gpRows);

    const libPbt = await evolutionaryPbt();
    const popSeeds = Array.from({ length: quick ? 5 : 10 }, (_, i) => i);
    const pops = [2, 4, 8];
    const pb2VsPbt: Record<string, Record<string, Record<string, number>>> = {};
    const rows: Record<string, unknown>[] = [];
    for (const task of [toyTask, sgdTask] as PopTask<unknown>[]) {
      const byPop: Record<string, Record<string, number>> = {};
      pb2VsPbt[task.name] = byPop;
      for (const pop of pops) {
        const variants: [string, Factory][] = [
          ['pb2', (t) => createPb2({ params: Object.keys(t.space), every: { steps: t.readyEvery }, quantile: 0.25 })],
          ['pbt', (t) => localPbt(t)],
        ];
        if (libPbt) variants.push(['pbt_evolutionary', libPbt]);
        const res: Record<string, number> = {};
        const row: Record<string, unknown> = { task: task.name, population: pop };
        for (const [label, make] of variants) {
          const scores: number[] = [];
          for (const s of popSeeds) scores.push(await runPopulation(task, make(task), pop, s));
          res[label] = Number(median(scores).toFixed(4));
          row[label] = median(scores);
        }
        byPop[String(pop)] = res;
        rows.push(row);
      }
    }
    ctx.table(rows);
    const m = machine();
    ctx.log(`${m.cores} cores (${m.cpu}), Node ${m.node}; population seeds ${popSeeds.join(',')}; PBT baseline: bench-local truncation PBT${libPbt ? ' and @epigenome/regulators-evolutionary createPbt' : ''}; ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return {
      machine: m,
      seeds,
      branin_regret_30: median(bo.branin as number[]),
      hartmann6_regret_50: median(bo.hartmann6 as number[]),
      random_branin_regret_30: median(rnd.branin as number[]),
      random_hartmann6_regret_50: median(rnd.hartmann6 as number[]),
      botorch_reference: { branin_regret_30: 0.0125, hartmann6_regret_50: 0.036 },
      gp_fit_ms: gp,
      gp_fit_repetitions: reps,
      pb2_vs_pbt: { metric: 'median over seeds of the best final fitness in the population (toy: Q(θ); synthetic: −log10 loss)', seeds: popSeeds, ...pb2VsPbt },
    };
  },
};

export default suite;

import { createRegulome, createRng, float, perturbConfig, sampleConfig, type Config, type Regulator, type SearchSpace } from '@epigenome/core';
import { createBayesOpt, createPb2 } from '@epigenome/regulators-bayesian';
import { machine, median, type BenchSuite } from '../harness';

/** The q-quantile of `values` (linear interpolation between order statistics). */
function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  return (s[lo] as number) + ((s[Math.min(lo + 1, s.length - 1)] as number) - (s[lo] as number)) * (pos - lo);
}

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
/** Hartmann family: −Σ_i α_i exp(−Σ_j A_ij (x_j − P_ij·1e-4)²). */
function hartmann(x: readonly number[], a: readonly (readonly number[])[], p: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let e = 0;
    for (let j = 0; j < x.length; j++) e += (a[i] as number[])[j]! * ((x[j] as number) - (p[i] as number[])[j]! * 1e-4) ** 2;
    s += H_ALPHA[i]! * Math.exp(-e);
  }
  return -s;
}
const hartmann6 = (x: readonly number[]) => hartmann(x, H_A, H_P);

const HARTMANN3_MIN = -3.86278214782076;
const H3_A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]];
const H3_P = [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]];
const hartmann3 = (x: readonly number[]) => hartmann(x, H3_A, H3_P);
/** Rosenbrock on [−5, 10]^d, minimum 0 at (1, …, 1). */
function rosenbrock(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * ((x[i + 1] as number) - (x[i] as number) ** 2) ** 2 + (1 - (x[i] as number)) ** 2;
  return s;
}
/** Ackley on [−32.768, 32.768]^d (a = 20, b = 0.2, c = 2π), minimum 0 at the origin. */
function ackley(x: readonly number[]): number {
  const d = x.length;
  const sq = x.reduce((s, v) => s + v * v, 0);
  const cs = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0);
  return -20 * Math.exp(-0.2 * Math.sqrt(sq / d)) - Math.exp(cs / d) + 20 + Math.E;
}
/** Levy on [−10, 10]^d, minimum 0 at (1, …, 1). */
function levy(x: readonly number[]): number {
  const w = x.map((v) => 1 + (v - 1) / 4);
  const d = w.length;
  let s = Math.sin(Math.PI * (w[0] as number)) ** 2;
  for (let i = 0; i + 1 < d; i++) s += ((w[i] as number) - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * (w[i] as number) + 1) ** 2);
  return s + ((w[d - 1] as number) - 1) ** 2 * (1 + Math.sin(2 * Math.PI * (w[d - 1] as number)) ** 2);
}

/** Six-hump camel on [−3, 3] × [−2, 2], minimum −1.0316284535 at (±0.0898, ∓0.7126). */
function sixHumpCamel(x: readonly number[]): number {
  const [a, b] = x as [number, number];
  return (4 - 2.1 * a * a + a ** 4 / 3) * a * a + a * b + (-4 + 4 * b * b) * b * b;
}
const SIX_HUMP_CAMEL_MIN = -1.0316284534898774;
/** Styblinski-Tang on [−5, 5]^d, minimum −39.16616570377142·d at (−2.903534, …): 2^d basins, the global one in the all-negative orthant. */
const styblinskiTang = (x: readonly number[]): number => x.reduce((s, v) => s + v ** 4 - 16 * v * v + 5 * v, 0) / 2;
const STYBLINSKI_TANG_MIN_PER_DIM = -39.16616570377142;

export interface Problem {
  name: string;
  space: SearchSpace;
  f: (c: Config) => number;
  min: number;
  budget: number;
  initial: number;
}
const cube = (d: number, lo: number, hi: number): Record<string, ReturnType<typeof float>> => Object.fromEntries(Array.from({ length: d }, (_, j) => [`x${j}`, float(lo, hi)]));
const vector = (d: number, f: (x: number[]) => number) => (c: Config) => f(Array.from({ length: d }, (_, j) => c[`x${j}`] as number));
const braninProblem: Problem = { name: 'branin', space: { x: float(-5, 10), y: float(0, 15) }, f: (c) => branin(c.x as number, c.y as number), min: BRANIN_MIN, budget: 30, initial: 5 };
const h6Space = cube(6, 0, 1);
const hartmannProblem: Problem = { name: 'hartmann6', space: h6Space, f: vector(6, hartmann6), min: HARTMANN6_MIN, budget: 50, initial: 8 };
/**
 * The tail problems (Surjanovic & Bingham's domains and optima): 2–5 dimensions, budgets of about
 * 10 evaluations per dimension, an initial design of 2d points.
 */
export const tailProblems: Problem[] = [
  { name: 'hartmann3', space: cube(3, 0, 1), f: vector(3, hartmann3), min: HARTMANN3_MIN, budget: 30, initial: 6 },
  { name: 'rosenbrock4', space: cube(4, -5, 10), f: vector(4, rosenbrock), min: 0, budget: 40, initial: 8 },
  { name: 'ackley5', space: cube(5, -32.768, 32.768), f: vector(5, ackley), min: 0, budget: 50, initial: 10 },
  { name: 'levy4', space: cube(4, -10, 10), f: vector(4, levy), min: 0, budget: 40, initial: 8 },
  { name: 'camel2', space: { x0: float(-3, 3), x1: float(-2, 2) }, f: vector(2, sixHumpCamel), min: SIX_HUMP_CAMEL_MIN, budget: 30, initial: 4 },
  { name: 'styblinski5', space: cube(5, -5, 5), f: vector(5, styblinskiTang), min: 5 * STYBLINSKI_TANG_MIN_PER_DIM, budget: 50, initial: 10 },
];
export const problems: Problem[] = [braninProblem, hartmannProblem, ...tailProblems];

export function boRegret(p: Problem, seed: number): number {
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

export function randomRegret(p: Problem, seed: number): number {
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
  description: 'GP-BO regret (median, q75, worst over 20 seeds) on Branin, Hartmann-3/6, Rosenbrock-4, Ackley-5, Levy-4, six-hump camel, Styblinski-Tang-5 vs random search, GP fit+propose time, PB2 vs PBT',
  async run(ctx) {
    const quick = ctx.quick;
    const seeds = Array.from({ length: quick ? 5 : 20 }, (_, i) => i);
    const t0 = performance.now();

    const bo: Record<string, number[]> = {};
    const rnd: Record<string, number[]> = {};
    const tails: Record<string, { median_regret: number; q75_regret: number; worst_regret: number; random_median_regret: number; budget: number; initial: number; optimum: number }> = {};
    for (const p of problems) {
      const b = seeds.map((s) => boRegret(p, s));
      const r = seeds.map((s) => randomRegret(p, s));
      bo[p.name] = b;
      rnd[p.name] = r;
      tails[p.name] = { median_regret: median(b), q75_regret: quantile(b, 0.75), worst_regret: Math.max(...b), random_median_regret: median(r), budget: p.budget, initial: p.initial, optimum: p.min };
    }
    const botorch: Record<string, number> = { branin: 0.0125, hartmann6: 0.036 };
    ctx.table(
      problems.map((p) => {
        const t = tails[p.name] as (typeof tails)[string];
        return {
          problem: `${p.name}@${p.budget}`,
          median: t.median_regret.toExponential(2),
          q75: t.q75_regret.toExponential(2),
          worst: t.worst_regret.toExponential(2),
          random_median: t.random_median_regret.toExponential(2),
          worst_le_random_median: t.worst_regret <= t.random_median_regret ? 'yes' : 'NO',
          botorch_median: botorch[p.name] ?? '',
        };
      }),
    );
    ctx.log(`GP-BO (LogEI) simple regret over seeds ${seeds.join(',')}; BoTorch reference (SingleTaskGP + LogEI, median): branin@30 0.0125, hartmann6@50 0.036`);
    for (const p of problems) ctx.log(`${p.name}@${p.budget} regrets: ${(bo[p.name] as number[]).map((r) => r.toExponential(2)).join(' ')}`);

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
      tails,
      botorch_reference: { branin_regret_30: 0.0125, hartmann6_regret_50: 0.036 },
      gp_fit_ms: gp,
      gp_fit_repetitions: reps,
      pb2_vs_pbt: { metric: 'median over seeds of the best final fitness in the population (toy: Q(θ); synthetic: −log10 loss)', seeds: popSeeds, ...pb2VsPbt },
    };
  },
};

export default suite;

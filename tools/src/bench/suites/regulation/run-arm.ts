// One run of one arm of the regulation suite.
import { numericParams, type Config, type MemoryStore, type Regulator, type SearchSpace } from '@epigenome/core';
import { createBayesOpt, createPb2 } from '@epigenome/regulators-bayesian';
import { createAsha, createPbt } from '@epigenome/regulators-evolutionary';
import { createHypergradient } from '@epigenome/regulators-rl';
import { inheritMarks, runExperiment, type RunnerProgress } from '@epigenome/runner';
import { SLICE_HYPERGRADIENT } from '../rl/slice-hypergradient';
import type { ArmName, Settings } from './settings';
import { selectingEngine, testAccuracy, type Task } from './task';

/** One run of one arm. */
export interface ArmRun {
  /** Test accuracy of the weights with the best validation accuracy seen in the run. */
  readonly accuracy: number;
  /** Test accuracy of `result.bestCheckpoint` (the runner's best trial, final weights). */
  readonly finalWeightsAccuracy: number;
  /** Best validation accuracy seen during the run. */
  readonly bestValidation: number;
  /** Summed steps over the arm's trials. */
  readonly steps: number;
  readonly trials: number;
  /** (summed steps, best-so-far validation accuracy) at every evaluation. */
  readonly curve: readonly { steps: number; best: number }[];
  /** Every evaluation: the trial, its own step, the arm's summed steps then, its validation accuracy. */
  readonly evals: readonly { trialId: string; step: number; steps: number; accuracy: number }[];
  readonly seconds: number;
  readonly bestConfig: Config;
  readonly marks: readonly string[];
  /** Regulators whose learned state was restored from a mark. */
  readonly inheritedStates: readonly string[];
  /** Trials the lineage regulator started from an inherited configuration. */
  readonly seeded: number;
}

export function stepsToTarget(curve: ArmRun['curve'], target: number): number | null {
  for (const p of curve) if (p.best >= target - 1e-12) return p.steps;
  return null;
}

/** Median of steps-to-target values with null (never reached) ranked above every number. */
export function medianSteps(values: readonly (number | null)[]): number | null {
  const s = [...values].sort((a, b) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a - b));
  if (s.length === 0) return null;
  const m = s.length >> 1;
  if (s.length % 2) return s[m] ?? null;
  const a = s[m - 1] ?? null;
  const b = s[m] ?? null;
  return a === null || b === null ? null : (a + b) / 2;
}

/** A lineage regulator that starts every trial from one fixed configuration. */
export function fixedConfig(config: Config): Regulator {
  return { specificationVersion: 'v1', name: 'fixed-config', level: 'lineage', controls: Object.keys(config), propose: () => ({ ...config }) };
}

export function pbt(s: Settings, population: number, space: SearchSpace): Regulator {
  // bottom 25% copies a top-25% trial (weights + optimiser state) and perturbs its config
  return createPbt({ space, population, every: { steps: s.pbtEvery }, quantile: 0.25 });
}


/**
 * The full regulome: inherit-marks, successive halving at the first evaluation (ASHA, η = 2: the
 * worse half stops and, with the runner's `budget.reallocate`, its unused steps go to the
 * survivors, so the winner trains nearly the whole budget), PBT and the slice hypergradient on
 * every trial. Its trial 0
 * starts from the user's default (`defaultConfig`, see runArm); PBT explores by truncation only
 * (`exploreAll: false`): the leading trial keeps its values, so a good default is never perturbed
 * away while it leads, and the bottom trial explores around the leader (Jaderberg et al. 2017's
 * truncation selection; with two trials the paper's explore-all variant moves the leader every
 * ready point and once resampled the default's lr to 1e-4 on the drifting task).
 */
export function regulome(s: Settings, space: SearchSpace): { regulators: Regulator[]; seeded: () => number } {
  const lineage = inheritMarks();
  const population = createPbt({ space, population: s.regulomePopulation, every: { steps: s.pbtEvery }, quantile: 0.25, exploreAll: false });
  // before PBT: a trial stopped at a rung does not exploit first
  const halving = createAsha({ name: 'halving', gracePeriod: s.evaluateEvery, reductionFactor: 2 });
  return { regulators: [lineage, halving, population, createHypergradient(SLICE_HYPERGRADIENT)], seeded: () => Object.keys(lineage.report().seeded).length };
}

export async function runArm(arm: ArmName, task: Task, s: Settings, seed: number, memory: MemoryStore | undefined): Promise<ArmRun> {
  const selecting = selectingEngine(task.engine, task.fixed);
  const record = recorder();
  const t0 = performance.now();
  let result: Awaited<ReturnType<typeof runExperiment>>;
  let trials: number;
  let steps: number;
  let seeded = 0;
  if (arm === 'gp_bo') {
    // GP-BO over whole trials: one trial after another, each told to the optimiser before the next ask
    const count = s.gpTrials ?? 6;
    const bo = createBayesOpt({ space: task.space, seed, initial: s.gpInitial ?? 3 });
    const perTrial = Math.floor(s.budget / count);
    let best: typeof result | undefined;
    let bestValue = Number.NEGATIVE_INFINITY;
    steps = 0;
    for (let k = 0; k < count; k++) {
      const [config] = bo.ask();
      const r = await runExperiment({
        ...common(s, seed * 1000 + k, selecting.engine, task.space),
        regulators: [fixedConfig(config as Config)],
        population: 1,
        budget: { steps: perTrial },
        onProgress: record.progress(`gp${k}`, steps),
      });
      const value = r.best?.fitness ?? Number.NEGATIVE_INFINITY;
      bo.tell(config as Config, Number.isFinite(value) ? value : Number.NaN);
      if (best === undefined || value > bestValue) [best, bestValue] = [r, value];
      steps += r.steps;
    }
    result = best as typeof result;
    trials = count;
  } else {
    const perTrial = Math.floor(s.budget / s.population);
    const regPerTrial = Math.floor(s.budget / s.regulomePopulation);
    const full = regulome(s, task.space);
    const opts = {
      static: { population: 1, steps: s.budget, regulators: [fixedConfig(task.defaultConfig)] },
      hypergradient: { population: 1, steps: s.budget, regulators: [fixedConfig(task.defaultConfig), createHypergradient(SLICE_HYPERGRADIENT)] },
      random: { population: s.population, steps: perTrial, regulators: [] },
      asha: { population: s.ashaPopulation, steps: perTrial, regulators: [createAsha({ gracePeriod: s.ashaGrace, reductionFactor: 2, maxT: perTrial })] },
      pbt: { population: s.population, steps: perTrial, regulators: [pbt(s, s.population, task.space)] },
      pb2: { population: s.population, steps: perTrial, regulators: [createPb2({ params: numericParams(task.space), every: { steps: s.pbtEvery }, quantile: 0.25 })] },
      epigenome: { population: s.regulomePopulation, steps: regPerTrial, regulators: full.regulators },
      epigenome_fresh: { population: s.regulomePopulation, steps: regPerTrial, regulators: full.regulators },
    }[arm];
    const abort = new AbortController();
    result = await runExperiment({
      ...common(s, seed, selecting.engine, task.space),
      // the regulome starts from the user's default as the library does for a spec (trial 0, or the first trial no mark seeds)
      ...(arm === 'epigenome' || arm === 'epigenome_fresh' ? { defaultConfig: task.defaultConfig } : {}),
      regulators: opts.regulators,
      population: opts.population,
      // the regulome's pruned trials hand their unused steps to the survivors
      budget: { steps: opts.steps, ...(arm === 'epigenome' || arm === 'epigenome_fresh' ? { reallocate: true } : {}) },
      ...(memory ? { memory, checkpointEvery: 0 } : {}),
      // Stop ASHA before a round that would take it past its budget (it starts more trials than the
      // budget can carry to the end): the next round costs at most evaluateEvery per running trial.
      // The other arms end at their budget by construction (and an aborted run writes no marks).
      onProgress: record.progress(
        '',
        0,
        arm === 'asha' ? (stepsDone, running) => (running > 0 && stepsDone + running * s.evaluateEvery > s.budget ? abort.abort() : undefined) : undefined,
        opts.steps,
      ),
      abortSignal: abort.signal,
    });
    trials = result.trials.length;
    steps = result.steps;
    seeded = arm === 'epigenome' || arm === 'epigenome_fresh' ? full.seeded() : 0;
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    accuracy: await testAccuracy(task, selecting.best()?.checkpoint),
    finalWeightsAccuracy: await testAccuracy(task, result.bestCheckpoint),
    bestValidation: record.best(),
    steps,
    trials,
    curve: record.curve,
    evals: record.evals,
    seconds,
    bestConfig: result.best?.config ?? {},
    marks: result.marks,
    inheritedStates: Object.keys(result.inheritedStates),
    seeded,
  };
}

function common(s: Settings, seed: number, engine: ReturnType<typeof selectingEngine>['engine'], space: SearchSpace) {
  return { engine, space, evaluateEvery: s.evaluateEvery, signalEvery: s.signalEvery, seed, objective: { metric: 'val_accuracy', mode: 'max' } as const };
}

/** Collects an arm's evaluations (over one or several runner runs) as curves in summed steps. */
function recorder() {
  const curve: { steps: number; best: number }[] = [];
  const evals: { trialId: string; step: number; steps: number; accuracy: number }[] = [];
  let best = Number.NEGATIVE_INFINITY;
  return {
    curve,
    evals,
    best: () => best,
    /** A runner `onProgress` for one run whose steps start at `offset`; `onRound(stepsDone, running)` before each round. */
    progress(prefix: string, offset: number, onRound?: (stepsDone: number, running: number) => void, stepsPerTrial = Number.POSITIVE_INFINITY) {
      const lastStep = new Map<string, number>();
      const stopped = new Set<string>();
      return (p: RunnerProgress) => {
        if (p.type === 'signal') {
          lastStep.set(p.trialId, p.step);
          if (p.kind === 'eval') {
            const acc = p.metrics.val_accuracy;
            if (acc !== undefined && Number.isFinite(acc) && acc > best) best = acc;
            let total = offset;
            for (const v of lastStep.values()) total += v;
            curve.push({ steps: total, best });
            evals.push({ trialId: prefix + p.trialId, step: p.step, steps: total, accuracy: acc !== undefined && Number.isFinite(acc) ? acc : 0 });
          }
        } else if (p.type === 'events') {
          for (const e of p.events) if (e.kind === 'stop') stopped.add(e.trialId);
        } else if (p.type === 'round' && onRound) {
          onRound(p.stepsDone, [...lastStep.entries()].filter(([id, step]) => !stopped.has(id) && step < stepsPerTrial).length);
        }
      };
    },
  };
}

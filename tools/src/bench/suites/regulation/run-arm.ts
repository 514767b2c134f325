// One run of one arm of the regulation suite.
import type { Config, MemoryStore, Regulator } from '@epigenome/core';
import { createAsha, createPbt } from '@epigenome/regulators-evolutionary';
import { createHypergradient } from '@epigenome/regulators-rl';
import { inheritMarks, runExperiment, type RunnerProgress } from '@epigenome/runner';
import { SLICE_HYPERGRADIENT } from '../rl/slice-hypergradient';
import { DEFAULT_CONFIG, SPACE, type ArmName, type Settings } from './settings';
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

/** A lineage regulator that starts every trial from one fixed configuration. */
export function fixedConfig(config: Config): Regulator {
  return { specificationVersion: 'v1', name: 'fixed-config', level: 'lineage', controls: Object.keys(config), propose: () => ({ ...config }) };
}

export function pbt(s: Settings, population: number): Regulator {
  // bottom 25% copies a top-25% trial (weights + optimiser state) and perturbs its config
  return createPbt({ space: SPACE, population, every: { steps: s.pbtEvery }, quantile: 0.25 });
}


export function regulome(s: Settings): { regulators: Regulator[]; seeded: () => number } {
  const lineage = inheritMarks();
  return { regulators: [lineage, pbt(s, s.regulomePopulation), createHypergradient(SLICE_HYPERGRADIENT)], seeded: () => Object.keys(lineage.report().seeded).length };
}

export async function runArm(arm: ArmName, task: Task, s: Settings, seed: number, memory: MemoryStore | undefined): Promise<ArmRun> {
  const perTrial = Math.floor(s.budget / s.population);
  const regPerTrial = Math.floor(s.budget / s.regulomePopulation);
  const full = regulome(s);
  const opts = {
    static: { population: 1, steps: s.budget, regulators: [fixedConfig(DEFAULT_CONFIG)] },
    random: { population: s.population, steps: perTrial, regulators: [] },
    asha: { population: s.ashaPopulation, steps: perTrial, regulators: [createAsha({ gracePeriod: s.ashaGrace, reductionFactor: 2, maxT: perTrial })] },
    pbt: { population: s.population, steps: perTrial, regulators: [pbt(s, s.population)] },
    epigenome: { population: s.regulomePopulation, steps: regPerTrial, regulators: full.regulators },
    epigenome_fresh: { population: s.regulomePopulation, steps: regPerTrial, regulators: full.regulators },
  }[arm];
  const lastStep = new Map<string, number>();
  const stopped = new Set<string>();
  const curve: { steps: number; best: number }[] = [];
  let best = Number.NEGATIVE_INFINITY;
  const abort = new AbortController();
  const onProgress = (p: RunnerProgress) => {
    if (p.type === 'signal') {
      lastStep.set(p.trialId, p.step);
      if (p.kind === 'eval') {
        const acc = p.metrics.val_accuracy;
        if (acc !== undefined && Number.isFinite(acc) && acc > best) best = acc;
        let total = 0;
        for (const v of lastStep.values()) total += v;
        curve.push({ steps: total, best });
      }
    } else if (p.type === 'events') {
      for (const e of p.events) if (e.kind === 'stop') stopped.add(e.trialId);
    } else if (p.type === 'round') {
      // Stop before a round that would take the arm past its budget (ASHA starts more trials than
      // the budget can carry to the end): the next round costs at most evaluateEvery per running trial.
      const running = [...lastStep.entries()].filter(([id, step]) => !stopped.has(id) && step < opts.steps).length;
      if (running > 0 && p.stepsDone + running * s.evaluateEvery > s.budget) abort.abort();
    }
  };
  const t0 = performance.now();
  const selecting = selectingEngine(task.engine);
  const result = await runExperiment({
    engine: selecting.engine,
    space: SPACE,
    regulators: opts.regulators,
    population: opts.population,
    budget: { steps: opts.steps },
    evaluateEvery: s.evaluateEvery,
    signalEvery: s.signalEvery,
    seed,
    objective: { metric: 'val_accuracy', mode: 'max' },
    ...(memory ? { memory, checkpointEvery: 0 } : {}),
    onProgress,
    abortSignal: abort.signal,
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    accuracy: await testAccuracy(task, selecting.best()?.checkpoint),
    finalWeightsAccuracy: await testAccuracy(task, result.bestCheckpoint),
    bestValidation: best,
    steps: result.steps,
    trials: result.trials.length,
    curve,
    seconds,
    bestConfig: result.best?.config ?? {},
    marks: result.marks,
    inheritedStates: Object.keys(result.inheritedStates),
    seeded: arm === 'epigenome' || arm === 'epigenome_fresh' ? full.seeded() : 0,
  };
}

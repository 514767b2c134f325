import {
  EpigenomeError,
  createRegulome,
  createRng,
  invalidArgument,
  validateSpace,
  type Checkpoint,
  type Config,
  type ExperimentStatus,
  type InheritedMark,
  type MemoryStore,
  type MetricPoint,
  type Objective,
  type RegulationEvent,
  type Regulator,
  type RegulomeSnapshot,
  type SearchSpace,
  type TaskContext,
  type TrainingEngine,
  type Trial,
  type TrialStatus,
} from '@epigenome/core';
import { createLineageView } from './lineage/lineage-view';
import { writeMarks } from './lineage/write-marks';

/** Budget of each trial. Exactly one of `steps` or `epochs`; `seconds` caps the whole experiment. */
export interface Budget {
  /** Optimiser steps per trial. */
  steps?: number;
  /** Passes over the training split per trial (converted to steps with the first trial's `batch_size`, default 32). */
  epochs?: number;
  /** Wall-clock cap of the whole experiment, checked between rounds (not reproducible). */
  seconds?: number;
  /**
   * Give the steps a stopped trial did not use to the trials still running (evenly, remainder to
   * the first in trial order), so pruning buys the survivors longer training at the same total
   * budget, as in successive halving. Default false.
   */
  reallocate?: boolean;
}

/** What the runner reports while it works. */
export type RunnerProgress =
  | { type: 'started'; experimentId: string; backend: string; trials: readonly { id: string; config: Config }[] }
  | { type: 'signal'; experimentId: string; trialId: string; kind: 'step' | 'eval'; step: number; metrics: Readonly<Record<string, number>>; config: Readonly<Config> }
  | { type: 'events'; experimentId: string; events: readonly RegulationEvent[] }
  | { type: 'round'; experimentId: string; round: number; stepsDone: number; stepsTotal: number }
  | { type: 'finished'; experimentId: string; status: ExperimentStatus };

/** Options of {@link runExperiment}. */
export interface RunExperimentOptions {
  readonly engine: TrainingEngine;
  readonly space: SearchSpace;
  readonly regulators?: readonly Regulator[];
  /** Trials trained side by side. Default 4. */
  readonly population?: number;
  readonly budget: Budget;
  /** Seed of everything random (configs, weights, batch order, regulators). Default 0. */
  readonly seed?: number;
  /** What "better" means. Default `{ metric: 'val_accuracy', mode: 'max' }`. */
  readonly objective?: Objective;
  /** Steps between evaluations (one round). Default 100. */
  readonly evaluateEvery?: number;
  /** Steps between step-level signals. Default 10. */
  readonly signalEvery?: number;
  /** Persist checkpoints to the store every this many rounds (0 = never). Default 1. */
  readonly checkpointEvery?: number;
  /** Where everything is persisted; without it the run is in memory only. */
  readonly memory?: MemoryStore;
  /** Restore inheritable regulators' learned states (`Regulator.inheritable`) from inherited marks at start. Default true with a memory. */
  readonly inheritStates?: boolean;
  /**
   * Fraction of the population warm-started from the weights of the best trial of an earlier
   * experiment with the same model architecture (`context.model.arch`) and a similar dataset.
   * In [0, 1]; default 0.5 with a memory. Trials 0, 2, 4, … are warm-started at 0.5.
   */
  readonly inheritWeights?: number;
  /** Write the best trial's weights as a mark at the end. Default true with a memory. */
  readonly markWeights?: boolean;
  /** Write marks (best config, best schedule, learned states) at the end. Default true with a memory. */
  readonly writeMarks?: boolean;
  /** The experiment's context fingerprint. Default: the engine's dataset and model family. */
  readonly context?: TaskContext;
  readonly name?: string;
  /** The declarative spec this run came from, stored with the experiment (needed by `resume`). */
  readonly spec?: unknown;
  readonly onProgress?: (progress: RunnerProgress) => void;
  /** Stops the run between rounds; the experiment is left `interrupted` and can be resumed. */
  readonly abortSignal?: AbortSignal;
}

/** One trial's outcome. */
export interface TrialSummary {
  readonly id: string;
  readonly status: TrialStatus;
  readonly steps: number;
  readonly config: Config;
  readonly fitness: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly generation: number;
  readonly parentId: string | undefined;
  /** Effective configuration at each evaluation (the learned schedule). */
  readonly schedule: readonly { step: number; config: Config }[];
}

/** The outcome of an experiment. */
export interface ExperimentResult {
  readonly experimentId: string;
  readonly status: ExperimentStatus;
  readonly backend: string;
  readonly best: TrialSummary | undefined;
  readonly trials: readonly TrialSummary[];
  /** Metric points recorded (persisted when a memory is given). */
  readonly metricPoints: number;
  readonly events: number;
  /** Optimiser steps taken over all trials. */
  readonly steps: number;
  /** Marks written at the end (ids). */
  readonly marks: readonly string[];
  /** The best trial's weights and optimiser state at its last evaluation (e.g. to test or export it). */
  readonly bestCheckpoint: Checkpoint | undefined;
  /** Learned states restored from inherited marks at start (regulator → mark id). */
  readonly inheritedStates: Readonly<Record<string, string>>;
}

/** Runner state persisted after every checkpointed round, read back by `resume`. */
export interface RunnerState {
  readonly version: 1;
  readonly round: number;
  readonly regulome: RegulomeSnapshot;
  readonly trials: readonly { id: string; key: string; seed: number; status: TrialStatus; step: number; samples?: number; budget?: number; checkpointStep: number | undefined; trail?: { step: number; config: Config }[] }[];
  readonly metricPoints: number;
  readonly events: number;
  readonly inheritedStates: Readonly<Record<string, string>>;
}

interface LiveTrial {
  id: string;
  key: string;
  seed: number;
  handle: Trial | undefined;
  status: TrialStatus;
  step: number;
  /** Training samples consumed so far (for the fractional epoch of signals). */
  samples: number;
  /** Steps this trial may train: the per-trial budget plus any steps reallocated to it. */
  budget: number;
  lastLoss: number;
  lastEval: Record<string, number>;
  checkpoint: Checkpoint | undefined;
  /** Latest checkpoint taken at an evaluation with finite losses (or at creation): rollback target. */
  lastGood: Checkpoint | undefined;
  /** Weights were replaced (exploit or rollback) since `checkpoint` was taken. */
  reloaded: boolean;
  /** The checkpoint its latest evaluation measured (what `metrics`/`fitness` describe). */
  evaluated: Checkpoint | undefined;
  checkpointStep: number | undefined;
  /** Effective config at each evaluation: the trial's learned schedule. */
  trail: { step: number; config: Config }[];
}

/** Regulator name under which the best trial's weights are kept as a `state` mark. */
export const WEIGHTS = '@weights';

function sameDescriptors(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function positiveInt(field: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!(Number.isInteger(v) && v >= min)) throw invalidArgument(field, v, `an integer ≥ ${min}`);
  return v;
}

/** Validates options; returns the resolved numbers. */
function resolveOptions(o: RunExperimentOptions) {
  if (!o.engine || typeof o.engine.createTrial !== 'function') throw invalidArgument('engine', o.engine, 'a TrainingEngine (e.g. createTfjsEngine())');
  validateSpace(o.space);
  const population = positiveInt('population', o.population, 4);
  const evaluateEvery = positiveInt('evaluateEvery', o.evaluateEvery, 100);
  const signalEvery = positiveInt('signalEvery', o.signalEvery, 10);
  const checkpointEvery = positiveInt('checkpointEvery', o.checkpointEvery, 1, 0);
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed)) throw invalidArgument('seed', seed, 'an integer');
  const b = o.budget;
  if (typeof b !== 'object' || b === null) throw invalidArgument('budget', b, 'an object { steps } or { epochs }, optionally with seconds');
  if ((b.steps === undefined) === (b.epochs === undefined)) throw invalidArgument('budget', b, 'exactly one of budget.steps or budget.epochs');
  if (b.steps !== undefined && !(Number.isInteger(b.steps) && b.steps >= 1)) throw invalidArgument('budget.steps', b.steps, 'an integer ≥ 1');
  if (b.epochs !== undefined && !(b.epochs > 0 && Number.isFinite(b.epochs))) throw invalidArgument('budget.epochs', b.epochs, 'a finite number > 0');
  if (b.seconds !== undefined && !(b.seconds > 0)) throw invalidArgument('budget.seconds', b.seconds, 'a number > 0');
  const objective = o.objective ?? { metric: 'val_accuracy', mode: 'max' };
  return { population, evaluateEvery, signalEvery, checkpointEvery, seed, objective };
}

function stepsPerTrial(o: RunExperimentOptions, firstConfig: Config): number {
  if (o.budget.steps !== undefined) return o.budget.steps;
  const batch = typeof firstConfig.batch_size === 'number' ? firstConfig.batch_size : 32;
  return Math.max(1, Math.round(((o.budget.epochs as number) * o.engine.dataset.samples) / batch));
}

function finiteMetrics(trialId: string, step: number, metrics: Readonly<Record<string, number>>, out: MetricPoint[]): void {
  for (const [name, value] of Object.entries(metrics)) if (Number.isFinite(value)) out.push({ trialId, step, name, value });
}

/**
 * Runs an experiment: a population of trials trained in lockstep rounds, every signal fed
 * through the regulome, adjustments applied at their level (live hyperparameter changes,
 * exploits with checkpoint copies, stops), everything persisted through the memory store, and
 * marks written at the end.
 *
 * Reproducibility: within a round every trial trains its chunk (in parallel where the engine has
 * workers), then the signals are fed to the regulome in trial order, so the same seed on the same
 * backend gives the same result whatever the engine's worker count.
 */
export async function runExperiment(options: RunExperimentOptions): Promise<ExperimentResult> {
  const r = resolveOptions(options);
  const context: TaskContext = options.context ?? { dataset: options.engine.dataset, model: { family: options.engine.modelFamily } };
  const memory = options.memory;
  const record = memory
    ? await memory.createExperiment({ name: options.name ?? 'experiment', spec: options.spec ?? null, seed: r.seed, backend: options.engine.backend, context })
    : { id: `mem-${Date.now().toString(36)}` };
  return drive(options, r, context, record.id, undefined, new Set());
}

/**
 * Continues an interrupted experiment from its last persisted round: the regulome, every trial's
 * weights and optimiser state, and the counters are restored; metric points past the restored
 * steps are discarded first, so none is duplicated or lost.
 */
export async function resumeExperiment(options: RunExperimentOptions & { experimentId: string; memory: MemoryStore }): Promise<ExperimentResult> {
  const r = resolveOptions(options);
  const memory = options.memory;
  const record = await memory.getExperiment(options.experimentId);
  if (record.status === 'completed') throw invalidArgument('experimentId', options.experimentId, 'an experiment that has not completed', { code: 'CONFLICT' });
  const state = (record.summary as { runner?: RunnerState } | null)?.runner;
  const context: TaskContext = options.context ?? record.context ?? { dataset: options.engine.dataset, model: { family: options.engine.modelFamily } };
  await memory.updateExperiment(record.id, { status: 'running' });
  // Without a committed round there is nothing to continue from: start over, reusing the trials.
  const existing = state ? new Set<string>() : new Set((await memory.listTrials(record.id)).map((t) => t.id));
  return drive(options, r, context, record.id, state, existing);
}

async function drive(
  options: RunExperimentOptions,
  r: ReturnType<typeof resolveOptions>,
  context: TaskContext,
  experimentId: string,
  resumeState: RunnerState | undefined,
  existingTrials: ReadonlySet<string>,
): Promise<ExperimentResult> {
  const { engine, space, memory } = options;
  const regulators = options.regulators ?? [];
  const emit = options.onProgress ?? (() => {});
  const lineage = memory ? createLineageView(memory, context) : undefined;
  const rootRng = createRng(r.seed);
  const started = Date.now();
  const trials: LiveTrial[] = [];
  let metricPoints = resumeState?.metricPoints ?? 0;
  let eventCount = resumeState?.events ?? 0;
  let round = resumeState?.round ?? 0;
  let status: ExperimentStatus = 'running';
  const inheritedStates: Record<string, string> = { ...(resumeState?.inheritedStates ?? {}) };
  const stateMarks: InheritedMark[] = [];

  // Restore learned controller states from the memory before anything runs (lineage at start).
  const weightFraction = options.inheritWeights ?? 0.5;
  if (!(weightFraction >= 0 && weightFraction <= 1)) throw invalidArgument('inheritWeights', weightFraction, 'a number in [0, 1]');
  const inherited = !resumeState && memory && lineage ? await memory.inherit(context, 16) : [];
  // Weights only fit the same architecture: the context's model descriptors must match exactly.
  const weightsMark =
    weightFraction > 0
      ? inherited.find((m) => m.regulation.kind === 'state' && m.regulation.regulator === WEIGHTS && m.score > 0.05 && sameDescriptors(m.context.model, context.model))
      : undefined;
  if (!resumeState && memory && lineage && (options.inheritStates ?? true)) {
    const marks = inherited;
    for (const reg of regulators) {
      if (!reg.restore || reg.inheritable !== true) continue;
      const m = marks.find((x) => x.regulation.kind === 'state' && x.regulation.regulator === reg.name && x.score > 0.05);
      if (!m || m.regulation.kind !== 'state') continue;
      try {
        reg.restore(m.regulation.state);
        inheritedStates[reg.name] = m.id;
        stateMarks.push(m);
      } catch {
        // an incompatible stored state (other space or version) is skipped, not fatal
      }
    }
  }

  let budgetSteps = options.budget.steps ?? 0;
  const regulome = createRegulome({
    space,
    regulators,
    experimentId,
    seed: r.seed,
    objective: r.objective,
    lineage,
    budget: options.budget.steps !== undefined ? { stepsPerTrial: options.budget.steps, totalSteps: options.budget.steps * r.population } : {},
  });

  const events: RegulationEvent[] = [];
  const points: MetricPoint[] = [];
  const flushRecords = async () => {
    if (points.length > 0) {
      metricPoints += points.length;
      if (memory) memory.appendMetrics(points.splice(0));
      else points.length = 0;
    }
    if (memory) await memory.flush();
    if (events.length > 0) {
      eventCount += events.length;
      if (memory) await memory.appendEvents(events.splice(0));
      else events.length = 0;
    }
  };

  try {
    if (resumeState) {
      regulome.restore(resumeState.regulome);
      for (const t of resumeState.trials) {
        const view = regulome.trial(t.id);
        const live: LiveTrial = { id: t.id, key: t.key, seed: t.seed, handle: undefined, status: t.status, step: t.step, samples: t.samples ?? 0, budget: t.budget ?? 0, lastLoss: Number.NaN, lastEval: {}, checkpoint: undefined, lastGood: undefined, reloaded: false, evaluated: undefined, checkpointStep: t.checkpointStep, trail: t.trail ?? [] };
        trials.push(live);
        // Points, events and edges past the committed round were written by the crashed process.
        if (memory) await memory.truncateTrial(t.id, t.step);
        if (t.status !== 'running') continue;
        live.handle = await engine.createTrial(view.config, t.seed);
        const stored = memory && t.checkpointStep !== undefined ? await memory.getCheckpoint(t.id, t.checkpointStep) : undefined;
        if (stored) {
          const ckpt: Checkpoint = { step: stored.step, config: view.config, bytes: stored.bytes };
          await live.handle.load(ckpt);
          live.checkpoint = ckpt;
          live.lastGood = ckpt;
        }
        live.handle.apply(view.config);
        await memory?.updateTrial(t.id, { status: 'running', step: t.step });
      }
    } else {
      await regulome.start();
      for (let i = 0; i < r.population; i++) {
        const key = `t${i}`;
        const id = `${experimentId}-${key}`;
        const config = await regulome.addTrial(id, { streamKey: key });
        const seed = rootRng.split(`engine:${key}`).int(2 ** 31);
        if (existingTrials.has(id)) {
          await memory?.truncateTrial(id, -1);
          await memory?.updateTrial(id, { status: 'running', step: 0, config });
        } else await memory?.createTrial({ id, experimentId, config, seed });
        const handle = await engine.createTrial(config, seed);
        if (weightsMark && Math.ceil((i + 1) * weightFraction) > Math.ceil(i * weightFraction)) {
          const state = (weightsMark.regulation as { state: { bytes: string; step: number } }).state;
          try {
            await handle.load({ step: state.step, config, bytes: fromBase64(state.bytes) });
            handle.apply(config);
            inheritedStates[`${WEIGHTS}:${key}`] = weightsMark.id;
            if (!stateMarks.includes(weightsMark)) stateMarks.push(weightsMark);
          } catch {
            // weights of another shape (an architecture change the context missed): start fresh
          }
        }
        trials.push({ id, key, seed, handle, status: 'running', step: 0, samples: 0, budget: 0, lastLoss: Number.NaN, lastEval: {}, checkpoint: undefined, lastGood: await handle.save(), reloaded: false, evaluated: undefined, checkpointStep: undefined, trail: [{ step: 0, config }] });
      }
    }
    if (options.budget.steps === undefined) budgetSteps = stepsPerTrial(options, regulome.trial(trials[0]?.id as string).config);
    for (const t of trials) if (t.budget === 0) t.budget = budgetSteps;
    emit({ type: 'started', experimentId, backend: engine.backend, trials: trials.map((t) => ({ id: t.id, config: regulome.trial(t.id).config })) });

    const finishTrial = async (t: LiveTrial, final: TrialStatus | undefined) => {
      const result = await regulome.endTrial(t.id, final);
      t.status = result.status;
      const unused = t.budget - t.step;
      const heirs = trials.filter((x) => x.status === 'running');
      if (options.budget.reallocate && t.status === 'stopped' && unused > 0 && heirs.length > 0) {
        heirs.forEach((h, i) => {
          h.budget += Math.floor(unused / heirs.length) + (i < unused % heirs.length ? 1 : 0);
        });
        t.budget = t.step;
      }
      await t.handle?.dispose();
      t.handle = undefined;
      t.lastGood = undefined;
      await memory?.updateTrial(t.id, { status: t.status, step: t.step, config: result.config, ...(Number.isFinite(result.fitness) ? { fitness: result.fitness } : {}) });
    };

    const handleOutcome = async (t: LiveTrial, out: Awaited<ReturnType<typeof regulome.observe>>, donors: Map<string, Checkpoint>) => {
      if (out.exploit) {
        const donor = donors.get(out.exploit.from);
        if (!donor) throw new EpigenomeError({ code: 'INTERNAL', message: `exploit donor ${out.exploit.from} has no checkpoint in this round` });
        await t.handle?.load(donor);
        t.reloaded = true;
        await memory?.addLineage({ experimentId, childId: t.id, parentId: out.exploit.from, step: t.step });
        const view = regulome.trial(t.id);
        await memory?.updateTrial(t.id, { parentId: out.exploit.from, generation: view.generation });
      }
      if (out.rollback && !out.exploit && t.lastGood) {
        await t.handle?.load(t.lastGood);
        t.reloaded = true;
      }
      if (out.events.length > 0) {
        events.push(...out.events);
        emit({ type: 'events', experimentId, events: out.events });
        if (!out.stop) t.handle?.apply(out.config);
      }
      if (out.stop) await finishTrial(t, 'stopped');
    };

    const stepsTotal = budgetSteps * trials.length;
    while (trials.some((t) => t.status === 'running')) {
      if (options.abortSignal?.aborted) {
        status = 'interrupted';
        break;
      }
      if (options.budget.seconds !== undefined && (Date.now() - started) / 1000 >= options.budget.seconds) {
        for (const t of trials) if (t.status === 'running') await finishTrial(t, 'completed');
        break;
      }
      round++;
      const segmentOf = (t: LiveTrial) => Math.min(r.evaluateEvery, t.budget - t.step);
      let done = 0;
      const segment = Math.max(...trials.filter((t) => t.status === 'running').map(segmentOf));
      while (done < segment) {
        const chunk = Math.min(r.signalEvery, segment - done);
        const running = trials.filter((t) => t.status === 'running' && t.step < t.budget);
        const stats = await Promise.all(running.map((t) => (t.handle as Trial).train(Math.min(chunk, t.budget - t.step))));
        for (const [i, t] of running.entries()) {
          const s = stats[i] as Awaited<ReturnType<Trial['train']>>;
          t.step += s.steps;
          t.samples += s.samples;
          t.lastLoss = s.loss;
          const metrics: Record<string, number> = { loss: s.loss, grad_norm: s.gradNorm, lr_effective: s.lrEffective, samples_per_s: s.seconds > 0 ? s.samples / s.seconds : 0, ...s.metrics };
          const epoch = t.samples / Math.max(1, engine.dataset.samples);
          const out = await regulome.observe({ trialId: t.id, kind: 'step', step: t.step, epoch, metrics });
          finiteMetrics(t.id, t.step, { loss: s.loss, grad_norm: s.gradNorm, lr_effective: s.lrEffective }, points);
          emit({ type: 'signal', experimentId, trialId: t.id, kind: 'step', step: t.step, metrics, config: out.signal.config });
          await handleOutcome(t, out, new Map());
        }
        done += chunk;
      }
      // Evaluate, checkpoint, then regulate at the population/epoch levels in trial order.
      const running = trials.filter((t) => t.status === 'running');
      const evals = await Promise.all(running.map((t) => (t.handle as Trial).evaluate()));
      const saved = await Promise.all(running.map((t) => (t.handle as Trial).save()));
      const donors = new Map<string, Checkpoint>();
      const persist = memory !== undefined && r.checkpointEvery > 0 && round % r.checkpointEvery === 0;
      for (const [i, t] of running.entries()) {
        const ckpt = saved[i] as Checkpoint;
        t.checkpoint = ckpt;
        t.evaluated = ckpt;
        t.reloaded = false;
        if (Number.isFinite(t.lastLoss) && Object.values(evals[i] as Record<string, number>).every(Number.isFinite)) t.lastGood = ckpt;
        donors.set(t.id, ckpt);
        regulome.setCheckpoint(t.id, true);
      }
      for (const [i, t] of running.entries()) {
        const metrics = { ...(evals[i] as Record<string, number>), loss: t.lastLoss };
        t.lastEval = metrics;
        const epoch = t.samples / Math.max(1, engine.dataset.samples);
        const out = await regulome.observe({ trialId: t.id, kind: 'eval', step: t.step, epoch, metrics, final: t.step >= t.budget });
        finiteMetrics(t.id, t.step, evals[i] as Record<string, number>, points);
        emit({ type: 'signal', experimentId, trialId: t.id, kind: 'eval', step: t.step, metrics, config: out.signal.config });
        await handleOutcome(t, out, donors);
        if (t.status === 'running') {
          t.trail.push({ step: t.step, config: { ...regulome.trial(t.id).config } });
          const fitness = regulome.trial(t.id).fitness;
          await memory?.updateTrial(t.id, { step: t.step, config: regulome.trial(t.id).config, ...(fitness !== undefined && Number.isFinite(fitness) ? { fitness } : {}) });
        }
      }
      // Persist the state each trial continues from: after an exploit or rollback, that is the
      // loaded weights, not the ones evaluated above.
      if (persist && memory) {
        for (const t of running) {
          if (t.status !== 'running' || !t.handle) continue;
          if (t.reloaded) {
            t.checkpoint = await t.handle.save();
            t.reloaded = false;
          }
          await memory.putCheckpoint({ trialId: t.id, step: t.step, bytes: (t.checkpoint as Checkpoint).bytes });
          t.checkpointStep = t.step;
        }
      }
      for (const t of trials) if (t.status === 'running' && t.step >= t.budget) await finishTrial(t, 'completed');
      await flushRecords();
      if (persist && memory) {
        const state: RunnerState = {
          version: 1,
          round,
          regulome: regulome.snapshot(),
          trials: trials.map((t) => ({ id: t.id, key: t.key, seed: t.seed, status: t.status, step: t.step, samples: t.samples, budget: t.budget, checkpointStep: t.checkpointStep, trail: t.trail })),
          metricPoints,
          events: eventCount,
          inheritedStates,
        };
        await memory.updateExperiment(experimentId, { summary: { runner: state } });
      }
      emit({ type: 'round', experimentId, round, stepsDone: trials.reduce((a, t) => a + t.step, 0), stepsTotal });
    }

    let marks: string[] = [];
    const summaries = trials.map((t): TrialSummary => {
      const v = regulome.trial(t.id);
      // Fitness of the trial's own last evaluation (an exploit hands it the donor's in the regulome).
      const own = t.lastEval[r.objective.metric];
      const fitness = own === undefined || !Number.isFinite(own) ? Number.NEGATIVE_INFINITY : r.objective.mode === 'max' ? own : -own;
      return { id: t.id, status: v.status, steps: t.step, config: { ...(t.trail.at(-1)?.config ?? v.config) }, fitness, metrics: t.lastEval, generation: v.generation, parentId: v.parentId, schedule: t.trail };
    });
    const best = summaries.reduce<TrialSummary | undefined>((b, s) => (b === undefined || s.fitness > b.fitness ? s : b), undefined);
    if (status === 'running') {
      await regulome.finish();
      await flushRecords();
      if (memory && lineage && (options.writeMarks ?? true) && best) {
        const weights = (options.markWeights ?? true) ? trials.find((t) => t.id === best.id)?.evaluated : undefined;
        marks = await writeMarks({ memory, context, experimentId, best, trials: summaries, regulators, objective: r.objective, ...(weights ? { weights } : {}) });
        for (const m of stateMarks) {
          const helped = best.fitness >= m.fitness;
          if (helped) await memory.reinforce(m.id, 0.2);
          else await memory.weaken(m.id, 0.2);
        }
      }
      status = 'completed';
    }
    const bestCheckpoint = best ? trials.find((t) => t.id === best.id)?.evaluated : undefined;
    const result: ExperimentResult = { experimentId, status, backend: engine.backend, best, trials: summaries, metricPoints, events: eventCount, steps: trials.reduce((a, t) => a + t.step, 0), marks, inheritedStates, bestCheckpoint };
    if (memory) {
      if (status === 'completed') {
        const { bestCheckpoint: _b, ...stored } = result;
        await memory.updateExperiment(experimentId, { status, summary: { result: { ...stored, trials: stored.trials.map(({ schedule: _s, ...rest }) => rest) } } });
      }
      else await memory.updateExperiment(experimentId, { status });
    }
    emit({ type: 'finished', experimentId, status });
    return result;
  } catch (error) {
    status = 'failed';
    try {
      await flushRecords();
      await memory?.updateExperiment(experimentId, { status: 'failed' });
    } catch {
      // the original error matters more than a failure to record it
    }
    throw error;
  } finally {
    for (const t of trials) {
      if (t.handle) await t.handle.dispose();
      t.handle = undefined;
    }
  }
}

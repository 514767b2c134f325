import * as tf from '@tensorflow/tfjs';
import { createRegulome, EpigenomeError, invalidArgument } from '@epigenome/core';
import type { Config, MemoryStore, Objective, Regulator, Regulome, RegulationOutcome, SearchSpace, SignalInput, TaskContext } from '@epigenome/core';
import { applyToModel, currentLr, isPlainSgd } from './apply-to-model';
import { createDisplacementCosine } from './displacement-cosine';
import { createFitRecorder } from './fit-recorder';
import { fitContext } from './fit-context';
import { readLogs } from './read-logs';

export { applyToModel } from './apply-to-model';

/** A regulation function: one observation in, the configuration to apply out (or nothing to change). */
export type RegulateFunction = (input: SignalInput) => Config | Partial<Config> | undefined | Promise<Config | Partial<Config> | undefined>;

/** Options of {@link regulate}: exactly one of `regulome`, `space` + `regulators`, or `regulate`. */
export interface RegulateOptions {
  /** A core regulome (from `createRegulome`); the caller starts and finishes it. */
  readonly regulome?: Regulome;
  /** Search space of a regulome this callback creates (with `regulators`), starts and ends. */
  readonly space?: SearchSpace;
  /** Regulators of that regulome. */
  readonly regulators?: readonly Regulator[];
  /** Seed of that regulome. Default 0. */
  readonly seed?: number;
  /** A plain function instead of a regulome. */
  readonly regulate?: RegulateFunction;
  /** Trial id in the regulome. Default `fit`. */
  readonly trialId?: string;
  /** Pinned initial values passed to `regulome.addTrial` (others are sampled/proposed by the regulome). */
  readonly config?: Partial<Config>;
  /** Batches between step signals. Default 1 (every batch). */
  readonly every?: number;
  /** Sees every regulation outcome (events, exploit, stop), e.g. for logging. */
  readonly onOutcome?: (outcome: RegulationOutcome) => void;
  /**
   * The model being fitted. Needed only when the callback list also holds plain objects
   * (`callbacks: [{ onEpochEnd }, regulate(…)]`): tfjs then wraps every entry and never tells this
   * callback its model. Also lets the regulators' needs be checked here rather than at `fit`.
   */
  readonly model?: tf.LayersModel;
  /** Records the run (experiment, trial, metrics, events, marks) like any experiment of the runner. */
  readonly memory?: MemoryStore;
  /** Experiment name in the memory. Default `fit`. */
  readonly name?: string;
  /** The run's context fingerprint in the memory. Default: from the model's input and output shapes. */
  readonly context?: TaskContext;
  /** What "better" means for the recorded fitness. Default `{ metric: 'val_loss', mode: 'min' }`. */
  readonly objective?: Objective;
}

const KNOWN = ['regulome', 'space', 'regulators', 'seed', 'regulate', 'trialId', 'config', 'every', 'onOutcome', 'model', 'memory', 'name', 'context', 'objective'];

/** Metrics a stock `fit` can report in step signals with this model's optimiser. */
function reportable(model: tf.LayersModel): Set<string> {
  const out = new Set(['loss']);
  if (currentLr(model) !== undefined) out.add('lr_effective');
  if (isPlainSgd(model)) ['grad_cos', 'grad_dot'].forEach((m) => out.add(m));
  return out;
}

function checkNeeds(model: tf.LayersModel, regulators: readonly Regulator[]): void {
  const can = reportable(model);
  for (const r of regulators) {
    const missing = (r.needs ?? []).filter((m) => !can.has(m));
    if (missing.length === 0) continue;
    const opt = model.optimizer?.getClassName() ?? 'none';
    throw new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      field: 'regulators',
      value: r.name,
      allowed: `regulators whose needs a fit callback can report (${[...can].join(', ')})`,
      message: `regulator "${r.name}" needs ${missing.join(', ')} in step signals, which a model.fit callback can report only with plain SGD (tf.train.sgd) — this model's optimiser is ${opt}; use tf.train.sgd, or train through @epigenome/engine-tfjs, whose trials report them for every optimiser`,
    });
  }
}

/**
 * A drop-in `tf.Callback` that lets Epigenome regulate a stock `model.fit` run: after every
 * `every` batches it sends a `step` signal (`loss`, `lr_effective`, and with plain SGD `grad_cos`
 * and `grad_dot` for the hypergradient), after every epoch an `eval` signal (`loss`, `val_loss`,
 * `accuracy`, `val_accuracy` as `fit` logs them — numbers or tensors), and applies the resulting
 * configuration before the next batch (see {@link applyToModel} for what can change). A `stop`
 * outcome sets `model.stopTraining`. With `memory`, the run is recorded like any experiment.
 */
export class RegulateCallback extends tf.Callback {
  /** Optimiser steps (batches) seen. */
  step = 0;
  /** The configuration last applied. */
  config: Partial<Config> = {};
  /** The recorded experiment's id (with `memory`, once training has begun). */
  experimentId: string | undefined;
  private readonly own: Regulome | undefined;
  private readonly regulome: Regulome | undefined;
  private readonly trialId: string;
  private readonly every: number;
  private readonly regulators: readonly Regulator[];
  private epoch = 0;
  private batchesPerEpoch = 0;
  private cosine: ReturnType<typeof createDisplacementCosine> | undefined;
  private pending: Record<string, number> = {};
  private recorder: ReturnType<typeof createFitRecorder> | undefined;

  constructor(private readonly options: RegulateOptions) {
    super();
    if (typeof options !== 'object' || options === null) throw invalidArgument('regulate(options)', options, 'an options object');
    for (const key of Object.keys(options))
      if (!KNOWN.includes(key)) throw invalidArgument(`options.${key}`, (options as Record<string, unknown>)[key], `absent: not an option (known: ${KNOWN.join(', ')})`);
    const kinds = [options.regulome !== undefined, options.space !== undefined || options.regulators !== undefined, options.regulate !== undefined].filter(Boolean).length;
    if (kinds !== 1) throw invalidArgument('regulate(options)', Object.keys(options ?? {}), 'exactly one of { regulome }, { space, regulators } or { regulate }');
    if (options.regulate !== undefined && typeof options.regulate !== 'function')
      throw invalidArgument('options.regulate', options.regulate, 'a function (signal input) => config');
    this.every = options.every ?? 1;
    if (!(Number.isInteger(this.every) && this.every >= 1)) throw invalidArgument('options.every', options.every, 'an integer ≥ 1');
    if (options.model !== undefined && !(options.model instanceof tf.LayersModel)) throw invalidArgument('options.model', options.model, 'the tf.LayersModel being fitted');
    if (options.memory !== undefined && typeof options.memory?.createExperiment !== 'function')
      throw invalidArgument('options.memory', options.memory, 'a MemoryStore (e.g. await openMemory())');
    if (options.memory !== undefined && options.regulate !== undefined)
      throw invalidArgument('options.memory', 'a memory', 'absent with a plain `regulate` function (a recorded run needs a regulome: pass { space, regulators })');
    this.trialId = options.trialId ?? 'fit';
    this.regulators = options.regulators ?? [];
    if (options.space !== undefined) this.own = createRegulome({ space: options.space, regulators: this.regulators, seed: options.seed ?? 0 });
    this.regulome = options.regulome ?? this.own;
    if (options.model) checkNeeds(options.model, this.regulators);
    // tfjs calls the hooks unbound when it wraps a mixed callback list: bind them to this instance.
    this.onTrainBegin = this.onTrainBegin.bind(this);
    this.onBatchEnd = this.onBatchEnd.bind(this);
    this.onEpochEnd = this.onEpochEnd.bind(this);
    this.onTrainEnd = this.onTrainEnd.bind(this);
  }

  private get fitted(): tf.LayersModel {
    const m = this.options.model ?? (this.model as tf.LayersModel | undefined);
    if (!m) {
      throw invalidArgument(
        'options.model',
        undefined,
        'the model being fitted: tfjs wraps every callback when the list mixes plain objects and tf.Callbacks, and then never tells regulate() its model — pass regulate({ model, … })',
      );
    }
    return m;
  }

  private applyConfig(config: Partial<Config> | undefined): void {
    if (!config) return;
    applyToModel(this.fitted, config);
    this.config = { ...this.config, ...config };
  }

  private async signal(input: SignalInput): Promise<void> {
    try {
      if (this.regulome) {
        const outcome = await this.regulome.observe(input);
        this.options.onOutcome?.(outcome);
        this.applyConfig(outcome.config);
        await this.recorder?.signal(input.step, input.metrics, outcome.events, outcome.config, input.kind);
        if (outcome.stop) this.fitted.stopTraining = true;
      } else if (this.options.regulate) {
        this.applyConfig((await this.options.regulate(input)) ?? undefined);
      }
    } catch (error) {
      await this.recorder?.finish('failed', this.step, this.config as Config).catch(() => undefined);
      this.recorder = undefined;
      throw error;
    }
  }

  override async onTrainBegin(): Promise<void> {
    this.step = 0;
    this.epoch = 0;
    const model = this.fitted;
    checkNeeds(model, this.regulators);
    const needsCos = this.regulators.some((r) => (r.needs ?? []).some((m) => m === 'grad_cos' || m === 'grad_dot'));
    this.cosine = needsCos ? createDisplacementCosine() : undefined;
    this.cosine?.start(model);
    if (!this.regulome) return;
    if (this.own) await this.own.start();
    let known = true;
    try {
      this.regulome.trial(this.trialId);
    } catch (error) {
      if (!(EpigenomeError.isInstance(error) && error.code === 'NOT_FOUND')) throw error;
      known = false;
    }
    const initial = known ? this.regulome.trial(this.trialId).config : await this.regulome.addTrial(this.trialId, this.options.config ? { config: this.options.config } : {});
    this.applyConfig(initial);
    if (this.options.memory) {
      this.recorder = createFitRecorder({
        memory: this.options.memory,
        name: this.options.name ?? 'fit',
        seed: this.options.seed ?? 0,
        backend: tf.getBackend(),
        context: this.options.context ?? fitContext(model, this.params),
        objective: this.options.objective ?? { metric: 'val_loss', mode: 'min' },
        regulators: this.regulators,
      });
      await this.recorder.start(this.trialId, initial);
      this.experimentId = this.recorder.experimentId;
    }
  }

  override async onBatchEnd(_batch: number, logs?: tf.Logs): Promise<void> {
    this.step += 1;
    if (this.epoch === 0) this.batchesPerEpoch = this.step;
    const model = this.fitted;
    const lr = currentLr(model);
    if (this.cosine && lr !== undefined) {
      const c = this.cosine.observe(model, lr);
      if (c) this.pending = c;
    }
    if (this.step % this.every !== 0) return;
    const metrics: Record<string, number> = { ...this.pending };
    this.pending = {};
    const read = await readLogs(logs);
    if (read.loss !== undefined) metrics.loss = read.loss;
    if (lr !== undefined) metrics.lr_effective = lr;
    await this.signal({
      trialId: this.trialId,
      kind: 'step',
      step: this.step,
      epoch: this.epoch + (this.batchesPerEpoch ? (this.step % this.batchesPerEpoch) / this.batchesPerEpoch : 0),
      metrics,
    });
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    this.epoch = epoch + 1;
    await this.signal({ trialId: this.trialId, kind: 'eval', step: this.step, epoch: this.epoch, metrics: await readLogs(logs) });
  }

  override async onTrainEnd(): Promise<void> {
    let status: 'completed' | 'stopped' = 'completed';
    if (this.own) status = (await this.own.endTrial(this.trialId)).status === 'stopped' ? 'stopped' : 'completed';
    else if (this.regulome) status = this.regulome.trial(this.trialId).status === 'stopped' ? 'stopped' : 'completed';
    await this.recorder?.finish(status, this.step, this.config as Config);
    this.recorder = undefined;
  }
}

/**
 * Epigenome regulation for stock `model.fit` users, as one callback.
 *
 * @example
 * await model.fit(xs, ys, { epochs: 10, callbacks: [regulate({ space, regulators: [createHypergradient()] })] });
 * // mixed with plain callback objects: tell it the model
 * await model.fit(xs, ys, { callbacks: [{ onEpochEnd: log }, regulate({ model, space, regulators })] });
 * // recorded in the memory store (shows in `epigenome ls`):
 * await model.fit(xs, ys, { callbacks: [regulate({ space, regulators, memory: await openMemory() })] });
 */
export function regulate(options: RegulateOptions): RegulateCallback {
  return new RegulateCallback(options);
}

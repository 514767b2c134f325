import * as tf from '@tensorflow/tfjs';
import type { Config, Regulator, Regulome, RegulationOutcome, SearchSpace, SignalInput } from '@epigenome/core';
import { createRegulome, EpigenomeError, invalidArgument } from '@epigenome/core';

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
}

type MutableOptimizer = tf.Optimizer & { learningRate?: number; setLearningRate?: (lr: number) => void; momentum?: number; m?: tf.Scalar };

/**
 * Applies a configuration to a stock `tf.LayersModel` during `fit`, the ways that are measured to
 * take effect (see TFJS-NOTES): `lr` (`setLearningRate` on SGD/momentum, `learningRate` on Adam,
 * RMSProp, Adagrad, Adadelta, Adamax), `momentum` (the momentum optimiser's cached scalar is
 * replaced), `dropout` (the rate of every `Dropout` layer). Other names are ignored.
 * @returns the names applied.
 */
export function applyToModel(model: tf.LayersModel, config: Readonly<Partial<Config>>): string[] {
  const applied: string[] = [];
  const opt = model.optimizer as MutableOptimizer | undefined;
  const lr = config.lr;
  if (typeof lr === 'number' && opt) {
    if (!(Number.isFinite(lr) && lr >= 0)) throw invalidArgument('lr', lr, 'a finite number ≥ 0', { code: 'INVALID_CONFIG' });
    if (typeof opt.setLearningRate === 'function') opt.setLearningRate(lr);
    else opt.learningRate = lr;
    applied.push('lr');
  }
  const momentum = config.momentum;
  if (typeof momentum === 'number' && opt && opt.m instanceof tf.Tensor) {
    if (!(momentum >= 0 && momentum < 1)) throw invalidArgument('momentum', momentum, 'a number in [0, 1)', { code: 'INVALID_CONFIG' });
    const old = opt.m;
    opt.m = tf.keep(tf.scalar(momentum));
    opt.momentum = momentum;
    old.dispose();
    applied.push('momentum');
  }
  const dropout = config.dropout;
  if (typeof dropout === 'number') {
    if (!(dropout >= 0 && dropout < 1)) throw invalidArgument('dropout', dropout, 'a number in [0, 1)', { code: 'INVALID_CONFIG' });
    for (const layer of model.layers) if (layer.getClassName() === 'Dropout') (layer as unknown as { rate: number }).rate = dropout;
    applied.push('dropout');
  }
  return applied;
}

function currentLr(model: tf.LayersModel | undefined): number | undefined {
  const opt = model?.optimizer as MutableOptimizer | undefined;
  return typeof opt?.learningRate === 'number' ? opt.learningRate : undefined;
}

/**
 * A drop-in `tf.Callback` that lets Epigenome regulate a stock `model.fit` run: after every
 * `every` batches it sends a `step` signal (`loss`, `lr_effective`), after every epoch an `eval`
 * signal (`loss`, `val_loss`, `val_accuracy`, `accuracy` as `fit` logs them), and applies the
 * resulting configuration before the next batch (see {@link applyToModel} for what can change).
 * A `stop` outcome sets `model.stopTraining`.
 */
export class RegulateCallback extends tf.Callback {
  /** Optimiser steps (batches) seen. */
  step = 0;
  /** The configuration last applied. */
  config: Partial<Config> = {};
  private readonly own: Regulome | undefined;
  private readonly regulome: Regulome | undefined;
  private readonly trialId: string;
  private readonly every: number;
  private epoch = 0;
  private batchesPerEpoch = 0;

  constructor(private readonly options: RegulateOptions) {
    super();
    const kinds = [options.regulome !== undefined, options.space !== undefined || options.regulators !== undefined, options.regulate !== undefined].filter(Boolean).length;
    if (kinds !== 1) throw invalidArgument('regulate(options)', Object.keys(options ?? {}), 'exactly one of { regulome }, { space, regulators } or { regulate }');
    if (options.regulate !== undefined && typeof options.regulate !== 'function') throw invalidArgument('regulate', options.regulate, 'a function (signal input) => config');
    this.every = options.every ?? 1;
    if (!(Number.isInteger(this.every) && this.every >= 1)) throw invalidArgument('every', options.every, 'an integer ≥ 1');
    this.trialId = options.trialId ?? 'fit';
    if (options.space !== undefined) {
      this.own = createRegulome({ space: options.space, regulators: options.regulators ?? [], seed: options.seed ?? 0 });
    }
    this.regulome = options.regulome ?? this.own;
  }

  private applyConfig(config: Partial<Config> | undefined): void {
    if (!config || !this.model) return;
    applyToModel(this.model as tf.LayersModel, config);
    this.config = { ...this.config, ...config };
  }

  private async signal(input: SignalInput): Promise<void> {
    if (this.regulome) {
      const outcome = await this.regulome.observe(input);
      this.options.onOutcome?.(outcome);
      this.applyConfig(outcome.config);
      if (outcome.stop && this.model) (this.model as tf.LayersModel).stopTraining = true;
    } else if (this.options.regulate) {
      this.applyConfig((await this.options.regulate(input)) ?? undefined);
    }
  }

  override async onTrainBegin(): Promise<void> {
    this.step = 0;
    this.epoch = 0;
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
  }

  override async onBatchEnd(_batch: number, logs?: tf.Logs): Promise<void> {
    this.step += 1;
    if (this.epoch === 0) this.batchesPerEpoch = this.step;
    if (this.step % this.every !== 0) return;
    const metrics: Record<string, number> = {};
    if (typeof logs?.loss === 'number') metrics.loss = logs.loss;
    const lr = currentLr(this.model as tf.LayersModel | undefined);
    if (lr !== undefined) metrics.lr_effective = lr;
    await this.signal({ trialId: this.trialId, kind: 'step', step: this.step, epoch: this.epoch + (this.batchesPerEpoch ? (this.step % this.batchesPerEpoch) / this.batchesPerEpoch : 0), metrics });
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    this.epoch = epoch + 1;
    const metrics: Record<string, number> = {};
    for (const [k, v] of Object.entries(logs ?? {})) {
      if (typeof v !== 'number') continue;
      metrics[k === 'acc' ? 'accuracy' : k === 'val_acc' ? 'val_accuracy' : k] = v;
    }
    await this.signal({ trialId: this.trialId, kind: 'eval', step: this.step, epoch: this.epoch, metrics });
  }

  override async onTrainEnd(): Promise<void> {
    if (this.own) await this.own.endTrial(this.trialId);
  }
}

/**
 * Epigenome regulation for stock `model.fit` users, as one callback.
 *
 * @example
 * await model.fit(xs, ys, { epochs: 10, callbacks: [regulate({ space, regulators: [createHypergradient()] })] });
 * // or with a regulome you own, or a plain function:
 * await model.fit(xs, ys, { callbacks: [regulate({ regulate: async (s) => ({ lr: s.step < 100 ? 1e-3 : 1e-4 }) })] });
 */
export function regulate(options: RegulateOptions): RegulateCallback {
  return new RegulateCallback(options);
}

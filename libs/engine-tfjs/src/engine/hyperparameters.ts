import type { Config, NumberRange } from '@epigenome/core';
import { invalidArgument } from '@epigenome/core';

/** Optimisers of the custom training loop. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'rmsprop';
/** The optimiser names the `optimizer` hyperparameter accepts. */
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam', 'rmsprop'];

/** Every hyperparameter the engine understands, resolved. */
export interface Hyperparameters {
  /** Optimiser. Default `adam`. Changing it live restarts the optimiser state. */
  optimizer: OptimizerName;
  /** Learning rate, in [0, 10]. Default 1e-3 for adam/rmsprop, 1e-2 for sgd/momentum. */
  lr: number;
  /** Heavy-ball coefficient of `momentum` (v ← μv + g), in [0, 1). Default 0.9. */
  momentum: number;
  /** Adam first-moment decay, in [0, 1). Default 0.9. */
  beta1: number;
  /** Adam second-moment decay, in [0, 1). Default 0.999. */
  beta2: number;
  /** RMSProp squared-gradient decay, in [0, 1). Default 0.9. */
  rho: number;
  /** Adam/RMSProp denominator epsilon, in (0, 1]. Default 1e-7. */
  epsilon: number;
  /** Dropout rate of every dropout layer, in [0, 1). Default: the model spec's (0). */
  dropout: number;
  /** Decoupled weight decay (w ← w − lr·wd·w on kernels, i.e. AdamW/SGDW), in [0, 1]. Default 0. */
  weight_decay: number;
  /** Samples per batch, an integer in [1, training samples]. Default 32. */
  batch_size: number;
  /** Gradient clipping by global L2 norm; 0 = off; ≥ 0. Default 0. */
  clip_norm: number;
}

/** Names {@link validateHyperparameters} understands; other names in a config are ignored. */
export const HYPERPARAMETER_NAMES: readonly (keyof Hyperparameters)[] = [
  'optimizer',
  'lr',
  'momentum',
  'beta1',
  'beta2',
  'rho',
  'epsilon',
  'dropout',
  'weight_decay',
  'batch_size',
  'clip_norm',
];

/**
 * Ranges {@link validateHyperparameters} accepts for the numeric hyperparameters (bounds
 * inclusive unless `*Open`), so a spec can be refused before any trial exists. `batch_size` is
 * further capped by the training split's size; `optimizer` takes one of {@link OPTIMIZERS}.
 */
export const HYPERPARAMETER_RANGES: Readonly<Record<Exclude<keyof Hyperparameters, 'optimizer'>, NumberRange>> = {
  lr: { min: 0, max: 10 },
  momentum: { min: 0, max: 1, maxOpen: true },
  beta1: { min: 0, max: 1, maxOpen: true },
  beta2: { min: 0, max: 1, maxOpen: true },
  rho: { min: 0, max: 1, maxOpen: true },
  epsilon: { min: 0, max: 1, minOpen: true },
  dropout: { min: 0, max: 1, maxOpen: true },
  weight_decay: { min: 0, max: 1 },
  batch_size: { min: 1, integer: true },
  clip_norm: { min: 0 },
};

function num(config: Readonly<Config>, name: string, min: number, max: number, range: string, check: (v: number) => boolean): number | undefined {
  const v = config[name];
  if (v === undefined) return undefined;
  if (!(typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && check(v))) throw invalidArgument(name, v, range, { code: 'INVALID_CONFIG' });
  return v;
}

/**
 * Merges `config` over `base` (or the defaults) and validates every known name; throws an
 * `EpigenomeError` with code `INVALID_CONFIG` naming the field and its range. Unknown names
 * are ignored (a search space may hold parameters read by other components).
 *
 * @param maxBatch the largest allowed `batch_size` (the training split's size).
 */
export function validateHyperparameters(config: Readonly<Config>, base: Hyperparameters | undefined, maxBatch: number, modelDropout = 0): Hyperparameters {
  const opt = config.optimizer;
  if (opt !== undefined && !OPTIMIZERS.includes(opt as OptimizerName))
    throw invalidArgument('optimizer', opt, `one of ${OPTIMIZERS.map((o) => `"${o}"`).join(', ')}`, { code: 'INVALID_CONFIG' });
  const optimizer = (opt as OptimizerName | undefined) ?? base?.optimizer ?? 'adam';
  const defaultLr = optimizer === 'sgd' || optimizer === 'momentum' ? 1e-2 : 1e-3;
  const unit = 'a finite number in [0, 1)';
  return {
    optimizer,
    lr: num(config, 'lr', 0, 10, 'a finite number in [0, 10]', () => true) ?? base?.lr ?? defaultLr,
    momentum: num(config, 'momentum', 0, 1, unit, (v) => v < 1) ?? base?.momentum ?? 0.9,
    beta1: num(config, 'beta1', 0, 1, unit, (v) => v < 1) ?? base?.beta1 ?? 0.9,
    beta2: num(config, 'beta2', 0, 1, unit, (v) => v < 1) ?? base?.beta2 ?? 0.999,
    rho: num(config, 'rho', 0, 1, unit, (v) => v < 1) ?? base?.rho ?? 0.9,
    epsilon: num(config, 'epsilon', 0, 1, 'a finite number in (0, 1]', (v) => v > 0) ?? base?.epsilon ?? 1e-7,
    dropout: num(config, 'dropout', 0, 1, unit, (v) => v < 1) ?? base?.dropout ?? modelDropout,
    weight_decay: num(config, 'weight_decay', 0, 1, 'a finite number in [0, 1]', () => true) ?? base?.weight_decay ?? 0,
    batch_size: num(config, 'batch_size', 1, maxBatch, `an integer in [1, ${maxBatch}] (the training samples)`, Number.isInteger) ?? base?.batch_size ?? Math.min(32, maxBatch),
    clip_norm: num(config, 'clip_norm', 0, Number.MAX_VALUE, 'a finite number ≥ 0 (0 = no clipping)', () => true) ?? base?.clip_norm ?? 0,
  };
}

/** The hyperparameters as a core `Config` (internal helper). */
export function toConfig(h: Hyperparameters): Config {
  return { ...h };
}

import {
  checkInteger,
  checkNumber,
  checkOneOf,
  checkOptions,
  checkParams,
  checkString,
  fromFiniteJson,
  invalidArgument,
  toFiniteJson,
  type Adjustment,
  type Regulator,
  type Signal,
} from '@epigenome/core';

const PLATEAU_OPTION_KEYS = ['name', 'params', 'level', 'monitor', 'mode', 'patience', 'factor', 'minDelta', 'cooldown'] as const;

/** Options of {@link createPlateauReflex}. */
export interface PlateauReflexOptions {
  /** Regulator name. Default `plateau`. */
  readonly name?: string;
  /** Hyperparameters to reduce: a name or an array of names. Default `lr`. */
  readonly params?: string | readonly string[];
  /**
   * `epoch` (default: evaluations only) or `step` (every signal, e.g. `monitor: 'loss'` to watch the
   * training loss between evaluations; factors of one level multiply, so it sits beside the
   * hypergradient on the same rate).
   */
  readonly level?: 'epoch' | 'step';
  /** Metric watched (signals without it are ignored). Default `val_loss`. */
  readonly monitor?: string;
  /** Whether lower (`min`) or higher (`max`) is better. Default `min`. */
  readonly mode?: 'min' | 'max';
  /** Evaluations without improvement before acting (integer ≥ 1). Default 3. */
  readonly patience?: number;
  /** Factor applied on a plateau, in (0, 1) to reduce (or > 1 to raise). Default 0.5. */
  readonly factor?: number;
  /** Relative change of the best value that counts as an improvement (≥ 0). Default 1e-3. */
  readonly minDelta?: number;
  /** Evaluations to wait after acting before counting again (integer ≥ 0). Default 0. */
  readonly cooldown?: number;
}

interface PlateauState {
  best: number;
  wait: number;
  cooldown: number;
}

/**
 * Reduce-on-plateau as an `epoch`-level reflex (as Keras' `ReduceLROnPlateau`): after `patience`
 * evaluations in which `monitor` did not improve by `minDelta` (relative), multiply each of
 * `params` by `factor`; then wait `cooldown` evaluations. Non-finite or missing values are ignored (the
 * divergence reflex handles divergence). The regulome keeps the value inside the space.
 *
 * @example createPlateauReflex({ patience: 2, factor: 0.3 })
 */
export function createPlateauReflex(options: PlateauReflexOptions = {}): Regulator {
  const field = 'options';
  const o = checkOptions<PlateauReflexOptions>(field, options, PLATEAU_OPTION_KEYS);
  const name = checkString(`${field}.name`, o.name, 'plateau');
  const params = checkParams(`${field}.params`, o.params) ?? ['lr'];
  const level = checkOneOf(`${field}.level`, o.level, ['epoch', 'step'] as const, 'epoch');
  const monitor = checkString(`${field}.monitor`, o.monitor, 'val_loss');
  const mode = checkOneOf(`${field}.mode`, o.mode, ['min', 'max'] as const, 'min');
  const patience = checkInteger(`${field}.patience`, o.patience, 3, 1);
  const factor = checkNumber(`${field}.factor`, o.factor, 0.5, { min: 0, minOpen: true });
  if (factor === 1) throw invalidArgument(`${field}.factor`, factor, 'a number > 0 other than 1');
  const minDelta = checkNumber(`${field}.minDelta`, o.minDelta, 1e-3, { min: 0 });
  const cooldown = checkInteger(`${field}.cooldown`, o.cooldown, 0, 0);
  let trials: Record<string, PlateauState> = {};

  return {
    specificationVersion: 'v1',
    name,
    level,
    controls: [...params],
    // it multiplies by a factor: numbers only, and it composes with other factors of its level
    kinds: ['float', 'int', 'width'],
    adjusts: ['factor'],
    regulate(signal: Signal): Adjustment | undefined {
      const v = signal.metrics[monitor];
      if (v === undefined || !Number.isFinite(v)) return undefined;
      const s = (trials[signal.trialId] ??= { best: mode === 'min' ? Infinity : -Infinity, wait: 0, cooldown: 0 });
      const margin = minDelta * (Number.isFinite(s.best) ? Math.abs(s.best) : 0);
      const improved = mode === 'min' ? v < s.best - margin : v > s.best + margin;
      if (improved) {
        s.best = v;
        s.wait = 0;
        return undefined;
      }
      if (s.cooldown > 0) {
        s.cooldown -= 1;
        return undefined;
      }
      s.wait += 1;
      if (s.wait < patience) return undefined;
      s.wait = 0;
      s.cooldown = cooldown;
      return {
        factor: Object.fromEntries(params.map((p) => [p, factor])),
        reason: `plateau: ${monitor} not improved for ${patience} evaluations; ${params.join(', ')} ×${factor}`,
      };
    },
    conclude(result) {
      delete trials[result.trialId];
    },
    snapshot: () => toFiniteJson(trials),
    // snapshots written before the shared codec spelt ±Infinity as strings: still read
    restore(state) {
      if (typeof state !== 'object' || state === null) throw invalidArgument(`${name}.restore(state)`, state, 'a snapshot() of this reflex');
      trials = fromFiniteJson<Record<string, PlateauState>>(JSON.parse(JSON.stringify(state), (_k, v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v)));
    },
  };
}

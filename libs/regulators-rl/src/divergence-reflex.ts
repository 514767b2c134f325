import {
  checkInteger,
  checkNumber,
  checkOneOf,
  checkOptions,
  checkParams,
  checkString,
  describeValue,
  invalidArgument,
  type Adjustment,
  type Regulator,
  type Signal,
} from '@epigenome/core';
import { isDiverged } from './internal/divergence';

const DIVERGENCE_OPTION_KEYS = ['name', 'params', 'factor', 'level', 'maxRollbacks'] as const;

/** Options of {@link createDivergenceReflex}. */
export interface DivergenceReflexOptions {
  /** Regulator name. Default `divergence`. */
  readonly name?: string;
  /** Hyperparameters to reduce: a name or an array of names. Default `lr`. */
  readonly params?: string | readonly string[];
  /** Factor applied on divergence, in (0, 1). Default 0.5. */
  readonly factor?: number;
  /** `step` (every signal, default) or `epoch` (evaluations only, e.g. beside a step-level controller of the same hyperparameter). */
  readonly level?: 'step' | 'epoch';
  /** Rollbacks of one trial after which it is stopped instead (integer ≥ 1). Default: never stop. */
  readonly maxRollbacks?: number;
}

/**
 * The divergence reflex: when a signal shows divergence (`features.diverged === 1`, or a loss or
 * validation loss that is NaN/±Infinity) multiply each of `params` by `factor` at once, with a reason
 * starting `rollback:` (the runner restores the last good checkpoint; see the README's note on
 * the proposed `Adjustment.rollback`). After `maxRollbacks` the trial is stopped.
 *
 * @example createDivergenceReflex({ factor: 0.3, maxRollbacks: 5 })
 */
export function createDivergenceReflex(options: DivergenceReflexOptions = {}): Regulator {
  const field = 'options';
  const o = checkOptions<DivergenceReflexOptions>(field, options, DIVERGENCE_OPTION_KEYS);
  const name = checkString(`${field}.name`, o.name, 'divergence');
  const params = checkParams(`${field}.params`, o.params) ?? ['lr'];
  const factor = checkNumber(`${field}.factor`, o.factor, 0.5, { min: 0, minOpen: true, max: 0.999999 });
  const level = checkOneOf(`${field}.level`, o.level, ['step', 'epoch'] as const, 'step');
  const maxRollbacks = checkInteger(`${field}.maxRollbacks`, o.maxRollbacks, Number.MAX_SAFE_INTEGER, 1);
  let counts: Record<string, number> = {};

  return {
    specificationVersion: 'v1',
    name,
    level,
    controls: [...params],
    // it multiplies by a factor: numbers only, and it composes with other factors of its level
    kinds: ['float', 'int', 'width'],
    adjusts: ['factor'],
    regulate(signal: Signal): Adjustment | undefined {
      if (!isDiverged(signal)) return undefined;
      const n = (counts[signal.trialId] ?? 0) + 1;
      counts[signal.trialId] = n;
      const what = `divergence (loss ${describeValue(signal.metrics.loss)}${signal.metrics.val_loss === undefined ? '' : `, val_loss ${describeValue(signal.metrics.val_loss)}`})`;
      if (n > maxRollbacks) return { stop: true, reason: `${what} after ${maxRollbacks} rollbacks: stopped` };
      return { rollback: true, factor: Object.fromEntries(params.map((p) => [p, factor])), reason: `rollback: ${what}; ${params.join(', ')} ×${factor} (${n})` };
    },
    conclude(result) {
      delete counts[result.trialId];
    },
    snapshot: () => ({ ...counts }),
    restore(state) {
      if (typeof state !== 'object' || state === null) throw invalidArgument(`${name}.restore(state)`, state, 'a snapshot() of this reflex');
      counts = { ...(state as Record<string, number>) };
    },
  };
}

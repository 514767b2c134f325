import { invalidArgument } from '../errors/epigenome-error';

/** A continuous hyperparameter in [min, max]; `log` samples and perturbs on a log scale (min > 0). */
export interface FloatSpec {
  readonly kind: 'float';
  readonly min: number;
  readonly max: number;
  readonly log?: boolean;
}

/** An integer hyperparameter in [min, max]; `log` requires min ≥ 1. */
export interface IntSpec {
  readonly kind: 'int';
  readonly min: number;
  readonly max: number;
  readonly log?: boolean;
}

/**
 * A structural hyperparameter: the width of one layer (units of a dense layer, filters of a
 * convolution), a bounded integer ≥ 1. It samples, clamps, perturbs, composes and maps to the unit
 * cube exactly like an `int`; engines that support it rebuild the layer live when it changes
 * (`@epigenome/engine-tfjs`: names `width.<i>`, `filters.<i>`). Regulators that cannot act on a
 * structure leave `'width'` out of their `kinds` and are refused when the regulome is built.
 */
export interface WidthSpec {
  readonly kind: 'width';
  readonly min: number;
  readonly max: number;
  readonly log?: boolean;
}

/** A value of a categorical hyperparameter. */
export type ChoiceValue = string | number | boolean;

/** A categorical hyperparameter; its values are ordered, so "neighbour" is meaningful. */
export interface ChoiceSpec {
  readonly kind: 'choice';
  readonly values: readonly ChoiceValue[];
}

/** One hyperparameter's domain. */
export type ParamSpec = FloatSpec | IntSpec | WidthSpec | ChoiceSpec;

/** The numeric specs: `float`, `int` and `width`. */
export type NumericSpec = FloatSpec | IntSpec | WidthSpec;

/** A search space: hyperparameter name → domain. Key order is the unit-cube axis order. */
export type SearchSpace = Readonly<Record<string, ParamSpec>>;

/** A configuration: one value per hyperparameter. */
export type Config = Record<string, ChoiceValue>;

/** True for `float`, `int` and `width` specs. */
export function isNumericSpec(spec: ParamSpec): spec is NumericSpec {
  return spec.kind === 'float' || spec.kind === 'int' || spec.kind === 'width';
}

/** True for the integer specs, `int` and `width` (rounded wherever they are clamped). */
export function isIntegerSpec(spec: ParamSpec): spec is IntSpec | WidthSpec {
  return spec.kind === 'int' || spec.kind === 'width';
}

function checkBounds(kind: NumericSpec['kind'], min: number, max: number, log: boolean, field: string): void {
  const integer = kind !== 'float';
  const what = integer ? 'an integer' : 'a finite number';
  if (!Number.isFinite(min) || (integer && !Number.isInteger(min))) throw invalidArgument(`${field}.min`, min, what, { code: 'INVALID_SPACE' });
  if (kind === 'width' && min < 1) throw invalidArgument(`${field}.min`, min, 'an integer ≥ 1 (a layer has at least one unit)', { code: 'INVALID_SPACE' });
  if (!Number.isFinite(max) || (integer && !Number.isInteger(max))) throw invalidArgument(`${field}.max`, max, what, { code: 'INVALID_SPACE' });
  if (max < min) throw invalidArgument(`${field}.max`, max, `≥ min (${min})`, { code: 'INVALID_SPACE' });
  if (log && min <= 0) throw invalidArgument(`${field}.min`, min, `> 0 on a log scale`, { code: 'INVALID_SPACE' });
  if (log && integer && min < 1) throw invalidArgument(`${field}.min`, min, `≥ 1 for a log-scale int`, { code: 'INVALID_SPACE' });
}

/**
 * A float hyperparameter in [min, max] (a zero-width range min = max is allowed and fixed).
 *
 * @param options.log sample and perturb on a log scale; requires min > 0. Default false.
 * @example float(1e-4, 1e-1, { log: true })
 */
export function float(min: number, max: number, options: { log?: boolean } = {}): FloatSpec {
  const log = options.log === true;
  checkBounds('float', min, max, log, 'float');
  return log ? { kind: 'float', min, max, log } : { kind: 'float', min, max };
}

/**
 * An integer hyperparameter in [min, max], both inclusive.
 *
 * @param options.log sample and perturb on a log scale; requires min ≥ 1. Default false.
 * @example int(16, 512, { log: true })
 */
export function int(min: number, max: number, options: { log?: boolean } = {}): IntSpec {
  const log = options.log === true;
  checkBounds('int', min, max, log, 'int');
  return log ? { kind: 'int', min, max, log } : { kind: 'int', min, max };
}

/**
 * A layer's width: an integer number of units (or filters) in [min, max], both inclusive, min ≥ 1.
 * Structural: an engine rebuilds the layer when it changes (see {@link WidthSpec}).
 *
 * @param options.log sample and perturb on a log scale. Default false.
 * @example width(8, 256, { log: true })
 */
export function width(min: number, max: number, options: { log?: boolean } = {}): WidthSpec {
  const log = options.log === true;
  checkBounds('width', min, max, log, 'width');
  return log ? { kind: 'width', min, max, log } : { kind: 'width', min, max };
}

/**
 * A categorical hyperparameter over distinct values, in the given order.
 *
 * @example choice(['adam', 'sgd'])
 */
export function choice<const V extends ChoiceValue>(values: readonly V[]): ChoiceSpec & { values: readonly V[] } {
  if (!Array.isArray(values) || values.length === 0) throw invalidArgument('choice.values', values, 'a non-empty array', { code: 'INVALID_SPACE' });
  for (const [i, v] of values.entries()) {
    const t = typeof v;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') throw invalidArgument(`choice.values[${i}]`, v, 'a string, number or boolean', { code: 'INVALID_SPACE' });
    if (t === 'number' && !Number.isFinite(v)) throw invalidArgument(`choice.values[${i}]`, v, 'a finite number', { code: 'INVALID_SPACE' });
  }
  if (new Set(values).size !== values.length) throw invalidArgument('choice.values', values, 'distinct values', { code: 'INVALID_SPACE' });
  return { kind: 'choice', values: [...values] };
}

/** Validates every spec of a space (as if built by the factories); returns it unchanged. */
export function validateSpace(space: SearchSpace): SearchSpace {
  if (typeof space !== 'object' || space === null || Array.isArray(space)) throw invalidArgument('space', space, 'an object of name → spec', { code: 'INVALID_SPACE' });
  const names = Object.keys(space);
  if (names.length === 0) throw invalidArgument('space', space, 'at least one hyperparameter', { code: 'INVALID_SPACE' });
  for (const name of names) {
    const spec = space[name] as ParamSpec | undefined;
    const field = `space.${name}`;
    if (typeof spec !== 'object' || spec === null) throw invalidArgument(field, spec, 'a spec made by float(), int(), width() or choice()', { code: 'INVALID_SPACE' });
    if (isNumericSpec(spec)) checkBounds(spec.kind, spec.min, spec.max, spec.log === true, field);
    else if (spec.kind === 'choice') {
      try {
        choice(spec.values);
      } catch (cause) {
        throw invalidArgument(`${field}.values`, spec.values, 'a non-empty array of distinct strings, numbers or booleans', { code: 'INVALID_SPACE', cause });
      }
    } else throw invalidArgument(`${field}.kind`, (spec as { kind?: unknown }).kind, '"float", "int", "width" or "choice"', { code: 'INVALID_SPACE' });
  }
  return space;
}

import { EpigenomeError, describeValue, invalidArgument } from '../errors/epigenome-error';
import { nearestName } from './nearest-name';

/** Bounds of a numeric option; a bound is inclusive unless its `*Open` flag is set. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
  /** Require an integer. Default false. */
  readonly integer?: boolean;
}

/** Renders a range the way every error message states it: `an integer ≥ 1 and ≤ 256`. */
export function describeRange(range: NumberRange): string {
  const { min = -Infinity, max = Infinity, minOpen = false, maxOpen = false, integer = false } = range;
  const what = integer ? 'an integer' : 'a finite number';
  const lo = min === -Infinity ? '' : `${minOpen ? '>' : '≥'} ${min}`;
  const hi = max === Infinity ? '' : `${maxOpen ? '<' : '≤'} ${max}`;
  return [what, [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
}

/**
 * A number option: `fallback` when `value` is undefined, else `value` if it is finite and within
 * `range`, else an `INVALID_ARGUMENT` naming `field` (e.g. `options.every must be an integer ≥ 1;
 * got 0`).
 */
export function checkNumber(field: string, value: unknown, fallback: number, range: NumberRange = {}): number {
  const v = value === undefined ? fallback : value;
  const { min = -Infinity, max = Infinity, minOpen = false, maxOpen = false, integer = false } = range;
  const ok = typeof v === 'number' && Number.isFinite(v) && (minOpen ? v > min : v >= min) && (maxOpen ? v < max : v <= max) && (!integer || Number.isInteger(v));
  if (!ok) throw invalidArgument(field, value, describeRange(range));
  return v as number;
}

/** An integer option in [min, max] (default max: unbounded); `fallback` when undefined. */
export function checkInteger(field: string, value: unknown, fallback: number, min: number, max = Infinity): number {
  return checkNumber(field, value, fallback, { min, max, integer: true });
}

/** A non-empty string option; `fallback` when undefined. */
export function checkString(field: string, value: unknown, fallback: string): string {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'string' || v.length === 0) throw invalidArgument(field, value, 'a non-empty string');
  return v;
}

/** One of `allowed` (strings, numbers or booleans); `fallback` when undefined. */
export function checkOneOf<T extends string | number | boolean>(field: string, value: unknown, allowed: readonly T[], fallback: T): T {
  const v = value === undefined ? fallback : value;
  if (!(allowed as readonly unknown[]).includes(v)) {
    const list = allowed.map((a) => describeValue(a));
    throw invalidArgument(field, value, list.length === 2 ? `${list[0]} or ${list[1]}` : `one of ${list.join(', ')}`);
  }
  return v as T;
}

/** A boolean option; `fallback` when undefined. */
export function checkBoolean(field: string, value: unknown, fallback: boolean): boolean {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'boolean') throw invalidArgument(field, value, 'true or false');
  return v;
}

/**
 * Option names renamed on the way to one vocabulary across factories (old → new): `params` says
 * which hyperparameters, `every` how often. An old name is refused naming the new one, never
 * aliased silently.
 */
export const RENAMED_OPTIONS: Readonly<Record<string, string>> = { controls: 'params', param: 'params', interval: 'every' };

/**
 * An options object (undefined → `{}`) whose keys are all in `known`: an unknown key is refused
 * with the nearest known one suggested (`options.betta is not an option; did you mean "beta"?
 * known: beta, every`), so a typo never passes silently; a renamed one (see `RENAMED_OPTIONS`)
 * with its new name (`options.controls was renamed to options.params`). `field` is the object's
 * path, e.g. `options`.
 */
export function checkOptions<T extends object>(field: string, value: T | undefined, known: readonly string[]): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument(field, value, 'an options object');
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const renamed = Object.hasOwn(RENAMED_OPTIONS, key) ? RENAMED_OPTIONS[key] : undefined;
    if (renamed !== undefined && known.includes(renamed)) {
      throw new EpigenomeError({
        code: 'INVALID_ARGUMENT',
        field: `${field}.${key}`,
        value: (value as Record<string, unknown>)[key],
        allowed: `absent: use ${field}.${renamed}`,
        message: `${field}.${key} was renamed to ${field}.${renamed} (see the option's documentation for its shape)`,
      });
    }
    const near = nearestName(key, known);
    const allowed = `one of ${[...known].sort().join(', ')}`;
    throw new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      field: `${field}.${key}`,
      value: (value as Record<string, unknown>)[key],
      allowed,
      message: `${field}.${key} is not an option${near ? `; did you mean "${near}"?` : ''} (known: ${[...known].sort().join(', ')})`,
    });
  }
  return value;
}

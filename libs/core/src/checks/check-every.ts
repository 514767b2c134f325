import { invalidArgument } from '../errors/epigenome-error';
import { checkNumber, checkOptions, type NumberRange } from './option-checks';

/**
 * "How often", the `every` option every factory shares: an object with exactly one unit.
 * A factory accepts the units that make sense for it (see its documentation).
 */
export interface Every {
  /** Optimiser steps (batches). */
  readonly steps?: number;
  /** Passes over the training split (fractional allowed). */
  readonly epochs?: number;
  /** Wall-clock seconds. */
  readonly seconds?: number;
  /** Evaluations. */
  readonly evals?: number;
  /** Signals the regulator sees at its level (evaluations at epoch level, every signal at step level). */
  readonly signals?: number;
}

/** A unit of {@link Every}. */
export type EveryUnit = keyof Every;

const listOf = (units: readonly string[]): string => (units.length === 1 ? (units[0] as string) : `${units.slice(0, -1).join(', ')} or ${units.at(-1)}`);

/** What `every` allows for these units, in the words of the refusal: `an object with one of steps, epochs or seconds`. */
export function describeEvery(units: readonly EveryUnit[]): string {
  return units.length === 1 ? `an object { ${units[0]}: n }` : `an object with one of ${listOf(units)}`;
}

/**
 * Checks an `every` option against the units a factory accepts (unit → the range of its count)
 * and returns its unit and length; `fallback` when undefined. Refuses a bare number (name the
 * unit: `{ steps: 20 }`), a unit the factory does not take (with the nearest one), two units, or
 * a count out of range.
 *
 * @example checkEvery('options.every', { steps: 200 }, { steps: { min: 0, minOpen: true } }, { steps: 1000 }) // { unit: 'steps', length: 200 }
 */
export function checkEvery<U extends EveryUnit>(
  field: string,
  value: unknown,
  units: Readonly<Record<U, NumberRange>>,
  fallback: Partial<Record<U, number>>,
): { unit: U; length: number } {
  const names = Object.keys(units) as U[];
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidArgument(field, value, describeEvery(names));
  checkOptions(field, v, names);
  const given = names.filter((u) => (v as Record<string, unknown>)[u] !== undefined);
  if (given.length !== 1) throw invalidArgument(field, value, `exactly one of ${listOf(names.map((u) => `{ ${u} }`))}`);
  const unit = given[0] as U;
  const range = units[unit];
  const length = checkNumber(`${field}.${unit}`, (v as Record<string, unknown>)[unit], 0, range);
  return { unit, length };
}

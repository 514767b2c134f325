import { invalidArgument } from '@epigenome/core';

/** An integer ≥ `min`, or the default when undefined. */
export function integerAtLeast(field: string, value: number | undefined, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min)) throw invalidArgument(field, value, `an integer ≥ ${min}`);
  return value;
}

/** A finite number > 0, or the default when undefined. */
export function positive(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) throw invalidArgument(field, value, 'a finite number > 0');
  return value;
}

/** A finite number ≥ 0, or the default when undefined. */
export function nonNegative(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) throw invalidArgument(field, value, 'a finite number ≥ 0');
  return value;
}

/** A number in [lo, hi], or the default when undefined. */
export function inRange(field: string, value: number | undefined, lo: number, hi: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && value >= lo && value <= hi)) throw invalidArgument(field, value, `a number in [${lo}, ${hi}]`);
  return value;
}

/** A non-empty string, or the default when undefined. */
export function nameOption(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) throw invalidArgument('name', value, 'a non-empty string');
  return value;
}

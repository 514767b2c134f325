import { invalidArgument } from '@epigenome/core';

/** A finite number in (min, max] (or [min, max] with `closed`), else an `INVALID_ARGUMENT` naming the field. */
export function checkNumber(field: string, value: unknown, fallback: number, range: { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean; integer?: boolean } = {}): number {
  const v = value === undefined ? fallback : value;
  const { min = -Infinity, max = Infinity, minOpen = false, maxOpen = false, integer = false } = range;
  const ok = typeof v === 'number' && Number.isFinite(v) && (minOpen ? v > min : v >= min) && (maxOpen ? v < max : v <= max) && (!integer || Number.isInteger(v));
  if (!ok) {
    const what = integer ? 'an integer' : 'a finite number';
    const lo = min === -Infinity ? '' : `${minOpen ? '>' : '≥'} ${min}`;
    const hi = max === Infinity ? '' : `${maxOpen ? '<' : '≤'} ${max}`;
    throw invalidArgument(field, value, [what, [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' '));
  }
  return v as number;
}

/** A non-empty string (a regulator name). */
export function checkName(field: string, value: unknown, fallback: string): string {
  const v = value === undefined ? fallback : value;
  if (typeof v !== 'string' || v.length === 0) throw invalidArgument(field, value, 'a non-empty string');
  return v;
}

/** A plain object (or undefined → `{}`). */
export function checkOptions<T extends object>(field: string, value: T | undefined): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument(field, value, 'an options object');
  return value;
}

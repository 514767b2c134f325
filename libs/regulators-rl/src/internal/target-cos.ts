import { checkNumber } from '@epigenome/core';

/** A cosine target moved linearly from `start` (budget_used 0) to `end` (budget_used 1). */
export interface TargetCos {
  readonly start: number;
  readonly end: number;
}

/** The `targetCos` option (a number or `{ start, end }`, each in (−1, 1)), errors naming `field` or `field.start` / `field.end`. */
export function checkTargetCos(field: string, value: number | TargetCos | undefined, fallback: TargetCos): TargetCos {
  const range = { min: -1, minOpen: true, max: 1, maxOpen: true };
  if (typeof value === 'object' && value !== null) {
    return { start: checkNumber(`${field}.start`, value.start, fallback.start, range), end: checkNumber(`${field}.end`, value.end, fallback.end, range) };
  }
  return { start: checkNumber(field, value, fallback.start, range), end: checkNumber(field, value, fallback.end, range) };
}

/** The target at `used` (the signal's `budget_used`, clamped to [0, 1]). */
export function targetAt(t: TargetCos, used: number): number {
  return t.start + (t.end - t.start) * Math.min(1, Math.max(0, used));
}

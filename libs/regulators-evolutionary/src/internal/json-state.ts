import { EpigenomeError, describeValue } from '@epigenome/core';

/** A deep JSON copy in which ±Infinity and NaN survive (as `{ $num }`). */
export function toJsonState<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v)));
}

/** Inverse of {@link toJsonState}; `valid` checks the shape, else `INVALID_ARGUMENT` names the regulator. */
export function fromJsonState<T>(state: unknown, regulator: string, factory: string, valid: (s: Record<string, unknown>) => boolean): T {
  if (typeof state !== 'object' || state === null || !valid(state as Record<string, unknown>)) {
    throw new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      field: `${regulator}.snapshot`,
      value: state,
      allowed: `a snapshot taken by ${factory}`,
      message: `${regulator}: cannot restore ${describeValue(state)}; expected a snapshot taken by ${factory}`,
    });
  }
  return JSON.parse(JSON.stringify(state), (_k, v) => (v && typeof v === 'object' && typeof v.$num === 'string' && Object.keys(v).length === 1 ? Number(v.$num) : v)) as T;
}

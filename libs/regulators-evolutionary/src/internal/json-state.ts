import { EpigenomeError, describeValue, fromFiniteJson, toFiniteJson } from '@epigenome/core';

/** A deep JSON copy in which ±Infinity and NaN survive (core's codec: `{ $num }`). */
export function toJsonState<T>(value: T): unknown {
  return toFiniteJson(value);
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
  return fromFiniteJson<T>(state);
}

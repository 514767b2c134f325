import { invalidArgument, type Signal } from '@epigenome/core';
import type { ProgressInterval } from '../progress-interval';

/** A unit of training progress. */
export type ProgressUnit = 'steps' | 'epochs' | 'seconds';

/** Validates an interval and returns its unit and length. */
export function parseInterval(field: string, interval: ProgressInterval | undefined, fallback: ProgressInterval): { unit: ProgressUnit; length: number } {
  const value = interval ?? fallback;
  if (typeof value !== 'object' || value === null) throw invalidArgument(field, value, 'an object with one of steps, epochs or seconds');
  const given = (['steps', 'epochs', 'seconds'] as const).filter((k) => value[k] !== undefined);
  if (given.length !== 1) throw invalidArgument(field, value, 'exactly one of { steps }, { epochs } or { seconds }');
  const unit = given[0] as ProgressUnit;
  const length = value[unit] as number;
  if (!(typeof length === 'number' && Number.isFinite(length) && length > 0)) throw invalidArgument(`${field}.${unit}`, length, 'a finite number > 0');
  return { unit, length };
}

/** Where a trial stands in a unit: its step, its epoch, or seconds since `startMs`. */
export function progressOf(signal: Signal, unit: ProgressUnit, nowMs: number, startMs: number): number {
  if (unit === 'steps') return signal.step;
  if (unit === 'epochs') return signal.epoch;
  return Math.max(0, nowMs - startMs) / 1000;
}

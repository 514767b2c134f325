import { checkEvery, type Signal } from '@epigenome/core';
import type { ProgressInterval } from '../progress-interval';

/** A unit of training progress. */
export type ProgressUnit = 'steps' | 'epochs' | 'seconds';

/** Validates an interval and returns its unit and length. */
export function parseInterval(field: string, interval: ProgressInterval | undefined, fallback: ProgressInterval): { unit: ProgressUnit; length: number } {
  const positive = { min: 0, minOpen: true };
  return checkEvery(field, interval, { steps: positive, epochs: positive, seconds: positive }, fallback);
}

/** Where a trial stands in a unit: its step, its epoch, or seconds since `startMs`. */
export function progressOf(signal: Signal, unit: ProgressUnit, nowMs: number, startMs: number): number {
  if (unit === 'steps') return signal.step;
  if (unit === 'epochs') return signal.epoch;
  return Math.max(0, nowMs - startMs) / 1000;
}

import type { Objective, Signal } from '@epigenome/core';

/** Fitness of an evaluation signal, signed so that higher is better; `nan` flags a non-finite raw value. */
export interface SignalFitness {
  readonly value: number;
  readonly nan: boolean;
}

/**
 * The objective of one evaluation signal, higher is better. NaN and ±∞ count as −∞ (as in the
 * core's `TrialView.fitness`): the worst possible, so it never survives a selection.
 * Undefined when the signal does not carry the objective's metric.
 */
export function signalFitness(signal: Signal, objective: Objective): SignalFitness | undefined {
  const raw = signal.metrics[objective.metric];
  if (raw === undefined) return undefined;
  if (Number.isNaN(raw)) return { value: Number.NEGATIVE_INFINITY, nan: true };
  if (!Number.isFinite(raw)) return { value: Number.NEGATIVE_INFINITY, nan: false };
  return { value: objective.mode === 'max' ? raw : -raw, nan: false };
}

/** A fitness for sorting: NaN and undefined become −∞. */
export function comparable(f: number | undefined): number {
  return f === undefined || Number.isNaN(f) ? Number.NEGATIVE_INFINITY : f;
}

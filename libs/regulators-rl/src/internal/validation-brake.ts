import type { Objective, Signal } from '@epigenome/core';

/** One trial's best evaluation: the objective's value there and the rate in force. */
export interface BestEval {
  readonly value: number;
  readonly rate: number;
}

/**
 * The validation brake of the hypergradient (a "bold driver" on evaluations: Vogl et al. 1988,
 * Battiti 1989 raise a rate while the loss falls and cut it when the loss rises). At an evaluation
 * whose objective is worse than the trial's best by more than `tolerance` (relative to the best's
 * magnitude) while the rate is above the rate in force at that best, the rate goes back to it and
 * stays capped there. Returns the new ceiling, or undefined when the evaluation does not brake;
 * `best` is updated in place.
 */
export function validationBrake(best: Map<string, BestEval>, signal: Signal, objective: Objective, rate: number, tolerance: number): number | undefined {
  const raw = signal.metrics[objective.metric];
  if (raw === undefined || !Number.isFinite(raw) || !(rate > 0 && Number.isFinite(rate))) return undefined;
  const value = objective.mode === 'max' ? raw : -raw;
  const was = best.get(signal.trialId);
  if (was === undefined || value > was.value) {
    best.set(signal.trialId, { value, rate });
    return undefined;
  }
  const fell = (was.value - value) / Math.max(Math.abs(was.value), 1e-12);
  return fell > tolerance && rate > was.rate * (1 + 1e-9) ? was.rate : undefined;
}

import { fromFiniteJson, invalidArgument, toFiniteJson } from '@epigenome/core';

/** A decision whose reward is not yet known. */
export interface Pending {
  /** Decisions taken since this one (its reward is due at `rewardHorizon`). */
  age: number;
  x: number[];
  actions: Record<string, number>;
  masks: Record<string, boolean[]>;
  metric: 'val_loss' | 'loss';
  /** The reference loss when it was taken; NaN when there was none (the hypergradient reward needs none). */
  reference: number;
}

/** A learned controller's bookkeeping of one trial: everything its next decisions depend on. */
export interface TrialMemory {
  lastDecision: number;
  pending: Pending[];
  /** Sum and count of the training losses seen since the last decision (step signals). */
  lossSum: number;
  lossCount: number;
  /** Sum and count of `grad_cos` since the last decision: the state sees its interval mean. */
  cosSum: number;
  cosCount: number;
  /** Sum and count of `slice_cos` since the last decision (the hypergradient reward prefers it). */
  sliceSum: number;
  sliceCount: number;
  /** Hyperparameter → the highest value a rise may reach (set by a rollback). */
  ceiling: Record<string, number>;
}

/** A trial's memory before its first signal. */
export function freshTrialMemory(): TrialMemory {
  return { lastDecision: 0, pending: [], lossSum: 0, lossCount: 0, cosSum: 0, cosCount: 0, sliceSum: 0, sliceCount: 0, ceiling: {} };
}

/** Starts a new decision interval. */
export function resetInterval(m: TrialMemory): void {
  m.lossSum = 0;
  m.lossCount = 0;
  m.cosSum = 0;
  m.cosCount = 0;
  m.sliceSum = 0;
  m.sliceCount = 0;
}

/** Trial id → memory as JSON (a pending decision's NaN reference survives). */
export function trialMemoriesToJson(trials: ReadonlyMap<string, TrialMemory>): unknown {
  return toFiniteJson(Object.fromEntries(trials));
}

/** Inverse of {@link trialMemoriesToJson}; throws naming `field` when the shape is not one. */
export function trialMemoriesFromJson(json: unknown, field: string): Map<string, TrialMemory> {
  const decoded = fromFiniteJson<Record<string, TrialMemory>>(json);
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalidArgument(field, json, 'trial id → trial memory, as snapshot() wrote it');
  const out = new Map<string, TrialMemory>();
  for (const [id, m] of Object.entries(decoded)) {
    const ok = typeof m === 'object' && m !== null && typeof m.lastDecision === 'number' && Array.isArray(m.pending) && typeof m.ceiling === 'object' && m.ceiling !== null;
    if (!ok) throw invalidArgument(`${field}.${id}`, m, 'a trial memory, as snapshot() wrote it');
    out.set(id, { ...freshTrialMemory(), ...m });
  }
  return out;
}

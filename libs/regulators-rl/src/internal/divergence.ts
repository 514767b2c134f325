import type { Signal } from '@epigenome/core';

/** True when a signal shows divergence: the regulome's flag, the engine's `diverged` metric, or a non-finite loss. */
export function isDiverged(signal: Signal): boolean {
  const { loss, val_loss: valLoss } = signal.metrics;
  return signal.features.diverged === 1 || signal.metrics.diverged === 1 || (loss !== undefined && !Number.isFinite(loss)) || (valLoss !== undefined && !Number.isFinite(valLoss));
}

/** Below this fraction of a trial's peak gradient norm, with the loss still near its first value, the units are dead. */
const VANISHED = 0.1;
/** "Still near its first value": above this fraction of the trial's first loss. */
const NO_PROGRESS = 0.9;

/**
 * Tracks each trial's first finite training loss and peak gradient norm, and tells whether a step
 * signal shows a blow-up that looks finite (undefined factor: never):
 * - `loss exploded`: the loss is above `factor` × the first loss. The first loss of a classifier
 *   trained from scratch is about ln(classes), the largest a sane run sees; a run whose loss
 *   climbs well above it has blown up, even when the loss is finite again and the regulome's
 *   running-minimum check cannot see it (the first slice sets that minimum);
 * - `gradient vanished`: `grad_norm` fell below 1/10 of the trial's peak while the loss is still
 *   above 0.9 × the first loss — a too-large rate killed the ReLUs without a loss spike (the loss
 *   sits at ln(classes), the gradient is left with the output bias). Healthy training reduces the
 *   loss long before its gradient norm falls that far.
 */
export function explosionCheck(factor: number | undefined): {
  exploded(signal: Signal): 'loss exploded' | 'gradient vanished' | undefined;
  forget(trialId: string): void;
  /** Trial id → reference loss, for snapshots. */
  state(): Record<string, number>;
  load(state: Readonly<Record<string, unknown>>): void;
  /** Trial id → peak gradient norm, for snapshots. */
  peaks(): Record<string, number>;
  loadPeaks(state: Readonly<Record<string, unknown>>): void;
  /** Forgets the trial's peak gradient norm: call on every rollback (the restored weights start afresh). */
  rolledBack(trialId: string): void;
} {
  const first = new Map<string, number>();
  const peak = new Map<string, number>();
  const fill = (m: Map<string, number>, state: Readonly<Record<string, unknown>>) => {
    m.clear();
    for (const [k, v] of Object.entries(state)) if (typeof v === 'number' && Number.isFinite(v)) m.set(k, v);
  };
  return {
    state: () => Object.fromEntries(first),
    load: (state) => fill(first, state),
    peaks: () => Object.fromEntries(peak),
    loadPeaks: (state) => fill(peak, state),
    exploded(signal) {
      if (factor === undefined || signal.kind !== 'step') return undefined;
      const loss = signal.metrics.loss;
      if (loss === undefined || !Number.isFinite(loss)) return undefined;
      const ref = first.get(signal.trialId);
      if (ref === undefined) {
        first.set(signal.trialId, loss);
        return undefined;
      }
      if (ref > 0 && loss > factor * ref) return 'loss exploded';
      const g = signal.metrics.grad_norm;
      if (g === undefined || !Number.isFinite(g)) return undefined;
      const top = Math.max(peak.get(signal.trialId) ?? 0, g);
      peak.set(signal.trialId, top);
      return ref > 0 && g < VANISHED * top && loss > NO_PROGRESS * ref ? 'gradient vanished' : undefined;
    },
    forget(trialId) {
      first.delete(trialId);
      peak.delete(trialId);
    },
    rolledBack: (trialId) => void peak.delete(trialId),
  };
}

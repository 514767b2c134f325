import { describeValue, type Adjustment, type Signal } from '@epigenome/core';
import { ROLLBACK_REASON_PREFIX } from '../rollback';

/**
 * The one rollback/ceiling rule of this package, shared by the learned controllers and the
 * hypergradient: on divergence the rate is multiplied by the rollback factor (the runner restores
 * the last good checkpoint), and the rate it diverged at, × `ceilingFactor`, becomes a ceiling no
 * later rise of that trial may cross — a rule steered upwards otherwise climbs straight back into
 * the blow-up it just recovered from.
 */

/** The rollback adjustment: `factor` on each of `params`, with a reason naming the cause and the loss. */
export function rollbackAdjustment(cause: string, signal: Signal, params: readonly string[], factor: number): Adjustment & { reason: string } {
  const f: Record<string, number> = {};
  for (const p of params) f[p] = factor;
  return {
    rollback: true,
    factor: f,
    reason: `${ROLLBACK_REASON_PREFIX} ${cause} (loss ${describeValue(signal.metrics.loss)}); ${params.map((p) => `${p} ×${factor}`).join(', ')}`,
  };
}

/**
 * The ceiling after a divergence at rate `was`: the lower of the current ceiling and
 * `was × ceilingFactor`; the current ceiling unchanged when `was` is not a positive finite rate.
 */
export function lowerCeiling(current: number | undefined, was: unknown, ceilingFactor: number): number | undefined {
  return typeof was === 'number' && was > 0 && Number.isFinite(was) ? Math.min(current ?? Infinity, was * ceilingFactor) : current;
}

/** True when multiplying `value` by `factor` rises above the ceiling `cap` (a relative tolerance of 1e-9 forgives rounding). */
export function risesAboveCeiling(value: number, factor: number, cap: number): boolean {
  return factor > 1 && value * factor > cap * (1 + 1e-9);
}

/** A factor on `value` cut so that a rise stops at the ceiling `cap` (never below 1: the ceiling forbids rises, not cuts). */
export function capRise(factor: number, value: number, cap: number | undefined): number {
  return cap !== undefined && factor > 1 ? Math.max(1, Math.min(factor, cap / value)) : factor;
}

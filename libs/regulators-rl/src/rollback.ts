/**
 * Every rollback adjustment of this package sets `rollback: true` (the runner restores the trial's
 * last good checkpoint) and has a reason starting with this prefix, for reports.
 */
export const ROLLBACK_REASON_PREFIX = 'rollback:';

/** True for a reason (of an `Adjustment` or a `RegulationEvent`) that asks for a rollback. */
export function isRollbackReason(reason: string): boolean {
  return typeof reason === 'string' && reason.startsWith(ROLLBACK_REASON_PREFIX);
}

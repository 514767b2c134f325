/**
 * Every rollback adjustment of this package has a reason starting with this prefix. Until the
 * core contract carries rollback explicitly (see the README), a runner recognises a rollback by
 * it — in `RegulationOutcome.events[].reason` — and restores the trial's last good checkpoint.
 */
export const ROLLBACK_REASON_PREFIX = 'rollback:';

/** True for a reason (of an `Adjustment` or a `RegulationEvent`) that asks for a rollback. */
export function isRollbackReason(reason: string): boolean {
  return typeof reason === 'string' && reason.startsWith(ROLLBACK_REASON_PREFIX);
}

/** A trial's id without its experiment's prefix (`<experimentId>-t3` → `t3`), for labels; the id itself when it has none. */
export function shortTrialId(trialId: string, experimentId: string): string {
  return trialId.startsWith(`${experimentId}-`) && trialId.length > experimentId.length + 1 ? trialId.slice(experimentId.length + 1) : trialId;
}

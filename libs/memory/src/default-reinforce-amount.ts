/**
 * The amount `reinforce(markId)` and `weaken(markId)` use when none is given: reinforcing takes
 * the decayed strength d to d + 0.2 × (1 − d); weakening to max(0, d − 0.2).
 */
export const DEFAULT_REINFORCE_AMOUNT = 0.2;

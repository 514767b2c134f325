/**
 * The hypergradient setting both the `rl` and the `regulation` suites run: the slice horizon (the
 * last gradient against the slice's displacement), steered to cos −0.3 early and +0.1 at the end
 * of each trial's budget (push early, anneal late), never back above a quarter of a rate that
 * blew up. Tuned on MNIST with plain SGD (the `rl` suite).
 */
export const TARGET_COS = { start: -0.3, end: 0.1 } as const;
export const SLICE_HYPERGRADIENT = { beta: 0.08, horizon: 'slice', targetCos: TARGET_COS, ceilingFactor: 0.25 } as const;

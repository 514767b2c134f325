/** Marks read at experiment start when looking for learned states and weights to inherit (the k of `inherit`). */
export const INHERITED_MARKS = 16;

/**
 * Score (similarity × decayed strength) a mark must exceed for its learned state or weights to be
 * used at start; `inheritMarks` uses it as its default `minScore` (there: at least).
 */
export const MIN_MARK_SCORE = 0.05;

/**
 * Strength added to an inherited mark that helped (`reinforce`) or taken from one that did not
 * (`weaken`) at the end of an experiment; `inheritMarks`' default `amount`. The store's own default
 * for a bare `reinforce(id)` is separate (see `@epigenome/memory`).
 */
export const MARK_STRENGTH_STEP = 0.2;

/** Regulator name under which the best trial's weights are kept as a `state` mark. */
export const WEIGHTS = '@weights';

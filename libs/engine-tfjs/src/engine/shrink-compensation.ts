/**
 * How a shrink of a dense layer that feeds a dense layer treats the removed units' contribution:
 * - `least-squares` — folded into the kept units' outgoing weights and the next bias by ridge
 *   regression on the activations of the first 1,024 training samples (He et al. 2017's linear
 *   reconstruction): the next layer's input changes as little as the kept units allow;
 * - `none` — simply dropped.
 * Other layers (convolutions, a dense layer after a convolution) always drop it.
 */
export type ShrinkCompensation = 'least-squares' | 'none';

/** The shrink compensations, in documentation order. */
export const SHRINK_COMPENSATIONS: readonly ShrinkCompensation[] = ['least-squares', 'none'];

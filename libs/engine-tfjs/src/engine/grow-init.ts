/**
 * How a live grow initialises the units it adds (both keep the model's outputs unchanged):
 * - `net2wider` — Net2WiderNet (Chen, Goodfellow & Shlens 2016): each new unit copies a drawn
 *   unit, and the outgoing weights of the copied units are split among their replicas (with the
 *   engine's `widenNoise` on the copies' incoming weights);
 * - `fresh` — each new unit gets fresh incoming weights (the layer's Glorot-uniform initialiser)
 *   and zero bias and outgoing weights: untied from the units already there, with zero optimiser state.
 */
export type GrowInit = 'net2wider' | 'fresh';

/** The grow initialisations, in documentation order. */
export const GROW_INITS: readonly GrowInit[] = ['net2wider', 'fresh'];

/**
 * The default grow. Measured on the structural bench (MNIST MLP, 16 units grown during training):
 * Net2WiderNet's replicas share their outgoing weights and get nearly equal gradients, so the grown
 * network learns like the small one; fresh units do not.
 */
export const DEFAULT_GROW_INIT: GrowInit = 'fresh';

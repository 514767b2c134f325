export { createPbt } from './pbt';
export type { Pbt, PbtDecision, PbtExplore, PbtExploreContext, PbtOptions } from './pbt';
export type { ProgressInterval } from './progress-interval';

export { createCmaEsOptimizer } from './cma-es-optimizer';
export type { CmaEsBounds, CmaEsOptimizer, CmaEsOptimizerOptions, CmaEsOptimizerState, CmaEsRunState, CmaEsStatus, CmaEsStopReason } from './cma-es-optimizer';
export { createCmaEs } from './cma-es';
export type { CmaEs, CmaEsOptions } from './cma-es';
export { createCmaEsController } from './cma-es-controller';
export type { CmaEsControllerOptions } from './cma-es-controller';

export { createGeneticAlgorithm } from './genetic-algorithm';
export type { GeneticAlgorithm, GeneticAlgorithmOptions } from './genetic-algorithm';

export { createAsha } from './asha';
export type { Asha, AshaOptions } from './asha';
export { createMedianStopping } from './median-stopping';
export type { MedianStoppingOptions } from './median-stopping';

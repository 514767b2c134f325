// The `@epigenome/engine-tfjs/spec` entry: what checking a spec needs (model options, hyperparameter
// ranges, the built-in datasets) without loading TensorFlow.js, so a CLI can refuse a bad spec at once.
export { HYPERPARAMETER_NAMES, HYPERPARAMETER_RANGES, OPTIMIZERS, validateHyperparameters } from '../engine/hyperparameters';
export type { Hyperparameters, OptimizerName } from '../engine/hyperparameters';
export { ACTIVATIONS, validateModelSpec } from './validate-model-spec';
export { MAX_WIDTH, checkStructuralNames, isStructuralName, structuralParams, widthsIn, widthsOf } from './structural-params';
export type { Activation, CnnSpec, MlpSpec, ModelSpec } from '../model/model-spec';
export { iris } from '../data/iris';
export type { IrisOptions } from '../data/iris';
export { spirals } from '../data/spirals';
export type { SpiralsOptions } from '../data/spirals';
export { drifting } from '../data/drifting';
export type { DriftingOptions } from '../data/drifting';
export type { Split, TaskData } from '../data/task-data';

export { createTfjsEngine } from './engine/create-tfjs-engine';
export type { TfjsEngine, TfjsEngineOptions } from './engine/create-tfjs-engine';
export { DEFAULT_GROW_INIT, GROW_INITS } from './engine/grow-init';
export type { GrowInit } from './engine/grow-init';
export { SHRINK_COMPENSATIONS } from './engine/shrink-compensation';
export type { ShrinkCompensation } from './engine/shrink-compensation';
export type { TfjsTrial, TrialMetadata } from './engine/tfjs-trial';
export { HYPERPARAMETER_NAMES, HYPERPARAMETER_RANGES, OPTIMIZERS, validateHyperparameters } from './engine/hyperparameters';
export type { Hyperparameters, OptimizerName } from './engine/hyperparameters';

export { BACKENDS, backendFromEnv, selectBackend } from './backend/select-backend';
export type { BackendName, SelectBackendOptions } from './backend/select-backend';
export { registerWasmKernels, WASM_KERNELS } from './kernels/register-wasm-kernels';

export { buildModel, modelFamily, validateModelSpec } from './model/model-spec';
export type { Activation, BuiltModel, CnnSpec, MlpSpec, ModelContext, ModelFactory, ModelSpec } from './model/model-spec';
export { modelFlops } from './model/model-flops';
export type { ModelFlops } from './model/model-flops';
export { MAX_WIDTH, checkStructuralNames, isStructuralName, structuralParams, widthsIn, widthsOf } from './spec/structural-params';

export { iris } from './data/iris';
export type { IrisOptions } from './data/iris';
export { spirals } from './data/spirals';
export type { SpiralsOptions } from './data/spirals';
export { drifting } from './data/drifting';
export type { DriftingOptions } from './data/drifting';
export { bagOfWords, words } from './data/bag-of-words';
export type { BagOfWordsOptions, LabelledText } from './data/bag-of-words';
export type { Split, TaskData } from './data/task-data';

export { applyToModel, regulate, RegulateCallback } from './callback/regulate';
export type { RegulateFunction, RegulateOptions } from './callback/regulate';

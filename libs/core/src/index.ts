export { EpigenomeError, describeValue, invalidArgument } from './errors/epigenome-error';
export type { EpigenomeErrorCode, EpigenomeErrorOptions } from './errors/epigenome-error';

export { createRng } from './random/rng';
export type { Rng, RngState, Seed } from './random/rng';

export { choice, float, int, isIntegerSpec, isNumericSpec, validateSpace, width } from './space/param-spec';
export type { ChoiceSpec, ChoiceValue, Config, FloatSpec, IntSpec, NumericSpec, ParamSpec, SearchSpace, WidthSpec } from './space/param-spec';
export {
  clampConfig,
  clampValue,
  decodeConfig,
  decodeValue,
  describeSpec,
  encodeConfig,
  encodeValue,
  numericParams,
  perturbConfig,
  perturbValue,
  sampleConfig,
  sampleValue,
  validateConfig,
} from './space/search-space';
export type { PerturbOptions } from './space/search-space';

export { afterRollback, initialFeatureState, leastSquaresSlope, updateFeatures } from './features/signal-features';
export type { FeatureOptions, FeatureState, Features, Observation } from './features/signal-features';

export { LEVELS, isLevel, levelDepth } from './contracts/level';
export type { Level } from './contracts/level';
export type { Signal, SignalKind } from './contracts/signal';
export type { RegulationEvent } from './contracts/regulation-event';
export type { Adjustment, BudgetView, ExperimentSummary, LineageView, Objective, Regulator, RegulatorContext, TrialResult, TrialStatus, TrialView } from './contracts/regulator';
export type { DatasetDescriptor, TaskContext } from './contracts/task-context';
export type { InheritedMark, Mark, MarkInput, MarkRegulation } from './contracts/mark';
export type { Checkpoint, StepStats, Trial, TrainingEngine } from './contracts/training-engine';
export type { ExperimentRecord, ExperimentStatus, LineageEdge, MemoryStore, MetricPoint, PutCheckpointOptions, StoredCheckpoint, TrialRecord } from './contracts/memory-store';

export { createRegulome } from './regulome/create-regulome';
export type { Regulome, RegulomeOptions, RegulomeSnapshot, RegulationOutcome, SignalInput } from './regulome/create-regulome';

export { RENAMED_OPTIONS, checkBoolean, checkInteger, checkNumber, checkOneOf, checkOptions, checkString, describeRange } from './checks/option-checks';
export { PARAMS_ALLOWED, checkParams } from './checks/check-params';
export { checkEvery, describeEvery } from './checks/check-every';
export type { Every, EveryUnit } from './checks/check-every';
export type { NumberRange } from './checks/option-checks';
export { nearestName } from './checks/nearest-name';

export { fromFiniteJson, toFiniteJson } from './json/finite-json';

// The `@epigenome/runner/check` entry: load and check a spec (schema, engine ranges, datasets, model,
// regulators and their composition) without loading TensorFlow.js, so a command refuses a bad spec
// at once, before anything heavy loads or a store is opened. Running a spec needs the main entry.
export { checkSpec, regulatorsFromSpec } from '../check-spec';
export type { CheckSpecOptions, CheckedSpec } from '../check-spec';
export { parseExperimentSpec, experimentSpecSchema } from '../spec/experiment-spec';
export type { ExperimentSpec, ExperimentSpecInput } from '../spec/experiment-spec';
export { loadSpec } from '../spec/load-spec';
export type { LoadedSpec } from '../spec/load-spec';
export { MAX_SPEC_BYTES } from '../spec/spec-size';
export type { RegulatorPlugin } from '../registry/regulator-registry';

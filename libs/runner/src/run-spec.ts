import { createHash } from 'node:crypto';
import { EpigenomeError, type MemoryStore, type SearchSpace, type TaskContext, type TrainingEngine } from '@epigenome/core';
import { resumeExperiment, runExperiment, type ExperimentResult, type RunnerProgress } from './run-experiment';
import { checkSpec } from './check-spec';
import type { RegulatorPlugin } from './registry/regulator-registry';
import { engineFromSpec } from './spec/engine-from-spec';
import type { ExperimentSpec } from './spec/experiment-spec';

/** Options of {@link runSpec} and {@link resumeSpec}. */
export interface RunSpecOptions {
  readonly memory?: MemoryStore;
  /** Extra plugins (e.g. a TypeScript spec's `plugins` export), registered after the built-ins. */
  readonly plugins?: Readonly<Record<string, RegulatorPlugin>>;
  /** Worker threads of the engine; overrides the spec's `workers`. */
  readonly workers?: number;
  /** Makes the engine; default: TensorFlow.js from the spec's dataset and model. */
  readonly createEngine?: (spec: ExperimentSpec, options: { workers?: number }) => TrainingEngine | Promise<TrainingEngine>;
  readonly onProgress?: (progress: RunnerProgress) => void;
  readonly abortSignal?: AbortSignal;
}

export { registryWith } from './registry/registry-with';

async function prepare(input: unknown, o: RunSpecOptions) {
  // Everything checkable without a store or an engine is refused before either exists.
  const { spec, regulators, defaultConfig } = checkSpec(input, o.plugins ? { plugins: o.plugins } : {});
  const space = spec.space as SearchSpace;
  const engine = await (o.createEngine ?? engineFromSpec)(spec, o.workers === undefined ? {} : { workers: o.workers });
  // The architecture's fingerprint lets inheritance tell which earlier weights fit this model.
  const arch = createHash('sha256').update(JSON.stringify(spec.model)).digest('hex').slice(0, 16);
  const context: TaskContext = { dataset: engine.dataset, model: { family: engine.modelFamily, arch } };
  const base = {
    context,
    engine,
    space,
    regulators,
    defaultConfig,
    population: spec.population,
    budget: spec.budget,
    seed: spec.seed,
    objective: spec.objective,
    evaluateEvery: spec.evaluateEvery,
    signalEvery: spec.signalEvery,
    checkpointEvery: spec.checkpointEvery,
    name: spec.name,
    spec,
    inheritStates: spec.memory.inherit,
    writeMarks: spec.memory.writeMarks,
    ...(o.memory ? { memory: o.memory } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.abortSignal ? { abortSignal: o.abortSignal } : {}),
  };
  return { engine, base };
}

/**
 * Runs a declarative spec: validates it (errors name the path, value and what is allowed),
 * resolves its regulators from the registry, builds the engine and runs the experiment.
 */
export async function runSpec(input: unknown, options: RunSpecOptions = {}): Promise<ExperimentResult> {
  const { engine, base } = await prepare(input, options);
  try {
    return await runExperiment(base);
  } finally {
    await engine.dispose?.();
  }
}

/** Resumes an interrupted experiment from the spec stored with it. */
export async function resumeSpec(experimentId: string, options: RunSpecOptions & { memory: MemoryStore }): Promise<ExperimentResult> {
  const record = await options.memory.getExperiment(experimentId);
  if (record.spec === null || record.spec === undefined) {
    throw new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      field: 'experimentId',
      value: experimentId,
      allowed: 'an experiment started from a spec',
      message: `experiment ${experimentId} was not started from a spec, so it cannot be resumed from the command line`,
    });
  }
  const { engine, base } = await prepare(record.spec, options);
  try {
    return await resumeExperiment({ ...base, memory: options.memory, experimentId });
  } finally {
    await engine.dispose?.();
  }
}

import { createRegulome, invalidArgument, type Config, type Regulator, type SearchSpace } from '@epigenome/core';
import type { ModelSpec } from '@epigenome/engine-tfjs/spec';
import { buildRegulators, type RegulatorPlugin } from './registry/regulator-registry';
import { registryWith } from './registry/registry-with';
import { checkModelFromSpec, dataFromSpec, prefixed } from './spec/data-from-spec';
import { specDefaultConfig } from './spec/spec-default-config';
import { parseExperimentSpec, type ExperimentSpec } from './spec/experiment-spec';

/** Options of {@link checkSpec}. */
export interface CheckSpecOptions {
  /** Extra plugins (e.g. a TypeScript spec's `plugins` export), registered after the built-ins. */
  readonly plugins?: Readonly<Record<string, RegulatorPlugin>>;
}

/** What {@link checkSpec} validated: the spec with defaults, and its regulators, outermost level first. */
export interface CheckedSpec {
  readonly spec: ExperimentSpec;
  readonly regulators: readonly Regulator[];
  /** The configuration the first unseeded trial starts from: the spec's `defaultConfig`, or the engine's defaults the space admits. */
  readonly defaultConfig: Partial<Config>;
}

/** The regulators a parsed spec names, made through the registry (built-ins plus `plugins`). */
export function regulatorsFromSpec(spec: ExperimentSpec, plugins?: Readonly<Record<string, RegulatorPlugin>>): Regulator[] {
  return buildRegulators(spec.regulators, registryWith(plugins), {
    space: spec.space as SearchSpace,
    population: spec.population,
    seed: spec.seed,
    stepsPerTrial: spec.budget.steps,
    evaluateEvery: spec.evaluateEvery,
    objective: spec.objective,
  });
}

/**
 * Everything `runSpec` would refuse, refused without a store or an engine: the spec's schema
 * (unknown keys with the nearest known one, the engine's hyperparameter ranges, the 1 MB limit),
 * the dataset's and model's options as the engine checks them, every regulator resolved through
 * the registry with its options, and the composition (the regulome is built, so two regulators
 * setting one parameter at one level, duplicate names or a kind mismatch are refused). Nothing is
 * written and no trial is created; synchronous. Throws `EpigenomeError` naming the spec path.
 */
export function checkSpec(input: unknown, options: CheckSpecOptions = {}): CheckedSpec {
  const spec = parseExperimentSpec(input);
  const data = dataFromSpec(spec.dataset);
  checkModelFromSpec(spec.model);
  const batch = spec.space.batch_size;
  const samples = data.descriptor.samples;
  if (batch && batch.kind !== 'choice' && batch.max > samples) throw invalidArgument('spec.space.batch_size.max', batch.max, `≤ ${samples} (the training samples of this dataset)`);
  if (batch && batch.kind === 'choice') {
    batch.values.forEach((v, i) => {
      if (typeof v === 'number' && v > samples) throw invalidArgument(`spec.space.batch_size.values[${i}]`, v, `≤ ${samples} (the training samples of this dataset)`);
    });
  }
  const regulators = regulatorsFromSpec(spec, options.plugins);
  const space = spec.space as SearchSpace;
  const defaultConfig = spec.defaultConfig ?? specDefaultConfig(space, spec.model as unknown as ModelSpec, samples);
  prefixed('spec', () =>
    createRegulome({
      space,
      regulators,
      experimentId: 'check',
      seed: spec.seed,
      objective: spec.objective,
      defaultConfig,
      ...(spec.budget.steps !== undefined ? { budget: { stepsPerTrial: spec.budget.steps, totalSteps: spec.budget.steps * spec.population } } : {}),
    }),
  );
  return { spec, regulators, defaultConfig };
}

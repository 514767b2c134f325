import { EpigenomeError, validateSpace, type SearchSpace } from '@epigenome/core';
import { z } from 'zod';
import { epigenomeErrorFromZod } from '../validation/zod-error';
import { checkStructuralNames, type ModelSpec } from '@epigenome/engine-tfjs/spec';
import { checkEngineRanges } from './engine-ranges';
import { checkSpecSize, jsonBytes } from './spec-size';

const finite = z.number().refine(Number.isFinite, 'a finite number');

const paramSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('float'), min: finite, max: finite, log: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('int'), min: z.int(), max: z.int(), log: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('width'), min: z.int(), max: z.int(), log: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('choice'), values: z.array(z.union([z.string(), finite, z.boolean()])).min(1) }).strict(),
]);

const regulatorEntry = z
  .object({
    /** Registered plugin name, e.g. `pbt`, `hypergradient`. */
    use: z.string().min(1),
    /** Name of this instance (default: the plugin name). */
    name: z.string().min(1).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const count = z.number();

/** Dataset options by name, strict: the keys of the engine's `MnistOptions`, `IrisOptions`, `SpiralsOptions`, `DriftingOptions`. */
const datasetSpec = z.discriminatedUnion('name', [
  z.object({ name: z.literal('mnist'), train: count.optional(), validation: count.optional(), test: count.optional(), seed: count.optional() }).strict(),
  z.object({ name: z.literal('iris'), validation: count.optional(), seed: count.optional() }).strict(),
  z
    .object({ name: z.literal('spirals'), samples: count.optional(), validation: count.optional(), noise: count.optional(), turns: count.optional(), seed: count.optional() })
    .strict(),
  z
    .object({
      name: z.literal('drifting'),
      shiftAt: count.optional(),
      samples: count.optional(),
      validation: count.optional(),
      features: count.optional(),
      classes: count.optional(),
      magnitude: count.optional(),
      seed: count.optional(),
    })
    .strict(),
]);

const widths = z.array(z.int());
/** Model options by kind, strict: the keys of the engine's `MlpSpec` and `CnnSpec` (ranges are the engine's, checked by `checkSpec`). */
const modelSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mlp'), hidden: widths.optional(), activation: z.string().optional(), dropout: z.number().optional() }).strict(),
  z
    .object({
      kind: z.literal('cnn'),
      filters: widths.optional(),
      kernelSize: z.int().optional(),
      pool: z.int().optional(),
      dense: widths.optional(),
      activation: z.string().optional(),
      dropout: z.number().optional(),
    })
    .strict(),
]);

/** The zod schema of an experiment spec (JSON or a TypeScript module's default export). */
export const experimentSpecSchema = z
  .object({
    name: z.string().min(1).max(200),
    /** Labels to find the experiment by (the API's `experiments.list` filters on one). */
    tags: z.array(z.string().min(1).max(200)).max(64).optional(),
    seed: z
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
    dataset: datasetSpec,
    model: modelSpec,
    space: z
      .record(z.string().regex(/^[a-z_][a-z0-9_]*(\.[0-9]+)?$/i, "an identifier, or a layer's name such as width.0"), paramSpec)
      .refine((s) => Object.keys(s).length > 0, 'at least one hyperparameter'),
    /**
     * The configuration trial 0 (the first trial no lineage regulator seeds from a mark) starts from,
     * instead of a random draw: what you would train with untuned. Default: the engine's defaults
     * and the model's widths, for the space's hyperparameters that admit them.
     */
    defaultConfig: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
    objective: z
      .object({ metric: z.string().min(1), mode: z.enum(['max', 'min']) })
      .strict()
      .default({ metric: 'val_accuracy', mode: 'max' }),
    population: z.int().min(1).max(256).default(4),
    budget: z
      .object({ steps: z.int().min(1).optional(), epochs: z.number().positive().optional(), seconds: z.number().positive().optional(), reallocate: z.boolean().optional() })
      .strict()
      .refine((b) => (b.steps === undefined) !== (b.epochs === undefined), 'exactly one of steps or epochs'),
    evaluateEvery: z.int().min(1).default(100),
    signalEvery: z.int().min(1).default(10),
    checkpointEvery: z.int().min(0).default(1),
    workers: z.int().min(0).max(64).default(0),
    regulators: z
      .object({
        lineage: z.array(regulatorEntry).default([]),
        population: z.array(regulatorEntry).default([]),
        epoch: z.array(regulatorEntry).default([]),
        step: z.array(regulatorEntry).default([]),
      })
      .strict()
      .default({ lineage: [], population: [], epoch: [], step: [] }),
    memory: z
      .object({ inherit: z.boolean().default(true), writeMarks: z.boolean().default(true) })
      .strict()
      .default({ inherit: true, writeMarks: true }),
  })
  .strict();

/** A validated experiment spec, defaults filled in. */
export type ExperimentSpec = z.output<typeof experimentSpecSchema>;
/** An experiment spec as written (defaults optional). */
export type ExperimentSpecInput = z.input<typeof experimentSpecSchema>;

/**
 * Validates a spec; throws `EpigenomeError` (`INVALID_ARGUMENT`) whose message lists every problem
 * as `path must be <allowed>; got <value>` (an unknown key as `path is not an option; did you mean
 * "…"? (known: …)`). Refuses search-space bounds the engine refuses (`spec.space.lr.max must be ≤
 * 10; got 50`) and, with `LIMIT_EXCEEDED`, a spec whose JSON is over 1 MB.
 */
export function parseExperimentSpec(input: unknown): ExperimentSpec {
  checkSpecSize(jsonBytes(input), 'the spec');
  const parsed = experimentSpecSchema.safeParse(input);
  if (!parsed.success) throw epigenomeErrorFromZod(parsed.error, input, 'spec', experimentSpecSchema);
  try {
    validateSpace(parsed.data.space as SearchSpace);
  } catch (cause) {
    if (EpigenomeError.isInstance(cause)) {
      throw new EpigenomeError({
        code: 'INVALID_ARGUMENT',
        field: `spec.${cause.field ?? 'space'}`,
        value: cause.value,
        allowed: cause.allowed,
        message: `spec.${cause.message}`,
        cause,
      });
    }
    throw cause;
  }
  checkEngineRanges(parsed.data.space as SearchSpace);
  checkStructuralNames(Object.keys(parsed.data.space), parsed.data.model as ModelSpec, 'spec.space');
  return parsed.data;
}

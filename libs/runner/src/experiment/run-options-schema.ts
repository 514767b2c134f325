import { z } from 'zod';
import type { RunExperimentOptions } from './run-options';

const integerAtLeast = (min: number) => z.number().refine((v) => Number.isInteger(v) && v >= min, `an integer ≥ ${min}`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isFunction = (v: unknown) => typeof v === 'function';

const budgetSchema = z
  .object({
    steps: integerAtLeast(1).optional(),
    epochs: z
      .number()
      .refine((v) => v > 0 && Number.isFinite(v), 'a finite number > 0')
      .optional(),
    seconds: z
      .number()
      .refine((v) => v > 0, 'a number > 0')
      .optional(),
    reallocate: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.steps === undefined) !== (b.epochs === undefined), 'exactly one of budget.steps or budget.epochs');

/**
 * The zod schema of {@link RunExperimentOptions}, owned here and reused by the API. Objects the
 * runner only calls (`engine`, `memory`, regulators, callbacks) are checked for their shape with
 * `z.custom`; `space` is checked further by core's `validateSpace`. Defaults are not filled in
 * (the runner resolves them), so a parsed object is the caller's.
 */
export const runExperimentOptionsSchema = z
  .object({
    engine: z.custom<RunExperimentOptions['engine']>((v) => isObject(v) && isFunction(v.createTrial), 'a TrainingEngine (e.g. createTfjsEngine())'),
    space: z.custom<RunExperimentOptions['space']>((v) => isObject(v) && !Array.isArray(v), 'a search space (name → float/int/choice spec)'),
    regulators: z
      .array(
        z.custom<NonNullable<RunExperimentOptions['regulators']>[number]>(
          (v) => isObject(v) && typeof v.name === 'string' && typeof v.level === 'string',
          'a Regulator ({ specificationVersion, name, level, controls, … })',
        ),
      )
      .optional(),
    defaultConfig: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
    population: integerAtLeast(1).optional(),
    budget: z.custom<unknown>((v) => isObject(v), 'an object { steps } or { epochs }, optionally with seconds').pipe(budgetSchema),
    seed: z.number().refine(Number.isInteger, 'an integer').optional(),
    objective: z
      .object({ metric: z.string().min(1), mode: z.enum(['max', 'min']) })
      .strict()
      .optional(),
    evaluateEvery: integerAtLeast(1).optional(),
    signalEvery: integerAtLeast(1).optional(),
    checkpointEvery: integerAtLeast(0).optional(),
    memory: z.custom<NonNullable<RunExperimentOptions['memory']>>((v) => isObject(v) && isFunction(v.createExperiment), 'a MemoryStore (e.g. await openMemory())').optional(),
    inheritStates: z.boolean().optional(),
    inheritWeights: z
      .number()
      .refine((v) => v >= 0 && v <= 1, 'a number in [0, 1]')
      .optional(),
    markWeights: z.boolean().optional(),
    writeMarks: z.boolean().optional(),
    context: z.custom<NonNullable<RunExperimentOptions['context']>>((v) => isObject(v) && isObject(v.dataset), 'a TaskContext ({ dataset, model })').optional(),
    name: z.string().optional(),
    spec: z.unknown().optional(),
    onProgress: z.custom<NonNullable<RunExperimentOptions['onProgress']>>(isFunction, 'a function (progress) => void').optional(),
    abortSignal: z.custom<AbortSignal>((v) => isObject(v) && typeof v.aborted === 'boolean', 'an AbortSignal').optional(),
  })
  .strict();

/** The schema of `resumeExperiment`'s options: the run options plus the experiment to continue and a store. */
export const resumeExperimentOptionsSchema = runExperimentOptionsSchema.extend({
  experimentId: z.string().min(1),
  memory: z.custom<NonNullable<RunExperimentOptions['memory']>>((v) => isObject(v) && isFunction(v.createExperiment), 'a MemoryStore (e.g. await openMemory())'),
});

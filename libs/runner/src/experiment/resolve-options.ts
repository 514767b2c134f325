import { validateSpace, type Config, type Objective } from '@epigenome/core';
import type { z } from 'zod';
import { epigenomeErrorFromZod } from '../validation/zod-error';
import type { RunExperimentOptions } from './run-options';
import { runExperimentOptionsSchema } from './run-options-schema';

/** The numbers a run uses, defaults filled in. */
export interface ResolvedOptions {
  readonly population: number;
  readonly evaluateEvery: number;
  readonly signalEvery: number;
  readonly checkpointEvery: number;
  readonly seed: number;
  readonly objective: Objective;
  /** Fraction of the population warm-started from inherited weights. */
  readonly weightFraction: number;
}

/** Validates options with `schema` (errors name the field: `budget.steps must be an integer ≥ 1; got 0`) and resolves the defaults. */
export function resolveOptions(o: RunExperimentOptions, schema: z.ZodType = runExperimentOptionsSchema): ResolvedOptions {
  const parsed = schema.safeParse(o);
  if (!parsed.success) throw epigenomeErrorFromZod(parsed.error, o, '', schema);
  validateSpace(o.space);
  return {
    population: o.population ?? 4,
    evaluateEvery: o.evaluateEvery ?? 100,
    signalEvery: o.signalEvery ?? 10,
    checkpointEvery: o.checkpointEvery ?? 1,
    seed: o.seed ?? 0,
    objective: o.objective ?? { metric: 'val_accuracy', mode: 'max' },
    weightFraction: o.inheritWeights ?? 0.5,
  };
}

/** Steps per trial: the budget's, or its epochs converted with the first trial's `batch_size` (default 32). */
export function stepsPerTrial(o: RunExperimentOptions, firstConfig: Config): number {
  if (o.budget.steps !== undefined) return o.budget.steps;
  const batch = typeof firstConfig.batch_size === 'number' ? firstConfig.batch_size : 32;
  return Math.max(1, Math.round(((o.budget.epochs as number) * o.engine.dataset.samples) / batch));
}

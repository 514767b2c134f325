import type { ExperimentStatus, TrialStatus } from '@epigenome/core';
import { z } from 'zod';
import { finiteNumber, integer, checkJson, jsonValue, nonEmptyString, oneOf, seedInteger } from '../internal/schema-parts';
import { taskContextSchema } from './task-context-schema';

/** Experiment lifecycle states. */
export const experimentStatusSchema = oneOf(['running', 'completed', 'failed', 'interrupted'] as const satisfies readonly ExperimentStatus[]);

/** Trial lifecycle states. */
export const trialStatusSchema = oneOf(['running', 'completed', 'stopped', 'failed'] as const satisfies readonly TrialStatus[]);

/** The input of `createExperiment`: `id` optional (a UUID is generated), `spec` JSON, `seed` a safe integer. */
export const createExperimentInputSchema = z.object(
  {
    id: nonEmptyString().optional(),
    name: nonEmptyString(),
    spec: jsonValue(),
    seed: seedInteger(),
    backend: nonEmptyString(),
    context: taskContextSchema.optional(),
  },
  { error: 'an object { id?, name, spec, seed, backend, context? }' },
);

/** The patch of `updateExperiment`. */
export const updateExperimentInputSchema = z.object(
  { status: experimentStatusSchema.optional(), backend: nonEmptyString().optional(), summary: jsonValue().optional() },
  { error: 'an object { status?, summary?, backend? }' },
);

const config = z.record(z.string(), z.unknown(), { error: 'an object' }).superRefine(checkJson);

/** The input of `createTrial`: `id` unique across experiments, `config` a JSON object, `generation` default 0. */
export const createTrialInputSchema = z.object(
  {
    id: nonEmptyString(),
    experimentId: nonEmptyString(),
    config,
    seed: seedInteger(),
    parentId: nonEmptyString().optional(),
    generation: integer().optional(),
  },
  { error: 'an object { id, experimentId, config, seed, parentId?, generation? }' },
);

/** The patch of `updateTrial`. */
export const updateTrialInputSchema = z.object(
  {
    status: trialStatusSchema.optional(),
    config: config.optional(),
    step: integer().optional(),
    parentId: nonEmptyString().optional(),
    generation: integer().optional(),
    fitness: finiteNumber().optional(),
  },
  { error: 'an object { status?, config?, step?, parentId?, generation?, fitness? }' },
);

import type { MarkInput, MarkRegulation } from '@epigenome/core';
import { z } from 'zod';
import { checkJson, finiteNumber, integer, nonEmptyString, positiveNumber, unitNumber } from '../internal/schema-parts';
import { taskContextSchema } from './task-context-schema';

const configObject = z.record(z.string(), z.unknown(), { error: 'an object' });

/** A `MarkRegulation`: a config, a schedule (step → config) or a regulator's learned state; all JSON. */
export const markRegulationSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.looseObject({ kind: z.literal('config'), config: configObject }),
      z.looseObject({
        kind: z.literal('schedule'),
        points: z.array(z.object({ step: integer(), config: configObject }), { error: 'an array of { step, config }' }),
      }),
      z.looseObject({ kind: z.literal('state'), regulator: nonEmptyString(), state: z.unknown() }),
    ],
    { error: (issue) => (issue.code === 'invalid_union' ? 'one of "config", "schedule", "state"' : 'a MarkRegulation { kind: "config" | "schedule" | "state", … }') },
  )
  .superRefine(checkJson) as unknown as z.ZodType<MarkRegulation>;

/** A `MarkInput`: strength in [0, 1] (default 0.5), half-life in days > 0 (default 30). */
export const markInputSchema = z.object(
  {
    context: taskContextSchema,
    regulation: markRegulationSchema,
    fitness: finiteNumber(),
    strength: unitNumber().optional(),
    halfLifeDays: positiveNumber().optional(),
    sourceExperimentId: nonEmptyString().optional(),
    sourceTrialId: nonEmptyString().optional(),
  },
  { error: 'a MarkInput { context, regulation, fitness, … }' },
) satisfies z.ZodType<MarkInput>;

import type { TaskContext } from '@epigenome/core';
import { z } from 'zod';
import { finiteNumber, integer, nonEmptyString } from '../internal/schema-parts';

const count = () => integer(0, Number.MAX_SAFE_INTEGER);
const shapeAllowed = 'a non-empty array of positive integers';

/** A `DatasetDescriptor`: name, sample/feature/class counts (integers ≥ 0) and a non-empty input shape. */
export const datasetDescriptorSchema = z.object(
  {
    name: nonEmptyString(),
    samples: count(),
    features: count(),
    classes: count(),
    inputShape: z.array(z.number({ error: shapeAllowed }).int({ error: shapeAllowed }).positive({ error: shapeAllowed }), { error: shapeAllowed }).min(1, { error: shapeAllowed }),
  },
  { error: 'a DatasetDescriptor { name, samples, features, classes, inputShape }' },
);

/**
 * A `TaskContext` (what a mark is remembered for): `dataset`, `model` (`family` plus string or
 * finite-number descriptors) and optional `state` (finite numbers). No other key.
 */
export const taskContextSchema = z.strictObject(
  {
    dataset: datasetDescriptorSchema,
    model: z
      .object({ family: nonEmptyString() }, { error: 'an object { family, ...descriptors }' })
      .catchall(z.union([z.string(), z.number()], { error: 'a string or a finite number' })),
    state: z.record(z.string(), finiteNumber(), { error: 'a record of finite numbers' }).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'absent (a TaskContext has dataset, model, state)' : 'a TaskContext { dataset, model, state? }') },
) satisfies z.ZodType<TaskContext>;

import type { MetricPoint } from '@epigenome/core';
import { z } from 'zod';
import { finiteNumber, integer, nonEmptyString } from '../internal/schema-parts';

/** A `MetricPoint`: a finite value of metric `name` of a trial at an integer step ≥ 0. */
export const metricPointSchema = z.object(
  { trialId: nonEmptyString(), step: integer(), name: nonEmptyString(), value: finiteNumber() },
  { error: 'a MetricPoint { trialId, step, name, value }' },
) satisfies z.ZodType<MetricPoint>;

/** The argument of `appendMetrics`. */
export const metricPointsSchema = z.array(metricPointSchema, { error: 'an array of MetricPoint' });

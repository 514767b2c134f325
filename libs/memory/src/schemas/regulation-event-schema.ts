import { LEVELS, type Level, type RegulationEvent } from '@epigenome/core';
import { z } from 'zod';
import { integer, nonEmptyString, oneOf } from '../internal/schema-parts';

const levels = LEVELS as readonly Level[] as [Level, ...Level[]];
const changeValue = z.union([z.string(), z.boolean(), z.number(), z.null()], { error: 'a string, a boolean, a finite number or null' });

/** A `RegulationEvent`: one effective change made by regulation (step an integer ≥ 0). */
export const regulationEventSchema = z.object(
  {
    experimentId: nonEmptyString(),
    trialId: nonEmptyString(),
    step: integer(),
    level: oneOf(levels),
    regulator: nonEmptyString(),
    kind: oneOf(['change', 'exploit', 'rollback', 'stop']),
    param: nonEmptyString(),
    from: changeValue,
    to: changeValue,
    // Any string, the empty one included.
    reason: z.string({ error: 'a string' }),
  },
  { error: 'a RegulationEvent' },
) satisfies z.ZodType<RegulationEvent>;

/** The argument of `appendEvents`. */
export const regulationEventsSchema = z.array(regulationEventSchema, { error: 'an array of RegulationEvent' });

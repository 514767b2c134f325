import type { StoredCheckpoint } from '@epigenome/core';
import { z } from 'zod';
import { integer, nonEmptyString } from '../internal/schema-parts';

/** A checkpoint to store: a trial's state at an integer step ≥ 0, as bytes. */
export const checkpointInputSchema = z.object(
  { trialId: nonEmptyString(), step: integer(), bytes: z.instanceof(Uint8Array, { error: 'a Uint8Array' }) },
  { error: 'a StoredCheckpoint { trialId, step, bytes }' },
) satisfies z.ZodType<StoredCheckpoint>;

/** The options of `putCheckpoint`: steps of the trial kept besides the newest `keepCheckpoints`. */
export const putCheckpointOptionsSchema = z.object({ retain: z.array(integer(), { error: 'an array of integer steps' }).optional() }, { error: 'an object { retain? }' });

import type { LineageEdge } from '@epigenome/core';
import { z } from 'zod';
import { integer, nonEmptyString } from '../internal/schema-parts';

/** A `LineageEdge`: `childId` took over `parentId`'s state at `step` (integer ≥ 0). */
export const lineageEdgeSchema = z.object(
  { experimentId: nonEmptyString(), childId: nonEmptyString(), parentId: nonEmptyString(), step: integer() },
  { error: 'a LineageEdge { experimentId, childId, parentId, step }' },
) satisfies z.ZodType<LineageEdge>;

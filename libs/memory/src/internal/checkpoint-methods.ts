import { EpigenomeError } from '@epigenome/core';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Memory } from '../memory';
import { checkpoints } from '../schema';
import { checkpointInputSchema, putCheckpointOptionsSchema } from '../schemas/checkpoint-input-schema';
import { integer } from './schema-parts';
import { parseId, parseInput } from './parse-input';
import type { StoreContext } from './store-context';
import type { StoreHousekeeping } from './store-housekeeping';

/** Limits of the checkpoint store. */
export interface CheckpointLimits {
  /** Largest checkpoint accepted, in bytes. */
  readonly maxCheckpointBytes: number;
  /** Checkpoints kept per trial by the retention rule. */
  readonly keep: number;
}

const stepSchema = integer();

/** Checkpoints: put (with the retention rule in the same transaction), get, prune. */
export function checkpointMethods(
  store: StoreContext,
  limits: CheckpointLimits,
  housekeeping: StoreHousekeeping,
): Pick<Memory, 'putCheckpoint' | 'getCheckpoint' | 'pruneCheckpoints'> {
  const { db, now } = store;
  const { maxCheckpointBytes, keep } = limits;

  const retention = (scope: SQL) => sql`
    delete from checkpoints c
    where ${scope}
      and c.step < (select min(k.step) from (select c1.step from checkpoints c1 where c1.trial_id = c.trial_id order by c1.step desc limit ${keep}) k)
      and not exists (
        select 1 from lineage l join trials ch on ch.id = l.child_id
        where l.parent_id = c.trial_id and ch.status = 'running'
          and c.step = (select max(c2.step) from checkpoints c2 where c2.trial_id = c.trial_id and c2.step <= l.step)
          and not exists (select 1 from checkpoints c3 where c3.trial_id = l.child_id and c3.created_at >= l.created_at))`;

  return {
    async putCheckpoint(checkpoint, options = {}) {
      parseInput(checkpointInputSchema, checkpoint, 'checkpoint');
      const retain = parseInput(putCheckpointOptionsSchema, options, 'options').retain ?? [];
      const size = checkpoint.bytes.byteLength;
      if (size > maxCheckpointBytes) {
        throw new EpigenomeError({
          code: 'LIMIT_EXCEEDED',
          message: `checkpoint.bytes must be at most ${maxCheckpointBytes} bytes (maxCheckpointBytes); got ${size} bytes`,
          field: 'checkpoint.bytes',
          value: size,
          allowed: `at most ${maxCheckpointBytes} bytes`,
        });
      }
      await store.requireTrials([checkpoint.trialId], 'checkpoint.trialId');
      const t = now();
      const kept = retain.length === 0 ? sql`true` : sql`not (c.trial_id = ${checkpoint.trialId} and c.step = any(${`{${retain.join(',')}}`}::int[]))`;
      const deleted = await db.transaction(async (tx) => {
        await tx
          .insert(checkpoints)
          .values({ trialId: checkpoint.trialId, step: checkpoint.step, size, bytes: checkpoint.bytes, createdAt: t })
          .onConflictDoUpdate({ target: [checkpoints.trialId, checkpoints.step], set: { size, bytes: checkpoint.bytes, createdAt: t } });
        // This trial's old checkpoints, and those of the trials it exploited (now possibly unneeded).
        const scope = sql`(c.trial_id = ${checkpoint.trialId} or c.trial_id in (select l.parent_id from lineage l where l.child_id = ${checkpoint.trialId})) and ${kept}`;
        const result = (await tx.execute(sql`with d as (${retention(scope)} returning c.size) select coalesce(sum(size), 0)::float8 as bytes from d`)) as unknown as {
          rows: { bytes: number | string }[];
        };
        return Number(result.rows[0]?.bytes ?? 0);
      });
      if (deleted > 0) await housekeeping.deleted(deleted);
    },

    async getCheckpoint(trialId, step) {
      parseId('trialId', trialId);
      if (step !== undefined) parseInput(stepSchema, step, 'step');
      const [row] = await db
        .select({ trialId: checkpoints.trialId, step: checkpoints.step, bytes: checkpoints.bytes })
        .from(checkpoints)
        .where(step === undefined ? eq(checkpoints.trialId, trialId) : and(eq(checkpoints.trialId, trialId), eq(checkpoints.step, step)))
        .orderBy(desc(checkpoints.step))
        .limit(1);
      return row;
    },

    async pruneCheckpoints() {
      const result = (await db.execute(
        sql`with d as (${retention(sql`true`)} returning c.size) select count(*)::int as n, coalesce(sum(size), 0)::float8 as bytes from d`,
      )) as unknown as { rows: { n: number | string; bytes: number | string }[] };
      const bytes = Number(result.rows[0]?.bytes ?? 0);
      if (bytes > 0) await housekeeping.deleted(bytes);
      return Number(result.rows[0]?.n ?? 0);
    },
  };
}

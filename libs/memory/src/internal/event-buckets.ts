import type { Level } from '@epigenome/core';
import { LEVELS } from '@epigenome/core';
import { z } from 'zod';
import type { Executor } from './database';
import { parseInput } from './parse-input';
import { idString, integer } from './schema-parts';

/** Options of `DashboardQueries.eventBuckets`. */
export interface EventBucketsOptions {
  readonly experimentId: string;
  /** Hyperparameters (`RegulationEvent.param`) to count; all when absent. */
  readonly params?: readonly string[];
  /** Step range, inclusive; the whole run when absent. */
  readonly fromStep?: number;
  readonly toStep?: number;
  /** Step buckets at most, 1..2000; default 200. */
  readonly buckets?: number;
}

/** The events of one level in one step bucket. */
export interface EventBucket {
  readonly level: Level;
  /** First and last step of the bucket (inclusive). */
  readonly fromStep: number;
  readonly toStep: number;
  /** Events in it. */
  readonly n: number;
  /** Of which exploits (`kind: 'exploit'`). */
  readonly exploits: number;
  /** Distinct trials they touched. */
  readonly trials: number;
}

/** An experiment's regulation events counted per step bucket and level (swim lane). */
export interface EventBuckets {
  /** Events in the range. */
  readonly total: number;
  /** Steps per bucket (≥ 1). */
  readonly width: number;
  /** Non-empty buckets, by step then level (lineage, population, epoch, step). */
  readonly buckets: EventBucket[];
}

const list = <T extends z.ZodType>(item: T) => z.array(item).max(64, { error: 'at most 64 items' });
const optionsSchema = z
  .object({
    experimentId: idString,
    params: list(idString).optional(),
    fromStep: integer().optional(),
    toStep: integer().optional(),
    buckets: integer(1, 2000).default(200),
  })
  .strict();

const order = (level: string) => (LEVELS as readonly string[]).indexOf(level);

/**
 * Regulation events counted per (step bucket, level) in SQL: the timeline of 20,000 events as a
 * few hundred cells. The bucket width is the step range over `buckets`, rounded up.
 */
export async function eventBuckets(db: Executor, input: EventBucketsOptions): Promise<EventBuckets> {
  const o = parseInput(optionsSchema, input, '');
  const where = ['experiment_id = $1'];
  const args: unknown[] = [o.experimentId];
  if (o.params !== undefined) where.push(`param = any($${args.push(o.params)}::text[])`);
  if (o.fromStep !== undefined) where.push(`step >= $${args.push(o.fromStep)}`);
  if (o.toStep !== undefined) where.push(`step <= $${args.push(o.toStep)}`);
  const filter = where.join(' and ');
  const [range] = await db.query<{ lo: number | null; hi: number | null; n: number | string }>(
    `select min(step) as lo, max(step) as hi, count(*) as n from regulation_events where ${filter}`,
    args,
  );
  if (!range || range.lo === null || range.hi === null) return { total: 0, width: 1, buckets: [] };
  const lo = o.fromStep ?? Number(range.lo);
  const hi = Math.max(lo, o.toStep ?? Number(range.hi));
  const width = Math.max(1, Math.ceil((hi - lo + 1) / o.buckets));
  const rows = await db.query<{ level: Level; b: number; n: number | string; exploits: number | string; trials: number | string }>(
    `select level, (step - $${args.length + 1}) / $${args.length + 2} as b, count(*) as n, count(*) filter (where kind = 'exploit') as exploits, count(distinct trial_id) as trials
     from regulation_events where ${filter} group by 1, 2`,
    [...args, lo, width],
  );
  const buckets = rows
    .map((r) => {
      const b = Number(r.b);
      return { level: r.level, fromStep: lo + b * width, toStep: lo + (b + 1) * width - 1, n: Number(r.n), exploits: Number(r.exploits), trials: Number(r.trials) };
    })
    .sort((a, b) => a.fromStep - b.fromStep || order(a.level) - order(b.level));
  return { total: Number(range.n), width, buckets };
}

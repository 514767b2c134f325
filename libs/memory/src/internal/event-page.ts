import type { Level } from '@epigenome/core';
import { LEVELS } from '@epigenome/core';
import { z } from 'zod';
import type { StoredEvent } from '../dashboard-queries';
import type { Executor } from './database';
import { parseInput } from './parse-input';
import { toStoredEvent } from './records';
import { idString, integer, oneOf } from './schema-parts';

/** Options of `DashboardQueries.eventPage`. */
export interface EventPageOptions {
  readonly experimentId: string;
  readonly levels?: readonly Level[];
  /** Regulator names (`RegulationEvent.regulator`). */
  readonly regulators?: readonly string[];
  /** Hyperparameters (`RegulationEvent.param`). */
  readonly params?: readonly string[];
  readonly trialId?: string;
  /** Step range, inclusive. */
  readonly fromStep?: number;
  readonly toStep?: number;
  /** Only events with an id above this one (the `nextAfterId` of the previous page). */
  readonly afterId?: number;
  /** 1..500; default 100. */
  readonly limit?: number;
}

const text = z
  .string({ error: 'a non-empty string of at most 200 characters' })
  .min(1, { error: 'a non-empty string of at most 200 characters' })
  .max(200, { error: 'a non-empty string of at most 200 characters' });
const list = <T extends z.ZodType>(item: T) => z.array(item).max(64, { error: 'at most 64 items' });
const optionsSchema = z
  .object({
    experimentId: idString,
    levels: list(oneOf(LEVELS as readonly Level[] as [Level, ...Level[]])).optional(),
    regulators: list(text).optional(),
    params: list(text).optional(),
    trialId: text.optional(),
    fromStep: integer().optional(),
    toStep: integer().optional(),
    afterId: integer(0, Number.MAX_SAFE_INTEGER).optional(),
    limit: integer(1, 500).default(100),
  })
  .strict();

// Named as drizzle names them, so one mapper reads both.
const COLUMNS = `id, experiment_id as "experimentId", trial_id as "trialId", step, level, regulator, kind, param, from_value as "from", to_value as "to", reason, created_at as "createdAt"`;

/**
 * Regulation events of an experiment in id order (the order they were written), filtered in SQL,
 * one page at a time: pass the last id of a page as `afterId` to read the next. Ids only grow, so
 * a page boundary stays put while events are appended. The experiment's existence is the caller's.
 */
export async function eventPage(db: Executor, input: EventPageOptions): Promise<{ items: StoredEvent[]; nextAfterId: number | undefined }> {
  const o = parseInput(optionsSchema, input, '');
  const params: unknown[] = [o.experimentId];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = ['experiment_id = $1'];
  if (o.levels !== undefined) where.push(`level = any(${p(o.levels)}::text[])`);
  if (o.regulators !== undefined) where.push(`regulator = any(${p(o.regulators)}::text[])`);
  if (o.params !== undefined) where.push(`param = any(${p(o.params)}::text[])`);
  if (o.trialId !== undefined) where.push(`trial_id = ${p(o.trialId)}`);
  if (o.fromStep !== undefined) where.push(`step >= ${p(o.fromStep)}::int`);
  if (o.toStep !== undefined) where.push(`step <= ${p(o.toStep)}::int`);
  if (o.afterId !== undefined) where.push(`id > ${p(o.afterId)}::bigint`);
  const rows = await db.query<Parameters<typeof toStoredEvent>[0]>(
    `select ${COLUMNS} from regulation_events where ${where.join(' and ')} order by id limit ${p(o.limit + 1)}::int`,
    params,
  );
  const items = rows.slice(0, o.limit).map(toStoredEvent);
  return { items, nextAfterId: rows.length > o.limit ? items[items.length - 1]?.id : undefined };
}

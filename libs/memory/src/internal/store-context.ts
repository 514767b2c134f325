import { eq } from 'drizzle-orm';
import { experiments } from '../schema';
import type { Database, MemoryDrizzle } from './database';
import { notFound } from './not-found';
import { parseId } from './parse-input';

/** What the store's method groups share: the database, the clock and the known-trial cache. */
export interface StoreContext {
  readonly database: Database;
  readonly db: MemoryDrizzle;
  readonly now: () => number;
  /** Trial ids known to exist (trials are never deleted by the store). */
  readonly knownTrials: Set<string>;
  /** NOT_FOUND (naming `field`) unless the experiment exists. */
  requireExperiment(id: string, field?: string): Promise<void>;
  /** NOT_FOUND (naming `field` and the first missing id) unless every trial exists. */
  requireTrials(ids: readonly string[], field: string): Promise<void>;
}

export function createStoreContext(database: Database, now: () => number): StoreContext {
  const { db } = database;
  const knownTrials = new Set<string>();
  return {
    database,
    db,
    now,
    knownTrials,
    async requireExperiment(id, field = 'experimentId') {
      parseId(field, id);
      const rows = await db.select({ id: experiments.id }).from(experiments).where(eq(experiments.id, id));
      if (rows.length === 0) throw notFound(field, id, 'experiment');
    },
    async requireTrials(ids, field) {
      const unknown = [...new Set(ids)].filter((id) => !knownTrials.has(id));
      if (unknown.length === 0) return;
      const rows = await database.query<{ id: string }>('select id from trials where id = any($1::text[])', [unknown]);
      for (const r of rows) knownTrials.add(r.id);
      const missing = unknown.find((id) => !knownTrials.has(id));
      if (missing !== undefined) throw notFound(field, missing, 'trial');
    },
  };
}

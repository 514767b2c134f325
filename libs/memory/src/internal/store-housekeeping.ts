import type { Database } from './database';

/** Checkpoint bytes deleted by retention after which the table is vacuumed (PGlite has no autovacuum). */
export const VACUUM_AFTER_BYTES = 16 * 1024 * 1024;

/** Keeps an embedded store small: reuses the space of deleted checkpoints, trims the WAL at close. */
export interface StoreHousekeeping {
  /** Called after retention deleted checkpoints totalling `bytes`. */
  deleted(bytes: number): Promise<void>;
  /** Called before the database closes. */
  beforeClose(): Promise<void>;
}

/**
 * Housekeeping of a PGlite store this process owns (a no-op elsewhere: a PostgreSQL server runs
 * autovacuum and manages its WAL). Deleted checkpoints leave dead TOAST pages that only VACUUM
 * makes reusable; at close a CHECKPOINT lets PostgreSQL recycle the WAL down to `min_wal_size`.
 */
export function createStoreHousekeeping(database: Database): StoreHousekeeping {
  let dead = 0;
  const vacuum = async () => {
    dead = 0;
    await database.query('vacuum checkpoints');
  };
  if (database.embeddedDir === undefined) return { deleted: async () => undefined, beforeClose: async () => undefined };
  return {
    async deleted(bytes) {
      dead += bytes;
      if (dead >= VACUUM_AFTER_BYTES) await vacuum();
    },
    async beforeClose() {
      if (dead > 0) await vacuum();
      await database.query('checkpoint');
    },
  };
}

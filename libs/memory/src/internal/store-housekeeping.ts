import type { Database } from './database';

/** Keeps an embedded store small: reuses the space of deleted checkpoints, trims the WAL at close. */
export interface StoreHousekeeping {
  /** Called after retention deleted checkpoints totalling `bytes`. */
  deleted(bytes: number): Promise<void>;
  /** Called before the database closes. */
  beforeClose(): Promise<void>;
}

/**
 * Housekeeping of a PGlite store this process owns (a no-op elsewhere: a PostgreSQL server runs
 * autovacuum and manages its WAL). PGlite has no autovacuum: the pages of deleted checkpoints
 * stay dead, and the table grows by every checkpoint ever put, until VACUUM makes them reusable
 * — so it runs after every retention delete (measured: a few ms, as only the dead pages are
 * visited). At close a CHECKPOINT lets PostgreSQL recycle the WAL down to `min_wal_size`.
 */
export function createStoreHousekeeping(database: Database): StoreHousekeeping {
  if (database.embeddedDir === undefined) return { deleted: async () => undefined, beforeClose: async () => undefined };
  return {
    async deleted(bytes) {
      if (bytes > 0) await database.query('vacuum checkpoints');
    },
    async beforeClose() {
      await database.query('checkpoint');
    },
  };
}

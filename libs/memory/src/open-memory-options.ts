import type { PGlite } from '@electric-sql/pglite';
import type { PgPoolLike } from './pg-pool-like';

/** Options of {@link openMemory}. The driver is chosen by the first that applies: `url`, `client`, `db`, `inMemory`/`dir`, env `DATABASE_URL`, else PGlite in `.epigenome/db`. */
export interface OpenMemoryOptions {
  /** PostgreSQL connection string; opens a `pg` pool (the optional peer `pg` must be installed). */
  url?: string;
  /**
   * Where `url` came from, named in its errors (e.g. `DATABASE_URL`, `--database-url`). Default
   * `url`, or `DATABASE_URL` when the URL was read from the environment.
   */
  source?: string;
  /** A caller's client: a `PGlite` instance or a `pg` `Pool` (any object of {@link PgPoolLike}'s shape). Migrated on open; `close()` leaves it open. */
  client?: PGlite | PgPoolLike;
  /** A caller's drizzle database (from `drizzle-orm/pglite` or `drizzle-orm/node-postgres`); its `$client` is used as `client`. */
  db?: { $client: unknown };
  /** PGlite data folder, relative to the working directory. Default `.epigenome/db`. One process at a time per folder: a lock file `<dir>.lock` beside it names the owner; another process gets `CONFLICT`. */
  dir?: string;
  /** PGlite in memory (nothing on disk): for tests and throwaway runs. Default `false`. */
  inMemory?: boolean;
  /** Read `DATABASE_URL` from here when no driver option is given. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Apply the bundled migrations on open. Default `true`. */
  migrate?: boolean;
  /** Connections of the `pg` pool opened for `url`. Default 4. */
  poolSize?: number;
  /** Metrics writer: flush when `batchSize` points (default 5000) are buffered or `flushIntervalMs` (default 1000 ms; 0 = only by size and `flush()`) after the first buffered point. */
  metrics?: { batchSize?: number; flushIntervalMs?: number };
  /** Largest checkpoint accepted, in bytes. Default 268,435,456 (256 MiB). */
  maxCheckpointBytes?: number;
  /** Checkpoints kept per trial by the retention rule (see README), ≥ 1. Default 2. */
  keepCheckpoints?: number;
  /** Marks whose strength falls below this (by `weaken`) are erased, in [0, 1). Default 0.05. */
  markFloor?: number;
  /** Clock in ms since the epoch (decay, timestamps). Default `Date.now`. */
  now?: () => number;
}

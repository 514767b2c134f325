import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { PgPoolLike } from '../pg-pool-like';
import type { memorySchema } from '../schema';

/** Raw parameterised SQL on either driver (`$1`, `$2`, … placeholders). */
export interface Executor {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

/** The drizzle database the store works on, whichever the driver. */
export type MemoryDrizzle = PgDatabase<PgQueryResultHKT, typeof memorySchema>;

/** One opened database: drizzle for typed queries, raw SQL for the hot paths. */
export interface Database extends Executor {
  readonly kind: 'pglite' | 'postgres';
  readonly db: MemoryDrizzle;
  /** The folder of a PGlite store this process opened and owns (its housekeeping is ours); else undefined. */
  readonly embeddedDir: string | undefined;
  /** Runs `fn` in one transaction: all or nothing. */
  transaction<R>(fn: (tx: Executor) => Promise<R>): Promise<R>;
  /** Closes the client when the store opened it; leaves a caller's client open. */
  close(): Promise<void>;
}

export function pgliteDatabase(client: PGlite, db: MemoryDrizzle, owned: boolean, embedded?: { dir: string; release: () => void }): Database {
  return {
    kind: 'pglite',
    db,
    embeddedDir: embedded?.dir,
    async query<T>(text: string, params?: readonly unknown[]) {
      const result = await client.query<T>(text, params as unknown[] | undefined);
      return result.rows;
    },
    transaction(fn) {
      return client.transaction((tx) =>
        fn({
          async query<T>(text: string, params?: readonly unknown[]) {
            return (await tx.query<T>(text, params as unknown[] | undefined)).rows;
          },
        }),
      );
    },
    async close() {
      try {
        if (owned && !client.closed) await client.close();
      } finally {
        embedded?.release();
      }
    },
  };
}

export function postgresDatabase(pool: PgPoolLike, db: MemoryDrizzle, owned: boolean): Database {
  return {
    kind: 'postgres',
    db,
    embeddedDir: undefined,
    async query<T>(text: string, params?: readonly unknown[]) {
      const result = await pool.query(text, params as unknown[] | undefined);
      return result.rows as T[];
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const out = await fn({
          async query<T>(text: string, params?: readonly unknown[]) {
            return (await client.query(text, params as unknown[] | undefined)).rows as T[];
          },
        });
        await client.query('commit');
        return out;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      if (owned) await pool.end();
    },
  };
}

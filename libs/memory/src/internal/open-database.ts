import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { EpigenomeError } from '@epigenome/core';
import type { OpenMemoryOptions } from '../open-memory-options';
import type { PgPoolClientLike, PgPoolLike } from '../pg-pool-like';
import { memorySchema } from '../schema';
import { checkStoreTables } from './check-store';
import { pgliteDatabase, postgresDatabase, type Database, type Executor, type MemoryDrizzle } from './database';
import { findMigrationsFolder } from './migrations-folder';
import { schemaIsCurrent } from './schema-is-current';
import { openFailure, openPglite, reasonOf } from './open-pglite';
import { redactUrl } from '../redact-url';
import { hostPortOf, parsePostgresUrl } from './postgres-url';

const MIGRATION_LOCK = 7_213_004_411;

/** How long a new PostgreSQL connection may take before the open fails, ms. */
const CONNECT_TIMEOUT_MS = 5000;

function isPgPool(client: unknown): client is PgPoolLike {
  return typeof client === 'object' && client !== null && typeof (client as PgPoolLike).connect === 'function' && 'totalCount' in client;
}

async function loadPg(): Promise<typeof import('pg')> {
  try {
    const mod = (await import('pg')) as typeof import('pg') & { default?: typeof import('pg') };
    return mod.default ?? mod;
  } catch (cause) {
    throw new EpigenomeError({
      code: 'STORE_FAILURE',
      message: 'a PostgreSQL url needs the optional peer dependency "pg": npm install pg',
      field: 'url',
      allowed: 'pg installed',
      cause,
    });
  }
}

/** Raw SQL on one held connection (a pool of one connection would wait forever for a second). */
function connectionOf(client: PgPoolClientLike): Executor {
  return { query: async <T>(text: string, params?: readonly unknown[]) => (await client.query(text, params as unknown[] | undefined)).rows as T[] };
}

async function openPostgres(options: OpenMemoryOptions, url: string | undefined, client: PgPoolLike | undefined, source: string): Promise<Database> {
  let pool: PgPoolLike;
  let where = 'the given pool';
  if (client) pool = client;
  else {
    const parsed = parsePostgresUrl(url, source);
    where = `${hostPortOf(parsed)} (from ${source})`;
    pool = new (await loadPg()).Pool({ connectionString: url, max: options.poolSize ?? 4, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
  }
  const secret =
    url === undefined
      ? ''
      : (() => {
          try {
            return decodeURIComponent(new URL(url).password);
          } catch {
            return '';
          }
        })();
  const redact = (text: string) => (secret ? text.split(secret).join('***') : text);
  const fail = async (what: string, error: unknown): Promise<never> => {
    if (!client) await pool.end().catch(() => undefined);
    throw new EpigenomeError({
      code: 'STORE_FAILURE',
      message: redact(`${what} PostgreSQL at ${where}: ${reasonOf(error) || (error as { code?: string })?.code || 'unknown error'}`),
      field: source,
      value: url === undefined ? undefined : redactUrl(url),
      cause: error,
    });
  };
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const db = drizzle({ client: pool as never, schema: memorySchema }) as unknown as MemoryDrizzle;
  const database = postgresDatabase(pool, db, !client);
  let lock: PgPoolClientLike;
  try {
    lock = await pool.connect();
  } catch (error) {
    return fail('cannot connect to', error);
  }
  try {
    if (options.migrate !== false && !(await schemaIsCurrent(connectionOf(lock), findMigrationsFolder()))) {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      // Two processes opening one database at once must not both migrate.
      await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(db as never, { migrationsFolder: findMigrationsFolder() });
      } finally {
        await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      }
    }
  } catch (error) {
    lock.release();
    return fail('cannot migrate the store on', error);
  }
  lock.release();
  return database;
}

/** Applies the bundled migrations to a PGlite store unless `migrate: false` or its schema is already current. */
async function migrateEmbedded(options: OpenMemoryOptions, database: Database): Promise<void> {
  if (options.migrate === false) return;
  const migrationsFolder = findMigrationsFolder();
  if (await schemaIsCurrent(database, migrationsFolder)) return;
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  await migrate(database.db as never, { migrationsFolder });
}

async function openEmbedded(options: OpenMemoryOptions, client: PGlite | undefined): Promise<Database> {
  const { drizzle } = await import('drizzle-orm/pglite');
  if (client || options.inMemory) {
    const pglite = client ?? (await (await import('@electric-sql/pglite')).PGlite.create());
    const db = drizzle({ client: pglite, schema: memorySchema }) as unknown as MemoryDrizzle;
    const database = pgliteDatabase(pglite, db, !client);
    await migrateEmbedded(options, database);
    return database;
  }
  const dir = resolve(options.dir ?? '.epigenome/db');
  const { client: pglite, lock } = await openPglite(dir);
  const db = drizzle({ client: pglite, schema: memorySchema }) as unknown as MemoryDrizzle;
  const database = pgliteDatabase(pglite, db, true, { dir, release: lock.release });
  try {
    await migrateEmbedded(options, database);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw openFailure(dir, `its schema could not be migrated (${reasonOf(error)})`, error);
  }
  try {
    await checkStoreTables(database);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw openFailure(dir, `a table file is damaged (${reasonOf(error)})`, error);
  }
  return database;
}

/** Opens the database `options` name (see `OpenMemoryOptions`), migrated unless `migrate: false`. */
export async function openDatabase(options: OpenMemoryOptions): Promise<Database> {
  const env = options.env ?? process.env;
  const fromEnv = options.url === undefined && !(options.client || options.db || options.dir || options.inMemory) && Boolean(env.DATABASE_URL);
  const url = options.url ?? (fromEnv ? env.DATABASE_URL : undefined);
  const source = options.source ?? (fromEnv ? 'DATABASE_URL' : 'url');
  const client = options.client ?? (options.db?.$client as PGlite | PgPoolLike | undefined);
  if (client && isPgPool(client)) return openPostgres(options, undefined, client, source);
  if (url !== undefined) return openPostgres(options, url, undefined, source);
  return openEmbedded(options, client as PGlite | undefined);
}

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { EpigenomeError } from '@epigenome/core';
import type { Pool } from 'pg';
import type { OpenMemoryOptions } from '../open-memory-options';
import { memorySchema } from '../schema';
import { pgliteDatabase, postgresDatabase, type Database, type MemoryDrizzle } from './database';
import { findMigrationsFolder } from './migrations-folder';
import { parseInput } from './parse-input';
import { nonEmptyString } from './schema-parts';

const MIGRATION_LOCK = 7_213_004_411;

function isPgPool(client: unknown): client is Pool {
  return typeof client === 'object' && client !== null && typeof (client as Pool).connect === 'function' && 'totalCount' in client;
}

async function loadPg(): Promise<typeof import('pg')> {
  try {
    const mod = (await import('pg')) as typeof import('pg') & { default?: typeof import('pg') };
    return mod.default ?? mod;
  } catch (cause) {
    throw new EpigenomeError({ code: 'STORE_FAILURE', message: 'a PostgreSQL url needs the optional peer dependency "pg": npm install pg', field: 'url', allowed: 'pg installed', cause });
  }
}

export async function openDatabase(options: OpenMemoryOptions): Promise<Database> {
  const env = options.env ?? process.env;
  const url = options.url ?? (options.client || options.db || options.dir || options.inMemory ? undefined : env.DATABASE_URL || undefined);
  const client = options.client ?? (options.db?.$client as PGlite | Pool | undefined);
  if (url !== undefined || (client && isPgPool(client))) {
    let pool: Pool;
    if (client && isPgPool(client)) pool = client;
    else {
      pool = new (await loadPg()).Pool({ connectionString: parseInput(nonEmptyString(), url, 'url'), max: options.poolSize ?? 4 });
      // An idle connection dropped by the server must not crash the process; the next query reconnects.
      pool.on('error', () => undefined);
    }
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const db = drizzle({ client: pool, schema: memorySchema }) as unknown as MemoryDrizzle;
    const database = postgresDatabase(pool, db, !client);
    if (options.migrate !== false) {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      const lock = await pool.connect();
      try {
        // Two processes opening one database at once must not both migrate.
        await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migrate(db as never, { migrationsFolder: findMigrationsFolder() });
      } finally {
        await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
        lock.release();
      }
    }
    return database;
  }
  let pglite = client as PGlite | undefined;
  if (!pglite) {
    const { PGlite } = await import('@electric-sql/pglite');
    if (options.inMemory) pglite = await PGlite.create();
    else {
      const dir = resolve(options.dir ?? '.epigenome/db');
      mkdirSync(dir, { recursive: true });
      pglite = await PGlite.create({ dataDir: dir });
    }
  }
  const { drizzle } = await import('drizzle-orm/pglite');
  const db = drizzle({ client: pglite, schema: memorySchema }) as unknown as MemoryDrizzle;
  if (options.migrate !== false) {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(db as never, { migrationsFolder: findMigrationsFolder() });
  }
  return pgliteDatabase(pglite, db, !client);
}


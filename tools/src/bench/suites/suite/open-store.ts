// The memory stores of the suite's memory arms: one per task per seed, so an arm inherits from
// exactly the earlier experiment it is meant to.
import type { MemoryStore } from '@epigenome/core';
import { openMemory } from '@epigenome/memory';
import pg from 'pg';

/**
 * An empty store: with `SUITE_DATABASE_URL` (a PostgreSQL server URL, e.g. postgres://postgres@127.0.0.1:5432/test)
 * a fresh database on that server, dropped on close (opening 40 embedded PGlite instances, 5 seeds
 * × 8 tasks, took minutes of CPU and ~140 MB each); otherwise an in-memory PGlite.
 */
export async function openStore(name: string): Promise<{ store: MemoryStore; close: () => Promise<void> }> {
  const base = process.env.SUITE_DATABASE_URL;
  if (!base) {
    const store = await openMemory({ inMemory: true });
    return { store, close: () => store.close() };
  }
  const db = `suite_${process.pid}_${name}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${db}`);
  await admin(`CREATE DATABASE ${db}`);
  const url = new URL(base);
  url.pathname = `/${db}`;
  // two connections: the migration needs a second one while it holds the first
  const store = await openMemory({ url: url.toString(), poolSize: 2 });
  return {
    store,
    close: async () => {
      await store.close();
      await admin(`DROP DATABASE IF EXISTS ${db}`);
    },
  };
}

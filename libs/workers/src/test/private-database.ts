// A private PostgreSQL database per test file, dropped after (DATABASE_URL, default the project's
// server on 127.0.0.1:5432).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Creates a database of its own: its url and a function dropping it. */
export async function createPrivateDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `epigenome_workers_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

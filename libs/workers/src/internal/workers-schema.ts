import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EpigenomeError } from '@epigenome/core';
import { migrationsFolder } from '@epigenome/memory';
import type pg from 'pg';

/** Version of the scale-out tables (schema `epigenome_workers`) this package reads and writes. */
export const WORKERS_SCHEMA_VERSION = '1';

const SCHEMA_LOCK = 7_213_004_412;

const DDL = `
create schema if not exists epigenome_workers;
create table if not exists epigenome_workers.meta (key text primary key, value text not null);
create table if not exists epigenome_workers.workers (
  id text primary key, host text not null, pid integer not null, backend text not null, cores integer not null,
  throughput double precision not null default 0, segments integer not null default 0, current_job uuid,
  started_at timestamptz not null default now(), seen_at timestamptz not null default now(), stopped_at timestamptz
);
create table if not exists epigenome_workers.blobs (id text primary key, owner text not null, bytes bytea not null, created_at timestamptz not null default now());
create index if not exists blobs_owner on epigenome_workers.blobs (owner);
create table if not exists epigenome_workers.results (
  job_id uuid primary key, owner text not null, trial text not null, output jsonb not null, worker_id text not null, created_at timestamptz not null default now()
);
create index if not exists results_owner on epigenome_workers.results (owner);
insert into epigenome_workers.meta (key, value) values ('version', '${WORKERS_SCHEMA_VERSION}') on conflict (key) do nothing;
`;

/**
 * Creates the scale-out tables when absent (under an advisory lock: many processes start at once)
 * and refuses tables of another version with `CONFLICT`, saying how to recreate them.
 */
export async function ensureWorkersSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    try {
      await client.query(DDL);
      const { rows } = await client.query<{ value: string }>(`select value from epigenome_workers.meta where key = 'version'`);
      const found = rows[0]?.value;
      if (found !== WORKERS_SCHEMA_VERSION) {
        throw new EpigenomeError({
          code: 'CONFLICT',
          field: 'epigenome_workers.meta.version',
          value: found,
          allowed: WORKERS_SCHEMA_VERSION,
          message: `the scale-out tables (schema epigenome_workers) are at version ${found}, but this @epigenome/workers uses version ${WORKERS_SCHEMA_VERSION}: run one release on every worker and coordinator, or, with no run under way, drop them (\`drop schema epigenome_workers cascade\`) and they are recreated at the next start`,
        });
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [SCHEMA_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

function newestBundledMigration(): { when: number; tag: string; count: number } {
  const journal = JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: { when: number; tag: string }[] };
  const newest = journal.entries.reduce((a, b) => (b.when > a.when ? b : a));
  return { when: newest.when, tag: newest.tag, count: journal.entries.length };
}

/**
 * Refuses (`CONFLICT`) a memory store whose schema is not the one this package's
 * `@epigenome/memory` was built for: older stores must be migrated first (opening the store with
 * this release migrates it, e.g. `epigenome ls --database-url …`), newer ones need this machine
 * upgraded. A database without a store yet passes (the coordinator creates it).
 */
export async function checkStoreVersion(pool: pg.Pool, source: string): Promise<void> {
  const { rows: present } = await pool.query<{ t: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!present[0]?.t) return;
  const { rows } = await pool.query<{ at: string | null; n: string }>('select max(created_at)::text as at, count(*)::text as n from drizzle.__drizzle_migrations');
  const at = rows[0]?.at === null || rows[0]?.at === undefined ? undefined : Number(rows[0].at);
  const bundled = newestBundledMigration();
  if (at === bundled.when) return;
  const older = at === undefined || at < bundled.when;
  throw new EpigenomeError({
    code: 'CONFLICT',
    field: source,
    value: `${rows[0]?.n ?? 0} migrations applied`,
    allowed: `the store schema of this release (${bundled.count} migrations, newest ${bundled.tag})`,
    message: older
      ? `the memory store is at an older schema than this release (newest migration here: ${bundled.tag}): migrate it first with \`epigenome ls --database-url <url>\` from this release (opening the store applies its migrations), then start again`
      : `the memory store was migrated by a newer release than this one (newest migration here: ${bundled.tag}): upgrade @epigenome/cli (or @epigenome/workers) on this machine to the coordinator's release`,
  });
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor } from './database';

/** Newest `when` (ms) of the journal of `migrationsFolder`, read once per folder. */
const newestByFolder = new Map<string, number>();

function newestMigration(migrationsFolder: string): number {
  let newest = newestByFolder.get(migrationsFolder);
  if (newest === undefined) {
    const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
    newest = Math.max(-Infinity, ...journal.entries.map((e) => e.when));
    newestByFolder.set(migrationsFolder, newest);
  }
  return newest;
}

/**
 * Whether the store already has every bundled migration, so opening it needs no migrator (whose
 * `create … if not exists` statements and transaction cost every open). Applies drizzle's own
 * rule — a migration runs when the newest recorded `created_at` is older than its `when` — so
 * `false` exactly when the migrator would apply something. A store without drizzle's journal
 * table (new, or older than it) reads as not current; only a read error is swallowed, as the
 * migrator then decides and reports.
 */
export async function schemaIsCurrent(db: Executor, migrationsFolder: string): Promise<boolean> {
  const newest = newestMigration(migrationsFolder);
  try {
    // to_regclass: no error (which would abort a caller's transaction) when the table is absent.
    const [present] = await db.query<{ t: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
    if (!present?.t) return false;
    const [last] = await db.query<{ at: string | number | null }>('select max(created_at) as at from drizzle.__drizzle_migrations');
    return last?.at !== null && last?.at !== undefined && Number(last.at) >= newest;
  } catch {
    return false;
  }
}

import type { Executor } from './database';

/** Each table with the columns of an index over it: reading through it touches the heap's pages. */
const TABLES: readonly (readonly [string, string])[] = [
  ['experiments', 'id'],
  ['trials', 'id'],
  ['metric_series', 'id'],
  ['metrics', 'series_id, step'],
  ['metric_rollups', 'series_id, block'],
  ['regulation_events', 'id'],
  ['checkpoints', 'trial_id, step'],
  ['lineage', 'child_id, parent_id, step'],
  ['marks', 'id'],
];

/**
 * A cheap check that the tables' files are whole: the first and last rows of each table are
 * fetched through its index, so a table file cut short (which a plain scan reads as an empty
 * table) fails with the driver's error instead of reading as empty. Throws the first failure;
 * skips tables that do not exist.
 */
export async function checkStoreTables(db: Executor): Promise<void> {
  await db.query('set enable_seqscan = off');
  await db.query('set enable_bitmapscan = off');
  await db.query('set enable_indexonlyscan = off');
  try {
    // Tables not there yet (a store opened with `migrate: false` before its migrations) are skipped.
    const present = new Set(
      (await db.query<{ name: string }>("select relname as name from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace")).map((r) => r.name),
    );
    for (const [table, columns] of TABLES) {
      if (!present.has(table)) continue;
      const desc = columns
        .split(', ')
        .map((c) => `${c} desc`)
        .join(', ');
      await db.query(`select * from (select ctid from ${table} order by ${columns} limit 1) a union all select * from (select ctid from ${table} order by ${desc} limit 1) b`);
    }
  } finally {
    await db.query('reset enable_seqscan');
    await db.query('reset enable_bitmapscan');
    await db.query('reset enable_indexonlyscan');
  }
}

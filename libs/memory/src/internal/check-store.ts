import type { Database } from './database';

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
 * skips tables that do not exist. Three round trips in one transaction (its `set_config(…, true)`
 * ends with it), as every open of the store pays for them.
 */
export async function checkStoreTables(db: Pick<Database, 'transaction'>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_indexonlyscan', 'off', true)");
    // Tables not there yet (a store opened with `migrate: false` before its migrations) are skipped.
    const present = new Set(
      (await tx.query<{ name: string }>("select relname as name from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace")).map((r) => r.name),
    );
    const probes = TABLES.filter(([table]) => present.has(table)).map(([table, columns]) => {
      const desc = columns
        .split(', ')
        .map((c) => `${c} desc`)
        .join(', ');
      return `select * from (select ctid from ${table} order by ${columns} limit 1) a union all select * from (select ctid from ${table} order by ${desc} limit 1) b`;
    });
    if (probes.length > 0) await tx.query(probes.map((p) => `(${p})`).join(' union all '));
  });
}

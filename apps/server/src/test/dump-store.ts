// A byte-for-byte comparable dump of an embedded store, read with no server holding it.
import { openMemory } from '@epigenome/memory';

type Rows = { rows: Record<string, unknown>[] };

function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return `${value}n`;
  return value;
}

/**
 * Every table of the store (all schemas but PostgreSQL's own), each as its rows ordered by every
 * column, as one JSON text: two dumps are equal exactly when the stored data is. Opens the PGlite
 * folder itself, so the server must be stopped.
 */
export async function dumpStore(dir: string): Promise<string> {
  const memory = await openMemory({ dir });
  try {
    const run = async (sql: string) => ((await memory.db.execute(sql)) as unknown as Rows).rows;
    const tables = await run(
      `select table_schema as s, table_name as t from information_schema.tables
       where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
    );
    const out: Record<string, unknown[]> = {};
    for (const { s, t } of tables as { s: string; t: string }[]) {
      const columns = await run(`select column_name as c from information_schema.columns where table_schema = '${s}' and table_name = '${t}' order by ordinal_position`);
      // As text, so columns without an ordering (json) sort too.
      const order = columns.map(({ c }) => `"${String(c)}"::text`).join(', ');
      const rows = await run(`select * from "${s}"."${t}"${order ? ` order by ${order}` : ''}`);
      out[`${s}.${t}`] = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
    }
    return JSON.stringify(out, null, 1);
  } finally {
    await memory.close();
  }
}

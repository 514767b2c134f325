import { openMemory, type Memory } from '@epigenome/memory';

/** Global store options of every command. */
export interface StoreOptions {
  db?: string;
  databaseUrl?: string;
}

/** Opens the store the options name: PostgreSQL for a URL (or `DATABASE_URL`), else PGlite in `--db`. */
export function openStore(o: StoreOptions): Promise<Memory> {
  if (o.databaseUrl) return openMemory({ url: o.databaseUrl });
  if (process.env.DATABASE_URL && !o.db) return openMemory({ url: process.env.DATABASE_URL });
  return openMemory({ dir: o.db ?? '.epigenome/db' });
}

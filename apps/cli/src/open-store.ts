import { EpigenomeError } from '@epigenome/core';
import type { Memory } from '@epigenome/memory';
import { shellWord } from './internal/shell-word';

/** Global store options of every command, as commander parsed them. */
export interface StoreOptions {
  db?: string;
  databaseUrl?: string;
}

/** Which store a command uses, and the setting that named it. */
export type StoreTarget = { kind: 'dir'; dir: string; source: '--db' | 'default' } | { kind: 'url'; url: string; source: '--database-url' | 'DATABASE_URL' };

/** The embedded store's folder when nothing names a store. */
export const DEFAULT_DB = '.epigenome/db';

/**
 * Picks the store: an explicit flag wins over the environment, so `--db` > `--database-url` >
 * env `DATABASE_URL` > {@link DEFAULT_DB}. Both flags at once are refused rather than guessed.
 */
export function storeTarget(o: StoreOptions, env: Readonly<Record<string, string | undefined>> = process.env): StoreTarget {
  if (o.db !== undefined && o.databaseUrl !== undefined) {
    throw new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      field: '--db',
      value: o.db,
      allowed: 'either --db or --database-url',
      message: '--db and --database-url name two stores; give one of them',
    });
  }
  if (o.db !== undefined) return { kind: 'dir', dir: o.db, source: '--db' };
  if (o.databaseUrl !== undefined) return { kind: 'url', url: o.databaseUrl, source: '--database-url' };
  const url = env.DATABASE_URL;
  if (url) return { kind: 'url', url, source: 'DATABASE_URL' };
  return { kind: 'dir', dir: DEFAULT_DB, source: 'default' };
}

/**
 * Opens the store the options name (see {@link storeTarget}), telling the store which setting named it for its error messages.
 * The store library (drizzle, PGlite) is imported here, not at start-up, so a command that fails earlier never pays for it.
 */
export async function openStore(o: StoreOptions): Promise<Memory> {
  const target = storeTarget(o);
  const { openMemory } = await import('@epigenome/memory');
  // `source` is new in @epigenome/memory's options; spread so the call compiles before and after.
  const source = target.source === 'default' ? {} : { source: target.source };
  return target.kind === 'url' ? openMemory({ url: target.url, ...source }) : openMemory({ dir: target.dir, ...source });
}

/** The global flags that reopen the same store, for a command line shown to the user (passwords redacted). */
export async function storeFlags(o: StoreOptions): Promise<string> {
  const target = storeTarget(o);
  const { redactUrl } = await import('@epigenome/memory');
  if (target.source === '--db') return `--db ${shellWord(target.dir)} `;
  if (target.source === '--database-url') return `--database-url ${shellWord(redactUrl(target.url))} `;
  return '';
}

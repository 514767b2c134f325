import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { EpigenomeError } from '@epigenome/core';
import { acquireStoreLock, type StoreLock } from './store-lock';

/** What a PostgreSQL data folder holds at least; without them it is no store. */
const STORE_FILES = ['PG_VERSION', 'base', 'global', 'pg_wal'];

const WAYS_OUT = 'restore it from a backup, or choose an empty or new folder (--db)';

/** One line naming the store and what to do; the original error stays as `cause`. */
export function openFailure(dir: string, what: string, cause?: unknown, todo = WAYS_OUT): EpigenomeError {
  return new EpigenomeError({ code: 'STORE_FAILURE', message: `cannot open the store ${dir}: ${what}; ${todo}`, field: 'dir', value: dir, cause });
}

/** The first line of an error's message, or of its cause's (drizzle wraps the driver's error). */
export function reasonOf(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const e = cause instanceof Error && cause.message ? cause : error;
  return ((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '').slice(0, 300);
}

/**
 * Refuses a folder PGlite must not touch: one it cannot write, and one that is not empty but is
 * no store (PGlite would run initdb over it and orphan what is there). Resolves to whether the
 * store is new (the folder is absent or empty).
 */
export function checkDataDir(dir: string): boolean {
  if (!existsSync(dir)) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
        throw openFailure(dir, `the folder cannot be created (no write permission: ${code})`, error, 'fix the permissions or choose another folder (--db)');
      throw openFailure(dir, `the folder cannot be created (${reasonOf(error)})`, error, 'choose another folder (--db)');
    }
    return true;
  }
  try {
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw openFailure(
      dir,
      'the folder is read-only for this user (no write permission); an embedded store writes on every open',
      error,
      'fix the permissions (chmod/chown), or copy the store to a writable folder (--db)',
    );
  }
  const entries = readdirSync(dir);
  if (entries.length === 0) return true;
  const missing = STORE_FILES.filter((f) => !entries.includes(f));
  if (missing.length > 0) {
    throw openFailure(dir, `the folder is not empty but is not a valid store (${missing.join(', ')} missing), so nothing was initialised over it`);
  }
  return false;
}

/** WAL segments of 1 MB for new stores (PostgreSQL's 16 MB × 3–5 was half of a small store). */
const INITDB_PARAMS = ['--wal-segsize=1'];
// Only valid with such segments (min_wal_size must be ≥ 2 segments): never passed to an older store.
const WAL_PARAMS = ['-c', 'min_wal_size=2MB', '-c', 'max_wal_size=8MB'];
/**
 * Every open: PGlite is one single-user backend, yet starts with a server's shared memory (128 MB
 * of buffers, 100 connections), set up at every start. 16 MB and 4 take ~120 ms less CPU per open
 * (PGlite.create + close, 9 interleaved runs: 900 -> 780 ms median); pages beyond the buffers stay
 * in the OS cache. Per start only: nothing is written to the store's configuration.
 */
const OPEN_PARAMS = ['-c', 'shared_buffers=16MB', '-c', 'max_connections=4'];

/** `<parent>/<basename>.creating`: present while a new store is being created in `dir`. */
function creatingMarkOf(dir: string): string {
  return join(dirname(dir), `${basename(dir)}.creating`);
}

/**
 * Opens (creating if new) the PGlite store in `dir`, holding its lock; every failure is one line.
 * The lock is taken before the folder is judged, so a store another process is creating is
 * reported as in use, not as damaged. A store whose creation was cut short (its process died
 * before the store was complete: the `.creating` mark beside it remains) never held data, so it
 * is created again rather than refused.
 */
export async function openPglite(dir: string): Promise<{ client: PGlite; lock: StoreLock }> {
  try {
    mkdirSync(dirname(dir), { recursive: true });
  } catch {
    // checkDataDir reports what is wrong with the folder
  }
  let lock: StoreLock;
  try {
    lock = acquireStoreLock(dir);
  } catch (error) {
    if (EpigenomeError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw openFailure(
        dir,
        `its lock file cannot be written beside it (no write permission: ${code})`,
        error,
        'fix the permissions of the parent folder, or choose another folder (--db)',
      );
    throw openFailure(dir, `its lock file cannot be written (${reasonOf(error)})`, error, 'choose another folder (--db)');
  }
  const creating = creatingMarkOf(dir);
  let fresh: boolean;
  try {
    if (existsSync(creating)) rmSync(dir, { recursive: true, force: true });
    fresh = checkDataDir(dir);
    if (fresh) writeFileSync(creating, `${process.pid}\n`);
  } catch (error) {
    lock.release();
    throw error;
  }
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    // A new store starts with its WAL settings at once; later opens read them from postgresql.auto.conf.
    const startParams = [...PGlite.defaultStartParams, ...OPEN_PARAMS, ...(fresh ? WAL_PARAMS : [])];
    const client = await PGlite.create({ dataDir: dir, startParams, ...(fresh && { initDbStartParams: INITDB_PARAMS }) });
    if (fresh) {
      // Kept by the store (postgresql.auto.conf): keep 2–8 MB of WAL (a checkpoint every 8 MB).
      await client.exec(`alter system set min_wal_size = '2MB'`);
      await client.exec(`alter system set max_wal_size = '8MB'`);
      rmSync(creating, { force: true });
    }
    return { client, lock };
  } catch (error) {
    lock.release();
    throw openFailure(dir, `PGlite could not start on it (${reasonOf(error)}); the files may be damaged or written by another PostgreSQL version`, error);
  }
}

import { EpigenomeError, describeValue } from '@epigenome/core';
import { redactUrl } from '@epigenome/memory';
import pg from 'pg';

/** How a pool is opened: attempts with exponential backoff, then a clear error. */
export interface ConnectOptions {
  /** Connection attempts before giving up, ≥ 1. */
  readonly attempts: number;
  /** Delay before the second attempt, ms; doubled after each failure. */
  readonly backoffMs: number;
  /** Connections of the pool. */
  readonly poolSize: number;
  /** Where the URL came from, named in errors (e.g. `--database-url`). */
  readonly source: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Checks that `url` names a PostgreSQL server. Workers and the coordinator share their jobs,
 * checkpoints and results through one server; an embedded PGlite store is one process's store,
 * so a folder (or a `file:`/`pglite:` URL) is refused with `INVALID_ARGUMENT` naming `source`.
 */
export function checkServerUrl(url: unknown, source: string): URL {
  const refuse = (why: string) =>
    new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      field: source,
      value: typeof url === 'string' ? redactUrl(url) : url,
      allowed: 'a postgres:// or postgresql:// URL of a PostgreSQL server',
      message: `${source} must be a postgres:// or postgresql:// URL of a PostgreSQL server (workers and the coordinator share jobs and checkpoints through it; an embedded PGlite store is one process's store and cannot be shared); got ${typeof url === 'string' ? describeValue(redactUrl(url)) : describeValue(url)} (${why})`,
    });
  if (typeof url !== 'string' || url.length === 0) throw refuse('empty');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('a path, not a URL: a PGlite folder');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw refuse(`scheme ${parsed.protocol.replace(/:$/, '')}`);
  if (!parsed.hostname && !parsed.searchParams.get('host')) throw refuse('no host');
  return parsed;
}

/**
 * Opens a `pg` pool on `url` and proves it with one query, retrying an unreachable server with
 * exponential backoff (`attempts` tries, `backoffMs`, 2×, 4×, … between them); then throws
 * `STORE_FAILURE` naming the server, the attempts and the last reason (password redacted).
 */
export async function openPool(url: string, options: ConnectOptions): Promise<pg.Pool> {
  const parsed = checkServerUrl(url, options.source);
  const where = `${parsed.hostname || parsed.searchParams.get('host')}:${parsed.port || '5432'}`;
  let last: unknown;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize, connectionTimeoutMillis: 5000 });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    try {
      await pool.query('select 1');
      return pool;
    } catch (error) {
      last = error;
      await pool.end().catch(() => undefined);
      if (attempt < options.attempts) await sleep(options.backoffMs * 2 ** (attempt - 1));
    }
  }
  const reason = last instanceof Error ? last.message || (last as { code?: string }).code || last.name : String(last);
  const password = parsed.password ? decodeURIComponent(parsed.password) : '';
  throw new EpigenomeError({
    code: 'STORE_FAILURE',
    field: options.source,
    value: redactUrl(url),
    allowed: 'a reachable PostgreSQL server',
    message: `cannot reach PostgreSQL at ${where} (from ${options.source}) after ${options.attempts} attempt${options.attempts === 1 ? '' : 's'}: ${password ? reason.split(password).join('***') : reason}`,
    cause: last,
  });
}

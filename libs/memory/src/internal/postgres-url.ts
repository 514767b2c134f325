import { EpigenomeError } from '@epigenome/core';
import { redactUrl } from '../redact-url';

/** `host:port` of a PostgreSQL URL (port default 5432). */
export function hostPortOf(url: URL): string {
  const host = url.hostname || url.searchParams.get('host') || '';
  return `${host}:${url.port || '5432'}`;
}

/**
 * Checks a PostgreSQL connection string before `pg` sees it: it must parse as `postgres://` or
 * `postgresql://` and name a host (in the authority or as `?host=`), or `pg` would quietly fall
 * back to the PG* environment variables. Throws `INVALID_ARGUMENT` naming `source`.
 */
export function parsePostgresUrl(url: unknown, source: string): URL {
  const refuse = (why: string) =>
    new EpigenomeError({
      code: 'INVALID_ARGUMENT',
      message: `${source} must be a postgres:// or postgresql:// URL with a host, e.g. postgres://user@127.0.0.1:5432/db; got ${typeof url === 'string' ? JSON.stringify(redactUrl(url)) : String(url)} (${why})`,
      field: source,
      value: typeof url === 'string' ? redactUrl(url) : url,
      allowed: 'a postgres:// or postgresql:// URL with a host',
    });
  if (typeof url !== 'string' || url.length === 0) throw refuse('empty');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('not a URL');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw refuse(`scheme ${parsed.protocol.replace(/:$/, '')}`);
  if (!parsed.hostname && !parsed.searchParams.get('host')) throw refuse('no host');
  return parsed;
}

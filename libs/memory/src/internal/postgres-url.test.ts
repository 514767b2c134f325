import { describe, expect, it } from 'vitest';
import { redactUrl } from '../redact-url';
import { hostPortOf, parsePostgresUrl } from './postgres-url';

describe('PostgreSQL connection strings', () => {
  it('refuses what pg would quietly replace by the PG* environment variables', () => {
    expect(() => parsePostgresUrl('postgres://', 'DATABASE_URL')).toThrow(
      /^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL with a host, .*; got "postgres:\/\/" \(no host\)$/,
    );
    expect(() => parsePostgresUrl('http://x', '--database-url')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: '--database-url', message: expect.stringContaining('(scheme http)') }),
    );
    expect(() => parsePostgresUrl('not a url', 'url')).toThrow(/\(not a URL\)$/);
    expect(() => parsePostgresUrl('', 'url')).toThrow(/\(empty\)$/);
  });

  it('accepts a host in the authority or as ?host=, and names host and port', () => {
    expect(hostPortOf(parsePostgresUrl('postgresql://u@db.example:6543/x', 'url'))).toBe('db.example:6543');
    expect(hostPortOf(parsePostgresUrl('postgres://u@127.0.0.1/x', 'url'))).toBe('127.0.0.1:5432');
    expect(hostPortOf(parsePostgresUrl('postgres:///x?host=/var/run/postgresql', 'url'))).toBe('/var/run/postgresql:5432');
  });

  it('never echoes a password', () => {
    expect(redactUrl('postgres://me:s3cret@h:5432/db')).toBe('postgres://me:***@h:5432/db');
    expect(redactUrl('postgres://me@h/db')).toBe('postgres://me@h/db');
    expect(redactUrl('postgres://me:s3 cret@h:5432/db%')).not.toContain('s3');
    expect(() => parsePostgresUrl('http://me:s3cret@h/db', 'url')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
  });
});

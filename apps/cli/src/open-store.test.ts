import { describe, expect, it } from 'vitest';
import { redactUrl } from '@epigenome/memory';
import { DEFAULT_DB, storeFlags, storeTarget } from './open-store';

describe('storeTarget: an explicit flag wins over the environment', () => {
  const env = { DATABASE_URL: 'postgres://env-host/db' };
  it('--db beats DATABASE_URL', () => {
    expect(storeTarget({ db: 'here' }, env)).toEqual({ kind: 'dir', dir: 'here', source: '--db' });
  });
  it('--database-url beats DATABASE_URL', () => {
    expect(storeTarget({ databaseUrl: 'postgres://flag/db' }, env)).toEqual({ kind: 'url', url: 'postgres://flag/db', source: '--database-url' });
  });
  it('DATABASE_URL beats the default folder', () => {
    expect(storeTarget({}, env)).toEqual({ kind: 'url', url: 'postgres://env-host/db', source: 'DATABASE_URL' });
  });
  it('an empty DATABASE_URL counts as unset', () => {
    expect(storeTarget({}, { DATABASE_URL: '' })).toEqual({ kind: 'dir', dir: DEFAULT_DB, source: 'default' });
  });
  it('refuses both flags at once, naming both', () => {
    expect(() => storeTarget({ db: 'here', databaseUrl: 'postgres://flag/db' }, {})).toThrow('--db and --database-url name two stores; give one of them');
  });
});

describe('storeFlags: the flags a resume hint repeats', () => {
  it('repeats --db, quoted for the shell when needed', async () => {
    expect(await storeFlags({ db: '/tmp/a b' })).toBe("--db '/tmp/a b' ");
    expect(await storeFlags({ db: '/tmp/ab' })).toBe('--db /tmp/ab ');
  });
  it('repeats --database-url without its password, quoted (`*` is a glob)', async () => {
    expect(await storeFlags({ databaseUrl: 'postgres://u:secret@h:5432/d' })).toBe("--database-url 'postgres://u:***@h:5432/d' ");
  });
  it('adds nothing for the environment or the default', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://env/db';
    try {
      expect(await storeFlags({})).toBe('');
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});

describe('redactUrl', () => {
  it('hides a password, also in a string URL cannot parse', () => {
    expect(redactUrl('postgres://u:pw@h/d')).toBe('postgres://u:***@h/d');
    expect(redactUrl('postgres://u:p w@h:x/d')).toBe('postgres://u:***@h:x/d');
    expect(redactUrl('postgres://h/d')).toBe('postgres://h/d');
  });
});

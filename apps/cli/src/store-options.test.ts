import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, workDir } from './test/cli-process';

const work = workDir();

describe('the store the command line names', () => {
  it('--db wins over DATABASE_URL', () => {
    const db = join(work, 'db-flag');
    const r = cli(['--db', db, 'ls', '--json'], { DATABASE_URL: 'postgres://nowhere:1/x' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(existsSync(join(db, 'PG_VERSION'))).toBe(true);
  });

  it('refuses --db with --database-url, naming both', () => {
    const r = cli(['--db', join(work, 'db-both'), '--database-url', 'postgres://nowhere:1/x', 'ls']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: --db and --database-url name two stores; give one of them\n');
    expect(existsSync(join(work, 'db-both'))).toBe(false);
  });
});

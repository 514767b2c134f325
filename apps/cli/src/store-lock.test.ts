import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, startCli, workDir, writeSpec } from './test/cli-process';
import { tinySpec } from '@epigenome/runner/testing';

const work = workDir();

describe('one process owns an embedded store', () => {
  it('a second run on the same --db exits 1 naming the store, the owner and the ways out; nothing is corrupted', async () => {
    const db = join(work, 'db-shared');
    const spec = writeSpec(work, 'shared', tinySpec());
    const runs = [startCli(['--db', db, 'run', spec]), startCli(['--db', db, 'run', spec])];
    const ends = await Promise.all(runs.map((r) => r.exit(300_000)));
    expect(ends.map((e) => e.code).sort()).toEqual([0, 1]);
    const winner = runs[ends.findIndex((e) => e.code === 0)] as (typeof runs)[number];
    const loser = runs[ends.findIndex((e) => e.code === 1)] as (typeof runs)[number];
    const line = loser.stderr();
    expect(line).toMatch(/^error: [^\n]+\n$/);
    expect(line).toContain(db);
    expect(line).toContain(String(winner.child.pid));
    expect(line).toMatch(/--db/);
    expect(line).toMatch(/PostgreSQL|--database-url|DATABASE_URL/);
    expect(line).toMatch(/epigenome serve/);
    expect(loser.stdout()).toBe('');

    const id = /^experiment (\S+)$/m.exec(winner.stdout())?.[1];
    const ls = cli(['--db', db, 'ls', '--json']);
    expect(ls.stderr).toBe('');
    expect(JSON.parse(ls.stdout)).toEqual([expect.objectContaining({ id, status: 'completed', trials: 2, metric_points: 2 * 40 * 3 + 2 * 10 * 2 })]);
  }, 400_000);
});

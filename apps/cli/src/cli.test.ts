import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, workDir, writeSpec } from './test/cli-process';
import { tinySpec } from '@epigenome/runner/testing';

const work = workDir();

describe('epigenome CLI', () => {
  it('runs a spec, prints "experiment <id>" first, and show/ls report it', () => {
    const db = join(work, 'db-run');
    const run = cli(['--db', db, 'run', writeSpec(work, 'run', tinySpec())]);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const id = /^experiment (\S+)$/.exec(lines[0] ?? '')?.[1] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.stdout).toMatch(/completed: 800 steps/);
    const show = JSON.parse(cli(['--db', db, 'show', id, '--json']).stdout);
    expect(show).toMatchObject({ id, status: 'completed', trials: 2 });
    // 2 trials × 40 step signals × 3 metrics + 2 × 10 evaluations × 2 metrics
    expect(show.metric_points).toBe(2 * 40 * 3 + 2 * 10 * 2);
    expect(show.events).toBeGreaterThan(0);
    const ls = JSON.parse(cli(['--db', db, 'ls', '--json']).stdout);
    expect(ls).toEqual([expect.objectContaining({ id, status: 'completed', metric_points: show.metric_points, events: show.events })]);
    const marks = cli(['--db', db, 'memory', 'ls', '--json']);
    expect(JSON.parse(marks.stdout).length).toBeGreaterThanOrEqual(2);
  }, 240_000);
});

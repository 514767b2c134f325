import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMemory } from '@epigenome/memory';
import { afterAll, describe, expect, it } from 'vitest';
import { tinySpec } from './test/tiny-spec';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'epigenome-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const env = { ...process.env, DATABASE_URL: '', EPIGENOME_BACKEND: 'wasm' };
function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: cliDir, env, encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeSpec(name: string, spec: unknown): string {
  const path = join(work, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

describe('epigenome CLI', () => {
  it('runs a spec, prints "experiment <id>" first, and show/ls report it', () => {
    const db = join(work, 'db-run');
    const run = cli(['--db', db, 'run', writeSpec('run', tinySpec())]);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const id = /^experiment (\S+)$/.exec(lines[0] ?? '')?.[1];
    expect(id).toBeDefined();
    expect(run.stdout).toMatch(/completed: 800 steps/);
    const show = JSON.parse(cli(['--db', db, 'show', id as string, '--json']).stdout);
    expect(show).toMatchObject({ id, status: 'completed', trials: 2 });
    // 2 trials × 40 step signals × 3 metrics + 2 × 10 evaluations × 2 metrics
    expect(show.metric_points).toBe(2 * 40 * 3 + 2 * 10 * 2);
    expect(show.events).toBeGreaterThan(0);
    const ls = JSON.parse(cli(['--db', db, 'ls', '--json']).stdout);
    expect(ls).toEqual([expect.objectContaining({ id, status: 'completed', metric_points: show.metric_points, events: show.events })]);
    const marks = cli(['--db', db, 'memory', 'ls', '--json']);
    expect(JSON.parse(marks.stdout).length).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('rejects a bad spec naming the path, the value and what is allowed', () => {
    const r = cli(['--db', join(work, 'db-bad'), 'run', writeSpec('bad', tinySpec({ population: 0, regulators: { step: [{ use: 'hypergradiant' }] } }))]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('spec.population must be ≥ 1; got 0');
    const unknown = cli(['--db', join(work, 'db-bad'), 'run', writeSpec('bad2', tinySpec({ regulators: { step: [{ use: 'hypergradiant' }] } }))]);
    expect(unknown.stderr).toMatch(/spec.regulators.step\[0\].use: unknown regulator "hypergradiant"; known: .*hypergradient/);
    expect(cli(['--db', join(work, 'db-bad'), 'show', 'nope', '--json']).stderr).toMatch(/experiment "nope" not found/);
  }, 120_000);

  it('resumes after SIGKILL with no duplicated or lost metric points, and the same result', async () => {
    const spec = writeSpec('crash', tinySpec());
    // The reference: the same spec and seed, never interrupted.
    const reference = cli(['--db', join(work, 'db-ref'), 'run', spec, '--json']);
    expect(reference.status).toBe(0);
    const ref = JSON.parse(reference.stdout.trim().split('\n').at(-1) as string);

    const db = join(work, 'db-crash');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--db', db, 'run', spec], { cwd: cliDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    const killed = new Promise<void>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += String(d);
        if (/round 4:/.test(stderr) && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    await killed;
    await new Promise((r) => child.once('exit', r).once('close', r));
    expect(child.signalCode).toBe('SIGKILL');
    const id = /^experiment (\S+)$/m.exec(stdout)?.[1] as string;
    expect(id).toBeDefined();
    expect(JSON.parse(cli(['--db', db, 'show', id, '--json']).stdout).status).toBe('running');

    const resumed = cli(['--db', db, 'resume', id, '--json']);
    expect(resumed.stderr).not.toMatch(/error:/);
    expect(resumed.status).toBe(0);
    const res = JSON.parse(resumed.stdout.trim().split('\n').at(-1) as string);
    expect(res.status).toBe('completed');
    const show = JSON.parse(cli(['--db', db, 'show', id, '--json']).stdout);
    expect(show.metric_points).toBe(2 * 40 * 3 + 2 * 10 * 2);
    // every (trial, metric, step) exactly once
    const memory = await openMemory({ dir: db });
    try {
      for (const t of await memory.listTrials(id)) {
        const loss = await memory.queries.series(t.id, 'loss', { maxPoints: 10_000 });
        expect(loss.points.map((p) => p.step)).toEqual(Array.from({ length: 40 }, (_, i) => (i + 1) * 10));
      }
    } finally {
      await memory.close();
    }
    // deterministic: the resumed experiment ends exactly where the uninterrupted one did
    expect(res.trials.map((t: { config: unknown; metrics: unknown }) => [t.config, t.metrics])).toEqual(ref.trials.map((t: { config: unknown; metrics: unknown }) => [t.config, t.metrics]));
  }, 300_000);
});

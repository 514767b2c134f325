import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, emptyStore, lastJson, startCli, workDir, writeSpec } from './test/cli-process';
import { tinySpec } from '@epigenome/runner/testing';

const work = workDir();
const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const suffix = (id: string | null | undefined) => (id ? id.slice(id.lastIndexOf('-') + 1) : id);
const trials = (result: Record<string, any>) => result.trials.map((t: Record<string, any>) => ({ ...t, id: suffix(t.id), parentId: suffix(t.parentId) }));

describe('epigenome worker and run --distributed', () => {
  let url = '';
  const name = `epigenome_cli_worker_${process.pid}_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
  });

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('refuses the embedded store: workers need a PostgreSQL server', () => {
    for (const args of [['--db', join(work, 'db'), 'worker'], ['worker']]) {
      const r = cli(args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^error: epigenome worker needs a PostgreSQL server shared by every machine: give --database-url postgres:\/\/…/m);
    }
  });

  it('gives up on an unreachable server after its retries, naming it', () => {
    const r = cli(['--database-url', 'postgres://postgres@127.0.0.1:1/none', 'worker']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1 \(from --database-url\) after 5 attempts/);
  });

  it('runs a spec on a worker process with the result of an in-process run, resumes a killed coordinator, and stops on SIGTERM', async () => {
    const spec = writeSpec(work, 'distributed', tinySpec({ population: 2, budget: { steps: 80 }, evaluateEvery: 20 }));
    const localDb = emptyStore(join(work, 'db-local'));
    const local = cli(['--db', localDb, 'run', spec, '--json', '--workers', '1']);
    expect(local.status).toBe(0);
    const worker = startCli(['worker', '--database-url', url]);
    await worker.waitFor(/^worker \S+: backend \w+, database postgres:/m);
    const distributed = cli(['--database-url', url, 'run', spec, '--distributed', '--json']);
    expect(distributed.status, distributed.stderr).toBe(0);
    expect(trials(lastJson(distributed.stdout))).toEqual(trials(lastJson(local.stdout)));
    // (the synchronous runs above kept this process from reading the worker's output until now)
    await worker.waitFor(/^done train t0 10 steps in/m);

    // A coordinator SIGKILLed mid-run resumes with `resume --distributed` and ends as the uninterrupted
    // run — the second one in its store, which inherits the first one's marks, as this one does.
    const second = cli(['--db', localDb, 'run', spec, '--json', '--workers', '1']);
    expect(second.status, second.stderr).toBe(0);
    const crash = startCli(['--database-url', url, 'run', spec, '--distributed']);
    const id = (await crash.waitFor(/^experiment (\S+)$/m))[1] as string;
    await crash.waitFor(/round 2: /);
    crash.child.kill('SIGKILL');
    await crash.exit();
    const resumed = cli(['--database-url', url, 'resume', id, '--distributed', '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(trials(lastJson(resumed.stdout))).toEqual(trials(lastJson(second.stdout)));
    worker.child.kill('SIGTERM');
    expect((await worker.exit()).code).toBe(0);
  }, 180_000);
});

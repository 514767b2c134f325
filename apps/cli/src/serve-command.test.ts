import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, emptyStore, lastJson, startCli, workDir, writeSpec } from './test/cli-process';
import { tinySpec } from '@epigenome/runner/testing';

const work = workDir();

describe('epigenome serve, and run/resume on the store it holds', () => {
  it('run goes through the server and completes; Ctrl-C stops it there resumably; resume finishes it; ls lists them after', async () => {
    const db = emptyStore(join(work, 'db'));
    const spec = writeSpec(work, 'tiny', tinySpec());
    const serve = startCli(['--db', db, 'serve']);
    const url = (await serve.waitFor(/^(http:\/\/127\.0\.0\.1:\d+)$/m))[1] as string;
    expect(serve.stdout().startsWith(`${url}\n`)).toBe(true);
    expect(existsSync(`${db}.server.json`)).toBe(true);

    const run = cli(['--db', db, 'run', spec, '--json']);
    expect(run.stderr).toContain(`the server at ${url} holds this store`);
    expect(run.stderr).not.toMatch(/error:|locked|in use/);
    // Its polling leaves no listener behind (it once added one per poll: MaxListenersExceededWarning).
    expect(run.stderr).not.toMatch(/Warning/);
    expect(run.status).toBe(0);
    const result = lastJson(run.stdout);
    expect(result.status).toBe('completed');
    expect(result.trials).toHaveLength(2);

    // Ctrl-C in the CLI stops the experiment on the server, resumably.
    const second = startCli(['--db', db, 'run', spec]);
    const id = (await second.waitFor(/^experiment (\S+)$/m))[1] as string;
    second.child.kill('SIGINT');
    expect((await second.exit()).code).toBe(130);
    expect(second.stderr()).toContain(`interrupted; resume with: epigenome --db ${db} resume ${id}`);
    const resumed = cli(['--db', db, 'resume', id, '--json']);
    expect(resumed.stderr).not.toMatch(/error:/);
    expect(resumed.status).toBe(0);
    expect(lastJson(resumed.stdout)).toMatchObject({ experiment: id, status: 'completed' });

    serve.child.kill('SIGTERM');
    expect(await serve.exit()).toEqual({ code: 0, signal: null });
    expect(existsSync(`${db}.server.json`)).toBe(false);
    const ls = cli(['--db', db, 'ls', '--json']);
    expect(ls.status).toBe(0);
    expect(ls.stdout).toContain(result.experiment);
    expect(ls.stdout).toContain(id);
  }, 300_000);
});

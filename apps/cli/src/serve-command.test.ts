import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openMemory } from '@epigenome/memory';
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

  it('run started while a server is still opening the store waits for it, then goes through it', async () => {
    const db = emptyStore(join(work, 'db-starting'));
    const spec = writeSpec(work, 'tiny-starting', tinySpec());
    // This process plays a server opening the store: it holds the store (its lock) and has written
    // the server file without a URL, as startServer does until it listens.
    let held: Awaited<ReturnType<typeof openMemory>> | undefined = await openMemory({ dir: db });
    writeFileSync(`${db}.server.json`, `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() })}\n`);
    const run = startCli(['--db', db, 'run', spec, '--json']);
    let serve: ReturnType<typeof startCli> | undefined;
    try {
      await run.waitFor(new RegExp(`a server \\(process ${process.pid}\\) is opening this store; waiting for it to serve it`));
      // Then the real server takes the store over and serves it.
      await held.close();
      held = undefined;
      serve = startCli(['--db', db, 'serve']);
      const url = (await serve.waitFor(/^(http:\/\/127\.0\.0\.1:\d+)$/m))[1] as string;
      const done = await run.exit();
      expect(run.stderr()).toContain(`the server at ${url} holds this store`);
      expect(run.stderr()).not.toMatch(/error:|in use/);
      expect(done.code).toBe(0);
      expect(lastJson(run.stdout()).status).toBe('completed');
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
      await held?.close();
      serve?.child.kill('SIGTERM');
      if (serve) expect((await serve.exit()).code).toBe(0);
    }
  }, 300_000);

  it('a run on a store another run holds is refused at once, naming the owner (it does not wait for a server)', async () => {
    const db = emptyStore(join(work, 'db-held'));
    const held = await openMemory({ dir: db });
    try {
      const started = Date.now();
      const run = cli(['--db', db, 'run', writeSpec(work, 'tiny-held', tinySpec())]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`in use by process ${process.pid}`));
      expect(run.stderr).not.toContain('waiting for it');
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      await held.close();
    }
  }, 120_000);

  it('refuses bad serve options naming the flag and the range, before it opens the store', () => {
    const db = join(work, 'never-opened');
    for (const [flag, value, range] of [
      ['--port', '70000', '[0, 65535]'],
      ['--training-nice', '20', '[0, 19]'],
    ] as const) {
      const r = cli(['--db', db, 'serve', flag, value]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${flag} must be an integer in ${range}; got "${value}"`);
    }
    expect(existsSync(db)).toBe(false);
  }, 60_000);
});

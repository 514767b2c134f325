import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openMemory } from '@epigenome/memory';
import { describe, expect, it } from 'vitest';
import { call, startServerProcess, waitUntilFinished, workDir } from './test/server-process';
// The spec of the host's tests: small, fast, without lineage.
import { tinySpec } from '../../../libs/api/src/server/test/tiny-spec';

const work = workDir();
const TOKEN = 'a-test-token-of-32-characters-xx';

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |\.ts:\d+|node_modules|\/src\//);

describe('the server process: security', () => {
  it('refuses to bind 0.0.0.0 without a token', async () => {
    const open = startServerProcess(['--db', join(work, 'open'), '--host', '0.0.0.0']);
    await expect(open.url).rejects.toThrow(/EPIGENOME_TOKEN/);
    expect((await open.exit()).code).toBe(1);
    expect(open.output()).toMatch(/^error: binding 0\.0\.0\.0 exposes the server/m);
    noStack(open.output());
  }, 60_000);

  it('with a token every request needs it (401); mutations refuse cross-site requests, oversize bodies and clients over the rate limit, in JSON', async () => {
    const server = startServerProcess(['--db', join(work, 'sec'), '--host', '0.0.0.0', '--rate-burst', '4', '--rate-per-minute', '1'], { EPIGENOME_TOKEN: TOKEN });
    const url = await server.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const none = await call(url, 'health');
    expect(none.status).toBe(401);
    expect(none.json.error?.message).toMatch(/Authorization: Bearer/);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await call(url, 'health', undefined, { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}y` } });
    expect(wrong.status).toBe(401);
    expect((await call(url, 'experiments.stop', { experimentId: 'x' })).status).toBe(401);
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await call(url, 'health', undefined, { headers: auth })).json.result?.data).toEqual({ ok: true });

    const evil = await call(url, 'experiments.stop', { experimentId: 'x' }, { headers: { ...auth, origin: 'http://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.json.error?.message).toMatch(/cross-site.*Origin "http:\/\/evil\.example"/);
    const fetchSite = await call(url, 'experiments.stop', { experimentId: 'x' }, { headers: { ...auth, 'sec-fetch-site': 'cross-site' } });
    expect(fetchSite.status).toBe(403);
    expect(fetchSite.json.error?.message).toMatch(/Sec-Fetch-Site/);
    // the server's own origin passes (and meets the store: unknown id)
    const own = await call(url, 'experiments.stop', { experimentId: 'x' }, { headers: { ...auth, origin: url } });
    expect(own.status).toBe(404);
    expect(own.json.error?.data.field).toBe('experimentId');

    const big = await call(url, 'experiments.start', undefined, { method: 'POST', headers: auth, body: JSON.stringify({ spec: { name: 'x'.repeat(1_200_000) } }) });
    expect(big.status).toBe(413);
    expect(big.json.error?.message).toMatch(/over this server's limit of \d+ bytes/);

    const broken = await call(url, 'experiments.stop', undefined, { method: 'POST', headers: auth, body: '{"experimentId": ' });
    expect(broken.status).toBe(400);
    noStack(broken.text);

    // 4 at once (two spent above), then refused with Retry-After
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 6 && refused === undefined; i++) {
      const r = await call(url, 'experiments.stop', { experimentId: 'x' }, { headers: auth });
      statuses.push(r.status);
      if (r.status === 429) refused = r;
    }
    expect(statuses[0]).toBe(404);
    expect(refused?.json.error?.message).toMatch(/too many mutations.*retry in \d+ s/);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // queries are not rate limited
    expect((await call(url, 'health', undefined, { headers: auth })).status).toBe(200);

    server.child.kill('SIGTERM');
    expect(await server.exit()).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('an internal error (a broken PostgreSQL store) answers 500 "internal error": no stack, no internal message', async () => {
    const db = `epigenome_server_${process.pid}_${Date.now()}`;
    const psql = (database: string, sql: string) => execFileSync('psql', [`postgres://postgres@127.0.0.1:5432/${database}`, '-qc', sql], { stdio: 'pipe' });
    psql('postgres', `CREATE DATABASE ${db}`);
    try {
      const server = startServerProcess(['--database-url', `postgres://postgres@127.0.0.1:5432/${db}`]);
      const url = await server.url;
      psql(db, 'DROP TABLE experiments CASCADE');
      const r = await call(url, 'experiments.stop', { experimentId: 'x' });
      expect(r.status).toBe(500);
      expect(r.json.error?.message).toBe('internal error');
      expect(r.text).not.toMatch(/experiments|relation|does not exist/);
      noStack(r.text);
      // the server says what happened in its own log, and lives on
      expect(server.output()).toMatch(/internal error in experiments\.stop/);
      expect((await call(url, 'health')).status).toBe(200);
      server.child.kill('SIGTERM');
      expect((await server.exit()).code).toBe(0);
    } finally {
      psql('postgres', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    }
  }, 120_000);
});

describe('the server process: experiments survive SIGTERM and SIGKILL', () => {
  it('SIGTERM during a run exits 0 leaving it interrupted; SIGKILL leaves it resumable; resume completes', async () => {
    const dir = join(work, 'life');
    let server = startServerProcess(['--db', dir]);
    let url = await server.url;
    const started = await call(url, 'experiments.start', { spec: tinySpec({ budget: { steps: 200 } }) });
    const id = started.json.result?.data.experimentId as string;
    expect(id).toEqual(expect.any(String));
    server.child.kill('SIGTERM');
    expect(await server.exit()).toEqual({ code: 0, signal: null });
    let memory = await openMemory({ dir });
    expect((await memory.getExperiment(id)).status).toBe('interrupted');
    await memory.close();

    server = startServerProcess(['--db', dir]);
    url = await server.url;
    expect((await call(url, 'experiments.resume', { experimentId: id })).json.result?.data).toEqual({ experimentId: id });
    server.child.kill('SIGKILL');
    await server.exit();

    server = startServerProcess(['--db', dir]);
    url = await server.url;
    expect(server.output()).toMatch(new RegExp(`now interrupted \\(resumable\\): ${id}`));
    expect((await call(url, 'experiments.resume', { experimentId: id })).json.result?.data).toEqual({ experimentId: id });
    expect(await waitUntilFinished(url, id)).toBe('completed');
    server.child.kill('SIGTERM');
    expect((await server.exit()).code).toBe(0);
    memory = await openMemory({ dir });
    expect((await memory.getExperiment(id)).status).toBe('completed');
    await memory.close();
  }, 240_000);
});

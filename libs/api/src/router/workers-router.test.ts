import { execFileSync } from 'node:child_process';
import { openMemory } from '@epigenome/memory';
import { startWorker } from '@epigenome/workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeFeed } from '../create-change-feed';
import { createInProcessHost } from '../in-process-host';
import { openHarness, refusal, type Harness } from '../test/router-harness';
import { appRouter } from './app-router';
import { createCallerFactory } from './trpc';
import { WORKERS_NEED_POSTGRES } from './workers-router';

// The PostgreSQL server of the project's machines and CI (see STACK.md); the test makes a database of its own.
const SERVER = 'postgres://postgres@127.0.0.1:5432';

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
}, 60_000);
afterAll(async () => h?.close());

describe('workers.list on the embedded store', () => {
  it('answers no workers and says they need PostgreSQL', async () => {
    expect(await h.caller.workers.list()).toEqual({ workers: [], note: WORKERS_NEED_POSTGRES });
    expect(await h.caller.workers.list({ all: true, staleAfterMs: 10_000 })).toEqual({ workers: [], note: WORKERS_NEED_POSTGRES });
    expect(WORKERS_NEED_POSTGRES).toMatch(/PostgreSQL/);
  });

  it('refuses bad input by field, with the allowed range', async () => {
    expect(await refusal(h.caller.workers.list({ staleAfterMs: 10 }))).toMatchObject({ code: 'BAD_REQUEST', field: 'staleAfterMs', allowed: 'an integer between 500 and 3600000' });
    expect(await refusal(h.caller.workers.list({ all: 'yes' as never }))).toMatchObject({ code: 'BAD_REQUEST', field: 'all', allowed: 'true or false' });
    expect(await refusal(h.caller.workers.list({ host: 'x' } as never))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('workers.list on a PostgreSQL store', () => {
  it('lists a registered worker with its backend, cores, throughput and heartbeat, and shows it stopped with all', async () => {
    const db = `api_workers_${process.pid}`;
    const psql = (sql: string) => execFileSync('psql', [`${SERVER}/postgres`, '-qc', sql], { stdio: 'pipe' });
    psql(`CREATE DATABASE ${db}`);
    const databaseUrl = `${SERVER}/${db}`;
    const memory = await openMemory({ url: databaseUrl });
    const changes = createChangeFeed();
    const host = createInProcessHost({ memory, changes });
    const caller = createCallerFactory(appRouter)({ memory, host, changes });
    try {
      expect(await caller.workers.list()).toEqual({ workers: [], note: null });
      const worker = await startWorker({ databaseUrl, backend: 'wasm', cores: 3, createEngine: () => Promise.reject(new Error('no job in this test')) });
      try {
        const { workers, note } = await caller.workers.list();
        expect(note).toBeNull();
        expect(workers).toHaveLength(1);
        expect(workers[0]).toMatchObject({ id: worker.id, backend: 'wasm', cores: 3, throughput: 0, segments: 0, busy: false, alive: true, stoppedAt: null });
        expect(Date.parse(workers[0]!.lastHeartbeat)).toBeGreaterThanOrEqual(Date.parse(workers[0]!.startedAt));
      } finally {
        await worker.stop();
      }
      expect((await caller.workers.list()).workers).toEqual([]);
      const all = await caller.workers.list({ all: true });
      expect(all.workers).toMatchObject([{ id: worker.id, alive: false }]);
      expect(all.workers[0]!.stoppedAt).not.toBeNull();
    } finally {
      await host.close();
      await memory.close();
      psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    }
  }, 60_000);
});

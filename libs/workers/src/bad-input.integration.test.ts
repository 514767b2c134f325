import { EpigenomeError } from '@epigenome/core';
import { openMemory } from '@epigenome/memory';
import { engineFromSpec, type ExperimentSpec } from '@epigenome/runner';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDistributedEngine, listWorkers, startWorker, type StartWorkerOptions } from './index';
import { createPrivateDatabase } from './test/private-database';

const engineSpec = { dataset: { name: 'spirals', samples: 200, validation: 50 }, model: { kind: 'mlp', hidden: [8] } };
const createEngine = (spec: unknown) => engineFromSpec(spec as ExperimentSpec, { workers: 0 });

async function refusal(work: Promise<unknown> | (() => unknown)): Promise<EpigenomeError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (EpigenomeError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('bad input to the scale-out entry points', () => {
  let database: { url: string; drop: () => Promise<void> };
  let pool: pg.Pool;
  const worker = (o: Partial<StartWorkerOptions> = {}) => startWorker({ databaseUrl: database.url, backend: 'cpu', createEngine, source: '--database-url', ...o });

  beforeAll(async () => {
    database = await createPrivateDatabase();
    const memory = await openMemory({ url: database.url });
    await memory.createExperiment({ id: 'kept', name: 'kept', spec: { kind: 'kept' }, seed: 1, backend: 'cpu' });
    await memory.close();
    pool = new pg.Pool({ connectionString: database.url, max: 1 });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('refuses a PGlite store or any non-PostgreSQL URL, naming the option', async () => {
    for (const url of ['.epigenome/db', 'file:///tmp/db', 'pglite://local', '']) {
      const e = await refusal(worker({ databaseUrl: url }));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.field).toBe('--database-url');
      expect(e.message).toMatch(/PostgreSQL server.*PGlite/);
    }
    const e = await refusal(() =>
      createDistributedEngine({
        databaseUrl: '.epigenome/db',
        engineSpec,
        backend: 'cpu',
        dataset: { name: 'x', samples: 1, features: 1, classes: 2, inputShape: [1] },
        modelFamily: 'mlp',
      }),
    );
    expect(e.field).toBe('databaseUrl');
  });

  it('gives up on an unreachable server after its bounded retries, with the server and the reason', async () => {
    const e = await refusal(worker({ databaseUrl: 'postgres://postgres:secret@127.0.0.1:1/none', connect: { attempts: 3, backoffMs: 10 } }));
    expect(e.code).toBe('STORE_FAILURE');
    expect(e.message).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1 \(from --database-url\) after 3 attempts/);
    expect(e.message).not.toContain('secret');
    await expect(listWorkers({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toThrow(/cannot reach PostgreSQL/);
  });

  it('refuses a store at another schema version, naming what to run, and loses nothing stored', async () => {
    for (const [shift, pattern] of [
      [-1, /older schema.*epigenome ls --database-url/],
      [1, /newer release.*upgrade/],
    ] as const) {
      await pool.query('update drizzle.__drizzle_migrations set created_at = created_at + $1', [shift]);
      try {
        const e = await refusal(worker());
        expect(e.code).toBe('CONFLICT');
        expect(e.field).toBe('--database-url');
        expect(e.message).toMatch(pattern);
      } finally {
        await pool.query('update drizzle.__drizzle_migrations set created_at = created_at - $1', [shift]);
      }
    }
    const memory = await openMemory({ url: database.url });
    expect((await memory.getExperiment('kept')).spec).toEqual({ kind: 'kept' });
    await memory.close();
  });

  it('refuses scale-out tables of another version, saying how to recreate them', async () => {
    const w = await worker();
    await w.stop();
    await pool.query(`update epigenome_workers.meta set value = '0' where key = 'version'`);
    try {
      const e = await refusal(worker());
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(/version 0.*drop schema epigenome_workers cascade/);
    } finally {
      await pool.query(`update epigenome_workers.meta set value = '1' where key = 'version'`);
    }
  });

  it('refuses bad options with the field and the allowed range', async () => {
    expect((await refusal(worker({ heartbeatMs: 0 }))).message).toBe('options.heartbeatMs must be an integer ≥ 50 and ≤ 600000; got 0');
    expect((await refusal(worker({ createEngine: 'tfjs' as never }))).field).toBe('options.createEngine');
    expect((await refusal(worker({ heartbeatMS: 10 } as never))).message).toMatch(/options.heartbeatMS is not an option; did you mean "heartbeatMs"\?/);
    const base = { databaseUrl: database.url, engineSpec, backend: 'cpu', dataset: { name: 'x', samples: 1, features: 1, classes: 2, inputShape: [1] }, modelFamily: 'mlp' };
    expect((await refusal(() => createDistributedEngine({ ...base, staleAfterMs: 10 }))).message).toBe('options.staleAfterMs must be an integer ≥ 500 and ≤ 3600000; got 10');
    expect((await refusal(() => createDistributedEngine({ ...base, engineSpec: { f: () => 1, n: 1n } }))).field).toBe('options.engineSpec');
    expect((await refusal(listWorkers({}))).field).toBe('options');
  });

  it("reports a trial's bad config from the worker as INVALID_CONFIG, and the trial goes on from where it was", async () => {
    const w = await worker();
    const local = engineFromSpec(engineSpec as unknown as ExperimentSpec, { workers: 0 });
    const engine = createDistributedEngine({ databaseUrl: database.url, engineSpec, backend: 'cpu', dataset: local.dataset, modelFamily: local.modelFamily, pollMs: 50 });
    try {
      const trial = await engine.createTrial({ lr: 0.01, batch_size: 16 }, 3);
      await trial.train(5);
      await expect(trial.train(0)).rejects.toThrow(/steps must be an integer ≥ 1/);
      trial.apply({ lr: -1 });
      const e = await refusal(trial.train(5));
      expect(e.code).toBe('INVALID_CONFIG');
      expect(e.field).toMatch(/lr/);
      const stats = await trial.train(5);
      const direct = await local.createTrial({ lr: 0.01, batch_size: 16 }, 3);
      await direct.train(5);
      expect((await direct.train(5)).loss).toBe(stats.loss);
      direct.dispose();
      await trial.dispose();
    } finally {
      await engine.dispose();
      await local.dispose();
      await w.stop();
    }
  });
});

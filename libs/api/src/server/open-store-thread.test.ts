import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EpigenomeError } from '@epigenome/core';
import { openMemory, type Memory } from '@epigenome/memory';
import { afterAll, describe, expect, it } from 'vitest';
import { createChangeFeed } from '../create-change-feed';
import { createReadCache } from '../create-read-cache';
import { createWorkerHost } from './create-worker-host';
import { serveStore } from './internal/serve-store';
import type { StoreReply } from './internal/store-protocol';
import { openStoreThread } from './open-store-thread';
import { tinySpec } from './test/tiny-spec';

const work = mkdtempSync(join(tmpdir(), 'epigenome-store-thread-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('openStoreThread: the embedded store on a thread of its own', () => {
  it('stores and reads through messages: records, metrics durable at flush, dashboard queries, checkpoints, errors with code and field; close frees the folder', async () => {
    const dir = join(work, 'db');
    const memory = await openStoreThread({ dir });
    try {
      expect(memory.driver).toBe('pglite');
      const e = await memory.createExperiment({ name: 'threaded', spec: { tags: ['t'] }, seed: 1, backend: 'cpu' });
      await memory.createTrial({ id: `${e.id}-t0`, experimentId: e.id, config: { lr: 0.1 }, seed: 1 });
      memory.appendMetrics(Array.from({ length: 3000 }, (_, step) => ({ trialId: `${e.id}-t0`, step, name: 'loss', value: 1 / (step + 1) })));
      expect(memory.pendingMetrics).toBe(3000);
      await memory.flush();
      expect(memory.pendingMetrics).toBe(0);
      expect(await memory.counts(e.id)).toEqual({ metrics: 3000, events: 0 });
      const series = await memory.queries.seriesBuckets(`${e.id}-t0`, 'loss', { buckets: 10 });
      expect(series.method).toBe('buckets');
      // Columns cross the thread as plain arrays, still parallel.
      expect([series.value, series.fromStep, series.n, series.minStep, series.minValue, series.maxStep, series.maxValue].map((c) => c.length)).toEqual(
        Array(7).fill(series.step.length),
      );
      expect(series.n.reduce((a, b) => a + b, 0)).toBe(3000);
      expect((await memory.queries.experimentPage({ tag: 't' })).items.map((i) => i.id)).toEqual([e.id]);
      expect(await memory.queries.markInheritance([])).toBeInstanceOf(Map);

      const bytes = Uint8Array.from({ length: 4096 }, (_, i) => i % 251);
      await memory.putCheckpoint({ trialId: `${e.id}-t0`, step: 40, bytes });
      const back = await memory.getCheckpoint(`${e.id}-t0`);
      expect(Buffer.from(back?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);

      const missing = await memory.getExperiment('no-such-experiment').catch((error: unknown) => error);
      expect(EpigenomeError.isInstance(missing)).toBe(true);
      expect(missing).toMatchObject({ code: 'NOT_FOUND', field: 'experimentId' });
      memory.appendMetrics([{ trialId: `${e.id}-t0`, step: 1, name: 'loss', value: Number.NaN }]);
      await expect(memory.flush()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/value/) });
      expect(() => memory.db).toThrow(/store thread/);
    } finally {
      await memory.close();
    }
    // Closed: the folder is free (no lock left) and holds what was written.
    const again = await openMemory({ dir });
    try {
      expect((await again.listExperiments()).map((x) => x.name)).toEqual(['threaded']);
    } finally {
      await again.close();
    }
  }, 600_000);

  it('a training worker that crashes does not take the store thread down: its start is refused, the store still reads and writes', async () => {
    process.env.EPIGENOME_BACKEND = 'wasm';
    const memory = createReadCache(await openStoreThread({ dir: join(work, 'crash') }));
    try {
      const lines: string[] = [];
      const host = createWorkerHost({ memory, changes: createChangeFeed(), resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 }, log: (l) => lines.push(l) });
      await expect(host.start(tinySpec())).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/worker ended before it started/) });
      expect(lines.join('\n')).toMatch(/crashed/);
      await host.close();
      const e = await memory.createExperiment({ name: 'after-crash', spec: null, seed: 1, backend: 'cpu' });
      expect((await memory.queries.experimentPage({})).items.map((i) => i.name)).toContain('after-crash');
      expect((await memory.listExperiments()).filter((x) => x.status === 'running').map((x) => x.id)).toEqual([e.id]);
    } finally {
      await memory.close();
    }
  }, 600_000);

  it('refuses a folder another store holds with the store’s own CONFLICT, naming the owner', async () => {
    const dir = join(work, 'held');
    const holder = await openMemory({ dir });
    try {
      await expect(openStoreThread({ dir })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/in use by process/) });
    } finally {
      await holder.close();
    }
  }, 600_000);

  it('its lock names the owning process’s command line, not the thread’s file, so a refused CLI says who holds the store', async () => {
    const dir = join(work, 'owned');
    const memory = await openStoreThread({ dir, ownerArgv: ['/usr/bin/epigenome', '--db', dir, 'serve'] });
    try {
      await expect(openMemory({ dir })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`(/usr/bin/epigenome --db ${dir} serve)`) });
    } finally {
      await memory.close();
    }
  }, 600_000);
});

describe('serveStore: one call at a time, reads before waiting writes', () => {
  let memory: Memory | undefined;
  afterAll(async () => {
    await memory?.close();
  });

  it('a read sent after a run of writes is answered before them; writes keep their order; writes are not starved', async () => {
    memory = await openMemory({ inMemory: true });
    const order: number[] = [];
    const served = serveStore(memory, { post: (r: StoreReply) => order.push(r.id) });
    const e = await memory.createExperiment({ name: 'queue', spec: null, seed: 1, backend: 'cpu' });
    // 1 starts at once; 2..6 are writes queued behind it; 7 and 8 are reads queued last.
    served.handle({ type: 'call', id: 1, path: 'updateExperiment', args: [e.id, { summary: { n: 1 } }] });
    for (let id = 2; id <= 6; id++) served.handle({ type: 'call', id, path: 'updateExperiment', args: [e.id, { summary: { n: id } }] });
    served.handle({ type: 'call', id: 7, path: 'getExperiment', args: [e.id] });
    served.handle({ type: 'call', id: 8, path: 'queries.experimentPage', args: [{}] });
    while (order.length < 8) await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([1, 7, 8, 2, 3, 4, 5, 6]);
    expect(((await memory.getExperiment(e.id)).summary as { n: number }).n).toBe(6);

    // Ten reads queued behind a write: the write goes after READS_BEFORE_A_WRITE (8) of them.
    order.length = 0;
    served.handle({ type: 'call', id: 10, path: 'getExperiment', args: [e.id] });
    served.handle({ type: 'call', id: 11, path: 'updateExperiment', args: [e.id, { summary: { n: 11 } }] });
    for (let id = 12; id <= 21; id++) served.handle({ type: 'call', id, path: 'getExperiment', args: [e.id] });
    while (order.length < 12) await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([10, 12, 13, 14, 15, 16, 17, 18, 11, 19, 20, 21]);
  }, 300_000);

  it('refuses an unknown method by name', async () => {
    memory ??= await openMemory({ inMemory: true });
    const replies: StoreReply[] = [];
    serveStore(memory, { post: (r) => replies.push(r) }).handle({ type: 'call', id: 1, path: 'close' as 'flush', args: [] });
    while (replies.length < 1) await new Promise((r) => setTimeout(r, 5));
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'path' } });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { EpigenomeError } from '@epigenome/core';
import { openMemory, type Memory } from '@epigenome/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryProxy } from './memory-proxy';
import { serveStoreCalls } from './serve-store-calls';
import type { WorkerMessage } from './worker-protocol';

const work = mkdtempSync(join(tmpdir(), 'epigenome-proxy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('createMemoryProxy over a MessagePort to the one store', () => {
  let memory: Memory;
  const channel = new MessageChannel();
  let created: string | undefined;
  let writes = 0;
  beforeAll(async () => {
    memory = await openMemory({ dir: join(work, 'db') });
    const served = serveStoreCalls({ memory, post: (m, transfer) => channel.port2.postMessage(m, transfer), onCreated: (id) => (created = id), onWrite: () => writes++ });
    channel.port2.on('message', (m: WorkerMessage) => served.handle(m));
  }, 120_000);
  afterAll(async () => {
    channel.port1.close();
    await memory?.close();
  });

  it('stores through the main thread: records, batched metrics durable at flush, checkpoints both ways, errors with their code and field', async () => {
    const proxy = createMemoryProxy(channel.port1);
    const e = await proxy.createExperiment({ name: 'proxied', spec: { a: 1 }, seed: 3, backend: 'cpu' });
    expect(created).toBe(e.id);
    expect((await memory.getExperiment(e.id)).name).toBe('proxied');
    await proxy.createTrial({ id: `${e.id}-t0`, experimentId: e.id, config: { lr: 0.1 }, seed: 1 });
    expect(writes).toBe(2);

    proxy.appendMetrics(Array.from({ length: 2500 }, (_, step) => ({ trialId: `${e.id}-t0`, step, name: 'loss', value: 1 / (step + 1) })));
    await proxy.flush();
    expect((await memory.counts(e.id)).metrics).toBe(2500);

    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => i % 251);
    await proxy.putCheckpoint({ trialId: `${e.id}-t0`, step: 40, bytes });
    // the caller's bytes are still its own (a copy was moved, not these)
    expect(bytes.byteLength).toBe(4096);
    const back = await proxy.getCheckpoint(`${e.id}-t0`);
    expect(back?.step).toBe(40);
    expect(Buffer.from(back?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);

    const missing = await proxy.getExperiment('no-such-experiment').catch((error: unknown) => error);
    expect(EpigenomeError.isInstance(missing)).toBe(true);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', field: 'experimentId' });
  });

  it('a point the store refuses makes the next flush reject naming the field, and stores none of that batch', async () => {
    const proxy = createMemoryProxy(channel.port1);
    const e = await proxy.createExperiment({ name: 'bad-points', spec: null, seed: 1, backend: 'cpu' });
    await proxy.createTrial({ id: `${e.id}-t0`, experimentId: e.id, config: {}, seed: 1 });
    proxy.appendMetrics([
      { trialId: `${e.id}-t0`, step: 0, name: 'loss', value: 1 },
      { trialId: `${e.id}-t0`, step: 1, name: 'loss', value: Number.NaN },
    ]);
    await expect(proxy.flush()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/value/) });
    await proxy.flush();
    expect((await memory.counts(e.id)).metrics).toBe(0);
  });
});

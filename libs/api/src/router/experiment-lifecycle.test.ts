import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemory, type Memory } from '@epigenome/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeFeed } from '../create-change-feed';
import { createWorkerHost, type WorkerHost } from '../server/create-worker-host';
import { tinySpec } from '../server/test/tiny-spec';
import { waitForRecord } from '../server/test/wait-for-status';
import { appRouter } from './app-router';
import { createCallerFactory } from './trpc';

const work = mkdtempSync(join(tmpdir(), 'epigenome-control-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
process.env.EPIGENOME_BACKEND = 'wasm';

describe('experiments lifecycle through the worker host', () => {
  let memory: Memory;
  let host: WorkerHost;
  const changes = createChangeFeed();
  const caller = () => createCallerFactory(appRouter)({ memory, host, changes });
  beforeAll(async () => {
    memory = await openMemory({ dir: join(work, 'db') });
    host = createWorkerHost({ memory, changes });
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await memory?.close();
  });

  it('refuses bad input naming the field, storing nothing', async () => {
    const api = caller().experiments;
    await expect(api.start({ spec: tinySpec({ population: 0 }) })).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { field: expect.stringMatching(/^spec\.population/) } });
    await expect(api.start({ spec: tinySpec({ space: { lr: { kind: 'float', min: 1, max: 50 } } }) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/spec\.space\.lr\.max/),
    });
    await expect(api.start({ spec: tinySpec(), extra: 1 } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.stop({ experimentId: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.stop({ experimentId: 'a b' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.stop({ experimentId: 'x'.repeat(201) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.stop({ experimentId: 'no-such-experiment' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(api.resume({ experimentId: 'no-such-experiment' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await memory.listExperiments()).toEqual([]);
  });

  it('starts, refuses a second resume while running, stops resumably, reports the run state and resumes', async () => {
    const api = caller().experiments;
    const { experimentId: id } = await api.start({ spec: tinySpec() });
    expect(host.isRunning(id)).toBe(true);
    await expect(api.resume({ experimentId: id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await waitForRecord(memory, changes, id, (r) => ((r.summary as { runner?: { round: number } } | null)?.runner?.round ?? 0) >= 1);
    expect(await api.stop({ experimentId: id })).toEqual({ experimentId: id, status: 'interrupted' });
    await expect(api.stop({ experimentId: id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await api.runState({ experimentId: id })).toMatchObject({ experimentId: id, status: 'interrupted', running: false, round: expect.any(Number) });
    expect((await api.runState({ experimentId: id })).round).toBeGreaterThanOrEqual(1);
    expect(await api.resume({ experimentId: id })).toEqual({ experimentId: id });
    expect(host.isRunning(id)).toBe(true);
    // finishing is the host's test; here the running experiment is stopped by host.close()
    await expect(api.runState({ experimentId: 'no-such-experiment' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 240_000);
});

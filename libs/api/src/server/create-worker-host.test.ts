import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemory, type Memory } from '@epigenome/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeFeed } from '../create-change-feed';
import { createWorkerHost } from './create-worker-host';
import { recoverInterrupted } from './recover-interrupted';
import { tinySpec } from './test/tiny-spec';
import { waitForRecord } from './test/wait-for-status';

const work = mkdtempSync(join(tmpdir(), 'epigenome-host-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
process.env.EPIGENOME_BACKEND = 'wasm';

/** The stored result without the ids that differ between experiments. */
function comparable(summary: unknown) {
  const result = (summary as { result: Record<string, any> }).result;
  const suffix = (id: string | undefined) => (id ? id.slice(id.lastIndexOf('-') + 1) : id);
  const trial = (t: Record<string, any>) => ({ ...t, id: suffix(t.id), parentId: suffix(t.parentId) });
  return { status: result.status, steps: result.steps, metricPoints: result.metricPoints, events: result.events, best: trial(result.best), trials: result.trials.map(trial) };
}

describe('createWorkerHost', () => {
  let ref: Memory;
  let memory: Memory;
  beforeAll(async () => {
    ref = await openMemory({ dir: join(work, 'ref') });
    memory = await openMemory({ dir: join(work, 'db') });
  }, 120_000);
  afterAll(async () => {
    await ref?.close();
    await memory?.close();
  });

  it('runs in a worker; stop → interrupted → resume completes with the uninterrupted result', async () => {
    // The reference, in its own store (and its own host), never interrupted.
    const refChanges = createChangeFeed();
    const refHost = createWorkerHost({ memory: ref, changes: refChanges });
    const started = await refHost.start(tinySpec());
    expect(refHost.isRunning(started.experimentId)).toBe(true);
    const reference = await waitForRecord(ref, refChanges, started.experimentId, (r) => r.status !== 'running');
    expect(reference.status).toBe('completed');
    await refHost.close();

    const changes = createChangeFeed();
    const host = createWorkerHost({ memory, changes });
    const { experimentId: id } = await host.start(tinySpec());
    // stop once two rounds are persisted
    await waitForRecord(memory, changes, id, (r) => ((r.summary as { runner?: { round: number } } | null)?.runner?.round ?? 0) >= 2);
    await host.stop(id);
    expect(host.isRunning(id)).toBe(false);
    const stopped = await memory.getExperiment(id);
    expect(stopped.status).toBe('interrupted');
    await expect(host.stop(id)).rejects.toMatchObject({ code: 'CONFLICT' });

    await host.resume(id);
    await expect(host.resume(id)).rejects.toMatchObject({ code: 'CONFLICT' });
    const done = await waitForRecord(memory, changes, id, (r) => r.status !== 'running');
    expect(done.status).toBe('completed');
    expect(comparable(done.summary)).toEqual(comparable(reference.summary));
    expect((await memory.counts(id)).metrics).toBe((await ref.counts(started.experimentId)).metrics);
    await expect(host.resume(id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await host.close();
  }, 240_000);

  it('refuses a spec the runner refuses, naming the field, and stores nothing', async () => {
    const host = createWorkerHost({ memory, changes: createChangeFeed() });
    const before = (await memory.listExperiments()).length;
    await expect(host.start(tinySpec({ population: 0 }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/population/) });
    expect((await memory.listExperiments()).length).toBe(before);
    await host.close();
  });

  it('a worker that does not stop in time is terminated, its experiment interrupted and resumable', async () => {
    const changes = createChangeFeed();
    const host = createWorkerHost({ memory, changes, stopTimeoutMs: 1, log: () => {} });
    const { experimentId: id } = await host.start(tinySpec());
    await host.close();
    expect(host.isRunning(id)).toBe(false);
    expect((await memory.getExperiment(id)).status).toBe('interrupted');
    await expect(host.start(tinySpec())).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/shutting down/) });
  });

  it('a worker that crashes (out of memory) refuses its start with a message and no stack, and leaves no experiment running', async () => {
    const lines: string[] = [];
    const host = createWorkerHost({ memory, changes: createChangeFeed(), resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 }, log: (l) => lines.push(l) });
    const before = await memory.listExperiments();
    const error = await host.start(tinySpec()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/worker ended before it started/) });
    expect((error as Error).message).not.toMatch(/\n\s+at /);
    expect(lines.join('\n')).toMatch(/crashed/);
    const after = await memory.listExperiments();
    expect(after.filter((e) => e.status === 'running')).toEqual(before.filter((e) => e.status === 'running'));
    await host.close();
  });

  it('marks experiments a killed server left running interrupted (embedded store)', async () => {
    const e = await memory.createExperiment({ name: 'killed', spec: tinySpec(), seed: 1, backend: 'wasm' });
    expect((await memory.getExperiment(e.id)).status).toBe('running');
    expect(await recoverInterrupted(memory)).toEqual([e.id]);
    expect((await memory.getExperiment(e.id)).status).toBe('interrupted');
  });
});

describe('createWorkerHost: training yields the CPU', () => {
  /** Nice values of this process's threads, by thread id (Linux `/proc/self/task/<tid>/stat`, field 19). */
  const threadNice = () =>
    new Map(
      readdirSync('/proc/self/task').map((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return [Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])] as const;
      }),
    );

  it.runIf(existsSync('/proc/self/task'))(
    'an experiment’s worker thread trains at nice 10 while the server’s threads keep theirs',
    async () => {
      const memory = await openMemory({ inMemory: true });
      const changes = createChangeFeed();
      const host = createWorkerHost({ memory, changes });
      try {
        const before = threadNice();
        const { experimentId } = await host.start(tinySpec({ budget: { steps: 100_000 } }));
        await waitForRecord(memory, changes, experimentId, (r) => ((r.summary as { runner?: { round: number } } | null)?.runner?.round ?? 0) >= 1);
        const during = threadNice();
        const niced = [...during].filter(([tid, nice]) => !before.has(tid) && nice === 10);
        expect(niced.length).toBeGreaterThan(0);
        expect(during.get(process.pid)).toBe(before.get(process.pid));
        await host.stop(experimentId);
      } finally {
        await host.close();
        await memory.close();
      }
    },
    600_000,
  );

  it('refuses a nice value outside 0..19, naming the field', () => {
    expect(() => createWorkerHost({ memory: {} as Memory, changes: createChangeFeed(), trainingNice: 25 })).toThrow(/trainingNice must be an integer in \[0, 19\]; got 25/);
  });
});

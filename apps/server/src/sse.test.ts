import { join } from 'node:path';
import { openMemory } from '@epigenome/memory';
import { describe, expect, it } from 'vitest';
import { readSse, type SseMessage } from './test/read-sse';
import { queryPath } from './test/raw-request';
import { call, startExperiment, startServerProcess, waitUntilFinished, workDir } from './test/server-process';
import { tinySpec } from '../../../libs/api/src/server/test/tiny-spec';
// In-process, from the api library's sources: the server and its count of live generators.
import { openLiveSubscriptions } from '../../../libs/api/src/router/live-router';
import { startServer } from '../../../libs/api/src/server/start-server';

const work = workDir();

type Live =
  | { type: 'metrics'; trialId: string; name: string; points: { step: number; value: number }[] }
  | { type: 'events'; events: { id: number }[] }
  | { type: 'trial'; trial: { id: string; status: string } }
  | { type: 'status'; status: string; running: boolean };

/** The data messages of a stream (not `connected`, pings or the end), each with its id. */
async function collect(stream: AsyncGenerator<SseMessage>, into: { id: string; data: Live }[], enough: (got: Live[]) => boolean = () => false): Promise<void> {
  for await (const m of stream) {
    if (m.event === 'serialized-error') throw new Error(`subscription failed: ${JSON.stringify(m.data)}`);
    if (m.event !== 'message') continue;
    expect(m.id, 'every message is tracked').toEqual(expect.any(String));
    into.push({ id: m.id as string, data: m.data as Live });
    if (enough(into.map((x) => x.data))) return;
  }
}

describe('live.experiment over SSE against the server process', () => {
  it('a connection dropped mid-run and resumed with Last-Event-ID gets every event and point exactly once', async () => {
    const dir = join(work, 'sse');
    const server = startServerProcess(['--db', dir]);
    const url = await server.url;
    const experimentId = await startExperiment(url, tinySpec({ budget: { steps: 400 } }));
    const stream = `${url}/${queryPath('live.experiment', { experimentId })}`;

    // First connection: read until two metrics messages came, then drop it.
    const first: { id: string; data: Live }[] = [];
    const drop = new AbortController();
    await collect(readSse(stream, { signal: drop.signal }), first, (got) => got.filter((m) => m.type === 'metrics').length >= 2);
    drop.abort();
    const runState = await call(url, `experiments.runState?input=${encodeURIComponent(JSON.stringify({ experimentId }))}`);
    // the drop came mid-run (400 steps take far longer than the first two metrics messages)
    expect(runState.json.result?.data.running).toBe(true);
    expect(first.some((m) => m.data.type === 'status' && !m.data.running)).toBe(false);

    // Second connection: resume from the last id seen, read to the end (the final status ends it).
    const second: { id: string; data: Live }[] = [];
    await collect(readSse(stream, { signal: new AbortController().signal, lastEventId: first[first.length - 1]!.id }), second);
    const last = second[second.length - 1]?.data;
    expect(last).toEqual({ type: 'status', status: 'completed', running: false });
    expect(await waitUntilFinished(url, experimentId)).toBe('completed');
    server.child.kill('SIGTERM');
    expect((await server.exit()).code).toBe(0);

    // What was received, per kind.
    const all = [...first, ...second].map((m) => m.data);
    const eventIds = all.flatMap((m) => (m.type === 'events' ? m.events.map((e) => e.id) : []));
    const points = new Map<string, string[]>();
    for (const m of all)
      if (m.type === 'metrics') points.set(`${m.trialId}/${m.name}`, [...(points.get(`${m.trialId}/${m.name}`) ?? []), ...m.points.map((p) => `${p.step}:${p.value}`)]);

    // What is stored.
    const memory = await openMemory({ dir });
    try {
      const q = memory.queries;
      const stored: number[] = [];
      for (let afterId: number | undefined; ;) {
        const page = await q.eventPage({ experimentId, limit: 500, ...(afterId !== undefined ? { afterId } : {}) });
        stored.push(...page.items.map((e) => e.id));
        if (page.nextAfterId === undefined) break;
        afterId = page.nextAfterId;
      }
      expect(stored.length).toBeGreaterThan(0);
      expect(eventIds).toEqual(stored);
      const series = await q.experimentSeries(experimentId);
      expect(series.length).toBeGreaterThan(0);
      const storedPoints = new Map<string, string[]>();
      for (const s of series)
        storedPoints.set(
          `${s.trialId}/${s.name}`,
          (await q.pointsAfter(s.id, -1, 100_000)).map((p) => `${p.step}:${p.value}`),
        );
      // every point once, in step order, per series: nothing lost, nothing twice
      expect(Object.fromEntries(points)).toEqual(Object.fromEntries(storedPoints));
      const trials = await q.trialStates(experimentId);
      const lastTrialStatus = new Map(all.flatMap((m) => (m.type === 'trial' ? [[m.trial.id, m.trial.status] as const] : [])));
      expect(Object.fromEntries(lastTrialStatus)).toEqual(Object.fromEntries(trials.map((t) => [t.id, t.status])));
    } finally {
      await memory.close();
    }
  }, 240_000);
});

describe('live.experiment: the generator ends when the client goes away', () => {
  it('a subscription to a running experiment dropped by its client leaves no generator behind', async () => {
    const server = await startServer({ dir: join(work, 'leak'), log: () => {} });
    try {
      const experimentId = await startExperiment(server.url, tinySpec({ budget: { steps: 100_000 } }));
      expect(openLiveSubscriptions()).toBe(0);
      const drop = new AbortController();
      const got: { id: string; data: Live }[] = [];
      await collect(readSse(`${server.url}/${queryPath('live.experiment', { experimentId })}`, { signal: drop.signal }), got, (m) => m.some((x) => x.type === 'metrics'));
      expect(openLiveSubscriptions()).toBe(1);
      expect(server.host.isRunning(experimentId)).toBe(true);
      drop.abort();
      // The server sees the connection close and aborts the generator's signal; it returns at once.
      while (openLiveSubscriptions() > 0) await new Promise((r) => setTimeout(r, 50));
      expect(openLiveSubscriptions()).toBe(0);
      expect(server.host.isRunning(experimentId)).toBe(true);
    } finally {
      await server.close();
    }
  }, 120_000);
});

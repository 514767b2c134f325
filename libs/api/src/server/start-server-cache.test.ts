import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './start-server';
import { tinySpec } from './test/tiny-spec';

/**
 * The server on an embedded store of its own keeps whole responses; these tests hold it to the
 * no-stale rule through real HTTP: a request sent after a write was acknowledged sees that write.
 */
describe('the server’s response cache', () => {
  let dir: string;
  let server: RunningServer;
  let experimentId: string;
  const trialId = () => `${experimentId}-t0`;
  const get = async (path: string, input: unknown) => {
    const res = await fetch(`${server.url}/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
    return { status: res.status, text: await res.text() };
  };
  const data = <T>(r: { text: string }) => (JSON.parse(r.text) as { result: { data: T } }).result.data;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'epigenome-response-cache-'));
    server = await startServer({ dir, log: () => {} });
    const m = server.memory;
    experimentId = (await m.createExperiment({ name: 'kept', spec: tinySpec(), seed: 1, backend: 'cpu' })).id;
    await m.createTrial({ id: trialId(), experimentId, config: { lr: 0.1 }, seed: 1 });
    m.appendMetrics(Array.from({ length: 3000 }, (_, step) => ({ trialId: trialId(), step, name: 'loss', value: 1 / (step + 1) })));
    await m.flush();
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers repeated identical queries from one kept response, byte for byte', async () => {
    const input = { trialId: trialId(), name: 'loss', buckets: 100 };
    const handled = server.stats.responses!.handled;
    const answers = await Promise.all(Array.from({ length: 20 }, () => get('series.get', input)));
    const again = await get('series.get', input);
    for (const a of [...answers, again]) expect(a).toEqual(answers[0]);
    expect(answers[0]!.status).toBe(200);
    expect(server.stats.responses!.handled - handled).toBe(1);
    expect(data<{ total: number }>(answers[0]!).total).toBe(3000);
    // Each answer says how it was made (diagnostics: the bench splits latencies by it).
    const how = async (i: unknown) => (await fetch(`${server.url}/series.get?input=${encodeURIComponent(JSON.stringify(i))}`)).headers.get('x-epigenome-cache');
    expect(await how(input)).toBe('hit');
    expect(await how({ ...input, buckets: 101 })).toBe('miss');
  }, 60_000);

  it('a series read after its points were flushed has them; other trials’ points do not evict it', async () => {
    const input = { trialId: trialId(), name: 'loss', buckets: 100 };
    expect(data<{ total: number }>(await get('series.get', input)).total).toBe(3000);
    const m = server.memory;
    await m.createTrial({ id: `${experimentId}-t1`, experimentId, config: { lr: 0.2 }, seed: 2 });
    m.appendMetrics([{ trialId: `${experimentId}-t1`, step: 0, name: 'loss', value: 1 }]);
    await m.flush();
    const handled = server.stats.responses!.handled;
    expect(data<{ total: number }>(await get('series.get', input)).total).toBe(3000);
    expect(server.stats.responses!.handled).toBe(handled);
    m.appendMetrics([{ trialId: trialId(), step: 3000, name: 'loss', value: 0.0001 }]);
    await m.flush();
    expect(data<{ total: number }>(await get('series.get', input)).total).toBe(3001);
  }, 60_000);

  it('lists an experiment created after the list was kept, and errors are never kept', async () => {
    const names = async () => data<{ items: { name: string }[] }>(await get('experiments.list', { limit: 50 })).items.map((i) => i.name);
    expect(await names()).toEqual(['kept']);
    expect(await names()).toEqual(['kept']);
    await server.memory.createExperiment({ name: 'later', spec: tinySpec(), seed: 2, backend: 'cpu' });
    expect(await names()).toEqual(['later', 'kept']);
    const missing = { trialId: `${experimentId}-t9`, name: 'loss' };
    expect((await get('series.get', missing)).status).toBe(404);
    await server.memory.createTrial({ id: `${experimentId}-t9`, experimentId, config: { lr: 0.3 }, seed: 3 });
    server.memory.appendMetrics([{ trialId: `${experimentId}-t9`, step: 0, name: 'loss', value: 2 }]);
    await server.memory.flush();
    const found = await get('series.get', missing);
    expect(found.status).toBe(200);
    expect(data<{ total: number }>(found).total).toBe(1);
  }, 60_000);

  it('keeps the impact answer (a computation over all events and series) until a write, and then has the new event', async () => {
    const impact = async () => {
      const res = await fetch(`${server.url}/analysis.impact?input=${encodeURIComponent(JSON.stringify({ experimentId }))}`);
      return { how: res.headers.get('x-epigenome-cache'), events: data<{ events: unknown[] }>({ text: await res.text() }).events.length };
    };
    const first = await impact();
    expect(await impact()).toEqual({ how: 'hit', events: first.events });
    await server.memory.appendEvents([
      { experimentId, trialId: trialId(), step: 10, level: 'epoch', regulator: 'kept', kind: 'change', param: 'lr', from: 0.1, to: 0.05, reason: 'test' },
    ]);
    expect(await impact()).toEqual({ how: 'miss', events: first.events + 1 });
    expect((await impact()).how).toBe('hit');
  }, 60_000);

  it('a running experiment’s list entry changes when it stops running here', async () => {
    const { experimentId: id } = await server.host.start(tinySpec({ name: 'runs', budget: { steps: 100_000 } }));
    const running = async () => data<{ items: { id: string; running: boolean }[] }>(await get('experiments.list', { limit: 50 })).items.find((i) => i.id === id)?.running;
    expect(await running()).toBe(true);
    expect(await running()).toBe(true);
    await server.host.stop(id);
    expect(await running()).toBe(false);
  }, 300_000);
});

import { openMemory, type Memory } from '@epigenome/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadCache } from './create-read-cache';
import { createReadTracker } from './create-read-tracker';

/** The real store, with every call that reaches it counted by name. */
function counted(memory: Memory): { store: Memory; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const queries = new Proxy(memory.queries, {
    get(target, name) {
      const value = Reflect.get(target, name) as unknown;
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        count(`queries.${name}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const store = new Proxy(memory, {
    get(target, name) {
      if (name === 'queries') return queries;
      const value = Reflect.get(target, name) as unknown;
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        count(name);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}

describe('createReadCache', () => {
  let memory: Memory;
  let experimentId: string;
  const trialId = () => `${experimentId}-t0`;
  beforeAll(async () => {
    memory = await openMemory({ inMemory: true, metrics: { flushIntervalMs: 0 } });
    const e = await memory.createExperiment({ name: 'cached', spec: { tags: ['c'] }, seed: 1, backend: 'cpu' });
    experimentId = e.id;
    await memory.createTrial({ id: trialId(), experimentId, config: { lr: 0.1 }, seed: 1 });
    memory.appendMetrics(Array.from({ length: 5000 }, (_, step) => ({ trialId: trialId(), step, name: 'loss', value: 1 / (step + 1) })));
    await memory.flush();
  }, 120_000);
  afterAll(async () => {
    await memory?.close();
  });

  it('refuses a misspelt option and a value out of range, naming the field', () => {
    expect(() => createReadCache(memory, { maxEntires: 8 } as never)).toThrow(/options\.maxEntires is not an option; did you mean "maxEntries"/);
    expect(() => createReadCache(memory, { maxEntries: -1 })).toThrow('options.maxEntries must be an integer ≥ 0; got -1');
    expect(() => createReadCache(memory, { flushDelayMs: Number.NaN })).toThrow(/options\.flushDelayMs must be a finite number ≥ 0/);
  });

  it('identical concurrent reads share one store query, and get the store’s answer', async () => {
    const { store, calls } = counted(memory);
    const cache = createReadCache(store);
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.queries.seriesBuckets(trialId(), 'loss', { buckets: 100 })));
    expect(calls.get('queries.seriesBuckets')).toBe(1);
    expect(cache.stats).toMatchObject({ storeReads: 1, shared: 19 });
    for (const a of answers) expect(a).toEqual(await memory.queries.seriesBuckets(trialId(), 'loss', { buckets: 100 }));
    // Different inputs are different queries.
    await Promise.all([cache.queries.seriesBuckets(trialId(), 'loss', { buckets: 50 }), cache.queries.seriesBuckets(trialId(), 'loss', { buckets: 60 })]);
    expect(calls.get('queries.seriesBuckets')).toBe(3);
  });

  it('a repeated read is answered from the cache until a write through it changes the data; the read after the write sees it', async () => {
    const { store, calls } = counted(memory);
    const cache = createReadCache(store);
    const first = await cache.queries.experimentPage({ tag: 'c' });
    await cache.queries.experimentPage({ tag: 'c' });
    expect(calls.get('queries.experimentPage')).toBe(1);
    expect(cache.stats.hits).toBe(1);
    expect(first.items[0]?.status).toBe('running');

    await cache.updateExperiment(experimentId, { status: 'interrupted' });
    const after = await cache.queries.experimentPage({ tag: 'c' });
    expect(calls.get('queries.experimentPage')).toBe(2);
    expect(after.items[0]?.status).toBe('interrupted');
    expect((await cache.getExperiment(experimentId)).status).toBe('interrupted');
    await cache.updateExperiment(experimentId, { status: 'running' });
    expect((await cache.getExperiment(experimentId)).status).toBe('running');
  });

  it('a record write moves only the tables it changes: an event or a checkpoint leaves the list and the trials cached, a trial update does not', async () => {
    const { store, calls } = counted(memory);
    const cache = createReadCache(store);
    const read = () => Promise.all([cache.queries.experimentPage({ tag: 'c' }), cache.listTrials(experimentId), cache.getExperiment(experimentId)]);
    await read();
    await cache.appendEvents([{ experimentId, trialId: trialId(), step: 3, level: 'step', regulator: 'hg', kind: 'change', param: 'lr', from: 0.1, to: 0.2, reason: 'test' }]);
    await cache.addLineage({ experimentId, parentId: trialId(), childId: trialId(), step: 4 });
    await read();
    expect([calls.get('queries.experimentPage'), calls.get('listTrials'), calls.get('getExperiment')]).toEqual([1, 1, 1]);

    await cache.updateTrial(trialId(), { fitness: 0.75 });
    const [page, trials, record] = await read();
    expect([calls.get('queries.experimentPage'), calls.get('listTrials'), calls.get('getExperiment')]).toEqual([2, 2, 1]);
    expect(page.items[0]?.best?.value).toBe(0.75);
    expect(trials[0]?.fitness).toBe(0.75);
    expect(record.id).toBe(experimentId);
  });

  it('new metric points move only their trial’s series: read after flush sees them; another trial’s series stays cached', async () => {
    const { store, calls } = counted(memory);
    const cache = createReadCache(store);
    const other = `${experimentId}-t1`;
    await cache.createTrial({ id: other, experimentId, config: { lr: 0.2 }, seed: 2 });
    cache.appendMetrics([{ trialId: other, step: 0, name: 'loss', value: 3 }]);
    await cache.flush();
    const before = await cache.queries.seriesBuckets(trialId(), 'loss', { buckets: 10 });
    await cache.queries.seriesBuckets(other, 'loss', { buckets: 10 });
    cache.appendMetrics([{ trialId: other, step: 1, name: 'loss', value: 2 }]);
    await cache.flush();
    expect(await cache.queries.seriesBuckets(trialId(), 'loss', { buckets: 10 })).toEqual(before);
    expect(calls.get('queries.seriesBuckets')).toBe(2);
    const grown = await cache.queries.seriesBuckets(other, 'loss', { buckets: 10 });
    expect(grown).toMatchObject({ method: 'raw', step: [0, 1], value: [3, 2] });
    expect(calls.get('queries.seriesBuckets')).toBe(3);
  });

  it('points appended without a flush are flushed after flushDelayMs and then seen', async () => {
    const cache = createReadCache(memory, { flushDelayMs: 20 });
    const other = `${experimentId}-t2`;
    await cache.createTrial({ id: other, experimentId, config: { lr: 0.3 }, seed: 3 });
    expect(await cache.queries.seriesBuckets(other, 'loss', { buckets: 10 })).toMatchObject({ total: 0, step: [], value: [] });
    cache.appendMetrics([{ trialId: other, step: 0, name: 'loss', value: 5 }]);
    let seen: unknown;
    for (let i = 0; i < 100 && !(seen = await cache.queries.seriesBuckets(other, 'loss', { buckets: 10 })).step.length; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toMatchObject({ method: 'raw', step: [0], value: [5] });
  });

  it('a refused metric batch is refused at once (bad point) or by the next flush (unknown trial)', async () => {
    const cache = createReadCache(memory);
    expect(() => cache.appendMetrics([{ trialId: trialId(), step: -1, name: 'loss', value: 1 }])).toThrow(/step/);
    cache.appendMetrics([{ trialId: 'no-such-trial', step: 0, name: 'loss', value: 1 }]);
    await expect(cache.flush()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('time-dependent and uncached reads reach the store every time (shared only while in flight); maxEntries 0 caches nothing', async () => {
    const { store, calls } = counted(memory);
    const cache = createReadCache(store);
    await cache.counts(experimentId);
    await cache.counts(experimentId);
    expect(calls.get('counts')).toBe(2);
    await Promise.all([cache.counts(experimentId), cache.counts(experimentId)]);
    expect(calls.get('counts')).toBe(3);

    const fresh = counted(memory);
    const uncached = createReadCache(fresh.store, { maxEntries: 0 });
    await uncached.getExperiment(experimentId);
    await uncached.getExperiment(experimentId);
    expect(fresh.calls.get('getExperiment')).toBe(2);
  });

  it('a cached answer is frozen: a caller cannot change what the next caller gets', async () => {
    const cache = createReadCache(memory);
    const page = await cache.queries.experimentPage({ tag: 'c' });
    expect(() => {
      (page.items as unknown[]).push({});
    }).toThrow(TypeError);
    expect((await cache.queries.experimentPage({ tag: 'c' })).items).toHaveLength(1);
  });

  describe('keep', () => {
    it('computes once per key until a write; identical concurrent calls share one computation; a failure is not kept', async () => {
      const cache = createReadCache(memory);
      let runs = 0;
      const compute = () => Promise.resolve(++runs);
      expect(await Promise.all([cache.keep('a', compute), cache.keep('a', compute)])).toEqual([1, 1]);
      expect(await cache.keep('b', compute)).toBe(2);
      expect(await cache.keep('a', compute)).toBe(1);
      await cache.appendEvents([{ experimentId, trialId: trialId(), step: 9, level: 'epoch', regulator: 'k', kind: 'change', param: 'lr', from: 1, to: 2, reason: 'keep' }]);
      expect(await cache.keep('a', compute)).toBe(3);
      cache.appendMetrics([{ trialId: trialId(), step: 9000, name: 'keep', value: 1 }]);
      await cache.flush();
      expect(await cache.keep('a', compute)).toBe(4);
      expect(await cache.keep('a', compute)).toBe(4);
      await expect(cache.keep('f', () => Promise.reject(new Error(`fail ${++runs}`)))).rejects.toThrow('fail 5');
      expect(await cache.keep('f', () => Promise.resolve(++runs))).toBe(6);
      const uncached = createReadCache(memory, { maxEntries: 0 });
      expect(await uncached.keep('a', () => Promise.resolve(++runs))).toBe(7);
      expect(await uncached.keep('a', () => Promise.resolve(++runs))).toBe(8);
    });

    it('tracked work that takes a kept answer depends on its version only: what the computation read does not make it unkeepable', async () => {
      const tracker = createReadTracker();
      const cache = createReadCache(memory, { tracker });
      // The computation reads something unversioned (counts); the caller's set stays cacheable.
      const compute = () => cache.counts(experimentId).then((c) => c.events);
      let answer: Promise<number> | undefined;
      const first = tracker.track(() => void (answer = cache.keep('events', compute)));
      const events = await answer!;
      expect(events).toBeGreaterThan(0);
      expect(first.cacheable).toBe(true);
      const second = tracker.track(() => void (answer = cache.keep('events', compute)));
      expect(await answer!).toBe(events);
      expect(tracker.current(second)).toBe(true);
      await cache.addLineage({ experimentId, parentId: trialId(), childId: trialId(), step: 10 });
      expect(tracker.current(first)).toBe(false);
      expect(tracker.current(second)).toBe(false);
    });
  });
});

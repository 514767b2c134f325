import { EpigenomeError, type MemoryStore } from '@epigenome/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REINFORCE_AMOUNT, openMemory, type Memory } from './index';
import { context, driver, openTestMemory } from './test/test-memory';

const DAY = 86_400_000;
let clock = 1_700_000_000_000;
let memory: Memory;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ memory, cleanup } = await openTestMemory({ now: () => clock, maxCheckpointBytes: 1024, keepCheckpoints: 2, metrics: { batchSize: 1000, flushIntervalMs: 0 } }));
}, 60_000);
afterAll(async () => cleanup?.());

async function rejects(p: Promise<unknown>, code: string, field?: string): Promise<EpigenomeError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(EpigenomeError.isInstance(error), `expected EpigenomeError ${code}, got ${String(error)}`).toBe(true);
  const e = error as EpigenomeError;
  expect(e.code).toBe(code);
  if (field !== undefined) expect(e.field).toBe(field);
  return e;
}

async function experimentWithTrials(prefix: string, n = 2) {
  const exp = await memory.createExperiment({ id: `${prefix}-exp`, name: prefix, spec: { population: n }, seed: 7, backend: 'cpu', context: context() });
  for (let i = 0; i < n; i++) await memory.createTrial({ id: `${prefix}-t${i}`, experimentId: exp.id, config: { lr: 0.01 * (i + 1), opt: 'adam' }, seed: i });
  return exp;
}

describe(`memory store on ${driver}`, () => {
  it('counts, truncates a trial after a step (points, rollups, events), lists marks, lists marks, takes rollback events', async () => {
    await experimentWithTrials('trunc', 1);
    const points = Array.from({ length: 200 }, (_, i) => ({ trialId: 'trunc-t0', step: i, name: 'loss', value: 200 - i }));
    memory.appendMetrics(points);
    await memory.flush();
    await memory.appendEvents([
      {
        experimentId: 'trunc-exp',
        trialId: 'trunc-t0',
        step: 5,
        level: 'step',
        regulator: 'div',
        kind: 'rollback',
        param: '@weights',
        from: 'trunc-t0',
        to: 'trunc-t0',
        reason: 'diverged',
      },
    ]);
    expect(await memory.counts('trunc-exp')).toEqual({ metrics: 200, events: 1 });
    await memory.appendEvents([
      { experimentId: 'trunc-exp', trialId: 'trunc-t0', step: 150, level: 'step', regulator: 'div', kind: 'change', param: 'lr', from: 1, to: 0.5, reason: 'later' },
    ]);
    expect(await memory.truncateTrial('trunc-t0', 99)).toBe(100);
    expect(await memory.counts('trunc-exp')).toEqual({ metrics: 100, events: 1 });
    // rollups agree with the remaining points: the minimum over the whole range is now at step 99
    const series = await memory.queries.series('trunc-t0', 'loss', { maxPoints: 4 });
    expect(series.total).toBe(100);
    expect(Math.min(...series.points.map((p) => p.value))).toBe(101);
    expect(Math.max(...series.points.map((p) => p.step))).toBe(99);
    memory.appendMetrics(points.slice(100));
    await memory.flush();
    expect((await memory.counts('trunc-exp')).metrics).toBe(200);
    await rejects(memory.truncateTrial('nope', 1), 'NOT_FOUND', 'trialId');
    await rejects(memory.truncateTrial('trunc-t0', 1.5), 'INVALID_ARGUMENT', 'afterStep');
    await rejects(memory.counts('nope'), 'NOT_FOUND', 'experimentId');
    const strong = await memory.mark({ context: context(), regulation: { kind: 'config', config: { lr: 0.1 } }, fitness: 1, strength: 0.99 });
    const list = await memory.listMarks({ limit: 1000 });
    expect(list.map((m) => m.id)).toContain(strong.id);
    await memory.erase(strong.id);
    expect((await memory.listMarks({ limit: 1000 })).map((m) => m.id)).not.toContain(strong.id);
  });

  it('keeps large learned states as marks (keys are digests), and finds a repeated one again', async () => {
    const state = { weights: Array.from({ length: 20_000 }, (_, i) => Math.sin(i)) };
    const a = await memory.mark({ context: context(), regulation: { kind: 'state', regulator: 'big', state }, fitness: 0.5 });
    const b = await memory.mark({ context: context(), regulation: { kind: 'state', regulator: 'big', state }, fitness: 0.6 });
    expect(b.id).toBe(a.id);
    const stored = await memory.getMark(a.id);
    expect((stored.regulation as { state: typeof state }).state.weights).toHaveLength(20_000);
  });

  it('reports driver failures as STORE_FAILURE naming the operation', async () => {
    const own = await openTestMemory();
    await own.memory.createExperiment({ id: 'closed-exp', name: 'x', spec: {}, seed: 1, backend: 'cpu' });
    await own.memory.close();
    const e = await rejects(own.memory.getExperiment('closed-exp'), 'STORE_FAILURE');
    expect(e.message).toMatch(/^memory\.getExperiment\(\) failed: /);
    await own.cleanup().catch(() => undefined);
  }, 60_000);

  it('implements the MemoryStore contract', () => {
    const store: MemoryStore = memory;
    expect(store).toBeDefined();
    expect(memory.driver).toBe(driver);
  });

  it("opens on a caller's drizzle db or client and leaves it open on close", async () => {
    await memory.createExperiment({ id: 'shared-client', name: 'x', spec: {}, seed: 1, backend: 'cpu' });
    const second = await openMemory({ db: memory.db as unknown as { $client: unknown } });
    expect(second.driver).toBe(driver);
    expect((await second.getExperiment('shared-client')).name).toBe('x');
    await second.close();
    const third = await openMemory({ client: (memory.db as unknown as { $client: never }).$client, migrate: false });
    await third.close();
    expect((await memory.getExperiment('shared-client')).name).toBe('x');
  });

  it('creates, reads, lists and updates experiments and trials', async () => {
    const exp = await experimentWithTrials('crud');
    expect(exp).toMatchObject({ id: 'crud-exp', status: 'running', seed: 7, backend: 'cpu', spec: { population: 2 }, createdAt: clock });
    expect((await memory.getExperiment('crud-exp')).context).toEqual(context());
    await memory.updateExperiment('crud-exp', { status: 'completed', summary: { best: 0.9 }, backend: 'wasm' });
    expect(await memory.getExperiment('crud-exp')).toMatchObject({ status: 'completed', summary: { best: 0.9 }, backend: 'wasm' });
    expect((await memory.listExperiments()).map((e) => e.id)).toContain('crud-exp');
    await memory.updateTrial('crud-t1', { status: 'completed', step: 300, fitness: 0.8, parentId: 'crud-t0', generation: 1, config: { lr: 0.5, opt: 'sgd' } });
    const trials = await memory.listTrials('crud-exp');
    expect(trials).toHaveLength(2);
    expect(trials[1]).toEqual({
      id: 'crud-t1',
      experimentId: 'crud-exp',
      status: 'completed',
      config: { lr: 0.5, opt: 'sgd' },
      seed: 1,
      parentId: 'crud-t0',
      generation: 1,
      step: 300,
      fitness: 0.8,
    });
    expect(trials[0]).toMatchObject({ parentId: undefined, fitness: undefined, generation: 0 });
    const generated = await memory.createExperiment({ name: 'auto id', spec: null, seed: 1, backend: 'cpu' });
    expect(generated.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses unknown ids (NOT_FOUND), duplicates (CONFLICT) and bad input, storing nothing', async () => {
    await rejects(memory.getExperiment('nope'), 'NOT_FOUND', 'experimentId');
    await rejects(memory.updateExperiment('nope', { status: 'failed' }), 'NOT_FOUND');
    await rejects(memory.listTrials('nope'), 'NOT_FOUND');
    await rejects(memory.createTrial({ id: 'orphan', experimentId: 'nope', config: {}, seed: 1 }), 'NOT_FOUND', 'experimentId');
    await rejects(memory.updateTrial('nope', { step: 1 }), 'NOT_FOUND', 'trialId');
    await experimentWithTrials('dup', 1);
    await rejects(memory.createExperiment({ id: 'dup-exp', name: 'x', spec: {}, seed: 1, backend: 'cpu' }), 'CONFLICT', 'id');
    await rejects(memory.createTrial({ id: 'dup-t0', experimentId: 'dup-exp', config: {}, seed: 1 }), 'CONFLICT', 'id');
    await rejects(memory.updateExperiment('dup-exp', { status: 'bogus' as never }), 'INVALID_ARGUMENT', 'patch.status');
    const bad = await rejects(
      memory.createExperiment({ id: 'badctx', name: 'x', spec: {}, seed: 1, backend: 'cpu', context: { dataset: { name: 'mnist', samples: -1 } } as never }),
      'INVALID_ARGUMENT',
      'context.dataset.samples',
    );
    expect(bad.value).toBe(-1);
    expect(bad.allowed).toMatch(/integer/);
    await rejects(memory.createExperiment({ id: 'badspec', name: 'x', spec: { lr: Number.NaN }, seed: 1, backend: 'cpu' }), 'INVALID_ARGUMENT', 'spec.lr');
    await rejects(memory.getExperiment('badctx'), 'NOT_FOUND');
    await rejects(memory.getExperiment('badspec'), 'NOT_FOUND');
  });

  it('buffers metrics, writes them on flush and reads them back', async () => {
    await experimentWithTrials('met', 2);
    memory.appendMetrics([
      { trialId: 'met-t0', step: 1, name: 'loss', value: 2 },
      { trialId: 'met-t0', step: 2, name: 'loss', value: 1.5 },
      { trialId: 'met-t1', step: 1, name: 'loss', value: 3 },
    ]);
    expect(memory.pendingMetrics).toBe(3);
    await memory.flush();
    expect(memory.pendingMetrics).toBe(0);
    const series = await memory.queries.series('met-t0', 'loss');
    expect(series).toEqual({
      trialId: 'met-t0',
      name: 'loss',
      points: [
        { step: 1, value: 2 },
        { step: 2, value: 1.5 },
      ],
      total: 2,
      method: 'raw',
    });
    // Flushing by size: batchSize 1000.
    memory.appendMetrics(Array.from({ length: 2500 }, (_, i) => ({ trialId: 'met-t1', step: 10 + i, name: 'acc', value: i / 2500 })));
    expect(memory.pendingMetrics).toBe(0);
    await memory.flush();
    expect((await memory.queries.series('met-t1', 'acc', { maxPoints: 5000 })).points).toHaveLength(2500);
  });

  it('rejects a NaN metric at once, buffering nothing of that call', async () => {
    await experimentWithTrials('nan', 1);
    let error: unknown;
    try {
      memory.appendMetrics([
        { trialId: 'nan-t0', step: 1, name: 'loss', value: 1 },
        { trialId: 'nan-t0', step: 2, name: 'loss', value: Number.NaN },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'points[1].value', allowed: 'a finite number' });
    expect(memory.pendingMetrics).toBe(0);
    expect(() => memory.appendMetrics([{ trialId: 'nan-t0', step: -1, name: 'loss', value: 1 }])).toThrow(/points\[0\]\.step/);
    await memory.flush();
    expect((await memory.queries.series('nan-t0', 'loss')).total).toBe(0);
  });

  it('drops the appends naming an unknown trial whole, writes the rest, and rejects the flush with NOT_FOUND', async () => {
    await experimentWithTrials('unk', 1);
    memory.appendMetrics([{ trialId: 'unk-t0', step: 1, name: 'loss', value: 1 }]);
    memory.appendMetrics([
      { trialId: 'unk-t0', step: 2, name: 'loss', value: 1 },
      { trialId: 'ghost', step: 2, name: 'loss', value: 1 },
    ]);
    memory.appendMetrics([{ trialId: 'unk-t0', step: 3, name: 'loss', value: 1 }]);
    const e = await rejects(memory.flush(), 'NOT_FOUND', 'points[].trialId');
    expect(e.value).toBe('ghost');
    expect((await memory.queries.series('unk-t0', 'loss')).points.map((p) => p.step)).toEqual([1, 3]);
    await memory.flush(); // the error is reported once
  });

  it('stores regulation events atomically and queries them by level and step range', async () => {
    await experimentWithTrials('ev', 2);
    const base = { experimentId: 'ev-exp', regulator: 'r', kind: 'change' as const, param: 'lr', reason: 'why' };
    await memory.appendEvents([
      { ...base, trialId: 'ev-t0', step: 10, level: 'step', from: 0.1, to: 0.2 },
      { ...base, trialId: 'ev-t0', step: 20, level: 'epoch', from: 0.2, to: 0.1 },
      { ...base, trialId: 'ev-t1', step: 30, level: 'population', kind: 'exploit', param: '@weights', from: 'ev-t1', to: 'ev-t0' },
      { ...base, trialId: 'ev-t1', step: 40, level: 'step', from: 'adam', to: null },
    ]);
    const steps = await memory.queries.events({ experimentId: 'ev-exp', levels: ['step'] });
    expect(steps.map((e) => [e.step, e.from, e.to])).toEqual([
      [10, 0.1, 0.2],
      [40, 'adam', null],
    ]);
    expect((await memory.queries.events({ experimentId: 'ev-exp', fromStep: 15, toStep: 35 })).map((e) => e.level)).toEqual(['epoch', 'population']);
    expect((await memory.queries.events({ experimentId: 'ev-exp', trialId: 'ev-t1', levels: ['population', 'step'] })).map((e) => e.step)).toEqual([30, 40]);
    await rejects(memory.appendEvents([{ ...base, experimentId: 'nope', trialId: 'ev-t0', step: 1, level: 'step', from: 1, to: 2 }]), 'NOT_FOUND', 'events[].experimentId');
    await rejects(
      memory.appendEvents([
        { ...base, trialId: 'ev-t0', step: 1, level: 'step', from: 1, to: 2 },
        { ...base, trialId: 'ghost', step: 1, level: 'step', from: 1, to: 2 },
      ]),
      'NOT_FOUND',
      'events[].trialId',
    );
    await rejects(
      memory.appendEvents([
        { ...base, trialId: 'ev-t0', step: 1, level: 'step', from: 1, to: 2 },
        { ...base, trialId: 'ev-t0', step: 1, level: 'cosmic' as never, from: 1, to: 2 },
      ]),
      'INVALID_ARGUMENT',
      'events[1].level',
    );
    await rejects(memory.appendEvents([{ ...base, trialId: 'ev-t0', step: 1, level: 'step', from: Number.NaN, to: 2 }]), 'INVALID_ARGUMENT', 'events[0].from');
    expect(await memory.queries.events({ experimentId: 'ev-exp' })).toHaveLength(4);
    await rejects(memory.queries.events({ experimentId: 'nope' }), 'NOT_FOUND');
  });

  it('records lineage and returns the lineage graph', async () => {
    await experimentWithTrials('lin', 3);
    await memory.addLineage({ experimentId: 'lin-exp', childId: 'lin-t1', parentId: 'lin-t0', step: 100 });
    await memory.addLineage({ experimentId: 'lin-exp', childId: 'lin-t2', parentId: 'lin-t1', step: 200 });
    await memory.addLineage({ experimentId: 'lin-exp', childId: 'lin-t2', parentId: 'lin-t1', step: 200 }); // idempotent
    const graph = await memory.queries.lineage('lin-exp');
    expect(graph.nodes.map((n) => n.id)).toEqual(['lin-t0', 'lin-t1', 'lin-t2']);
    expect(graph.edges).toEqual([
      { experimentId: 'lin-exp', childId: 'lin-t1', parentId: 'lin-t0', step: 100 },
      { experimentId: 'lin-exp', childId: 'lin-t2', parentId: 'lin-t1', step: 200 },
    ]);
    await rejects(memory.addLineage({ experimentId: 'lin-exp', childId: 'ghost', parentId: 'lin-t0', step: 1 }), 'NOT_FOUND', 'edge.childId');
    await rejects(memory.queries.lineage('nope'), 'NOT_FOUND');
  });

  it('stores checkpoints, refuses one over the limit, and prunes by the retention rule', async () => {
    await experimentWithTrials('ck', 2);
    const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) % 256);
    await memory.putCheckpoint({ trialId: 'ck-t0', step: 100, bytes: bytes(100) });
    expect(await memory.getCheckpoint('ck-t0')).toEqual({ trialId: 'ck-t0', step: 100, bytes: bytes(100) });
    const e = await rejects(memory.putCheckpoint({ trialId: 'ck-t0', step: 200, bytes: bytes(1025) }), 'LIMIT_EXCEEDED', 'checkpoint.bytes');
    expect(e.value).toBe(1025);
    expect(await memory.getCheckpoint('ck-t0', 200)).toBeUndefined();
    await rejects(memory.putCheckpoint({ trialId: 'ghost', step: 1, bytes: bytes(1) }), 'NOT_FOUND', 'checkpoint.trialId');

    // t1 exploits t0 at step 200 (t0's checkpoint 200) and has not saved since: 200 is protected.
    await memory.putCheckpoint({ trialId: 'ck-t0', step: 200, bytes: bytes(200) });
    clock += 1;
    await memory.addLineage({ experimentId: 'ck-exp', childId: 'ck-t1', parentId: 'ck-t0', step: 200 });
    clock += 1;
    for (const step of [300, 400, 500]) await memory.putCheckpoint({ trialId: 'ck-t0', step, bytes: bytes(step % 256) });
    expect(await memory.getCheckpoint('ck-t0', 100)).toBeUndefined();
    expect((await memory.getCheckpoint('ck-t0', 200))?.step).toBe(200);
    expect(await memory.getCheckpoint('ck-t0', 300)).toBeUndefined();
    expect((await memory.getCheckpoint('ck-t0'))?.step).toBe(500);
    expect((await memory.getCheckpoint('ck-t0', 400))?.step).toBe(400);
    // Once the child saved a checkpoint of its own, the donor's old one is no longer needed.
    clock += 1;
    await memory.putCheckpoint({ trialId: 'ck-t1', step: 250, bytes: bytes(3) });
    expect(await memory.getCheckpoint('ck-t0', 200)).toBeUndefined();
    expect(await memory.pruneCheckpoints()).toBe(0);
  });

  it('keeps the steps a put asks to retain (a last good checkpoint) besides the newest, and only those', async () => {
    await experimentWithTrials('ret', 1);
    const one = new Uint8Array([1]);
    for (const step of [10, 20, 30]) await memory.putCheckpoint({ trialId: 'ret-t0', step, bytes: one }, { retain: [10] });
    await memory.putCheckpoint({ trialId: 'ret-t0', step: 40, bytes: one }, { retain: [10] });
    const stored = async () =>
      ((await memory.db.execute("select step from checkpoints where trial_id = 'ret-t0' order by step")) as unknown as { rows: { step: number }[] }).rows.map((r) => r.step);
    expect(await stored()).toEqual([10, 30, 40]);
    // Without it, the next put lets step 10 go.
    await memory.putCheckpoint({ trialId: 'ret-t0', step: 50, bytes: one });
    expect(await stored()).toEqual([40, 50]);
    await rejects(memory.putCheckpoint({ trialId: 'ret-t0', step: 60, bytes: one }, { retain: [1.5] }), 'INVALID_ARGUMENT', 'options.retain[0]');
    expect(await stored()).toEqual([40, 50]);
  });

  it('keeps a donor checkpoint only while the exploiting child runs', async () => {
    await experimentWithTrials('ck2', 2);
    const one = new Uint8Array([1]);
    await memory.putCheckpoint({ trialId: 'ck2-t0', step: 10, bytes: one });
    clock += 1;
    await memory.addLineage({ experimentId: 'ck2-exp', childId: 'ck2-t1', parentId: 'ck2-t0', step: 10 });
    for (const step of [20, 30, 40]) await memory.putCheckpoint({ trialId: 'ck2-t0', step, bytes: one });
    expect(await memory.getCheckpoint('ck2-t0', 10)).toBeDefined();
    await memory.updateTrial('ck2-t1', { status: 'failed' });
    expect(await memory.pruneCheckpoints()).toBe(1);
    expect(await memory.getCheckpoint('ck2-t0', 10)).toBeUndefined();
  });

  describe('marks', () => {
    const config = (lr: number) => ({ kind: 'config' as const, config: { lr } });

    it('marks, decays by half-life at read time, reinforces and weakens', async () => {
      const ctx = context('decay-set');
      const m = await memory.mark({ context: ctx, regulation: config(0.1), fitness: 0.9, strength: 0.8, halfLifeDays: 10, sourceExperimentId: 'e1' });
      expect(m).toMatchObject({ strength: 0.8, halfLifeDays: 10, fitness: 0.9, sourceExperimentId: 'e1', sourceTrialId: undefined, createdAt: clock, updatedAt: clock });
      const defaults = await memory.mark({ context: ctx, regulation: config(0.2), fitness: 0.5 });
      expect(defaults).toMatchObject({ strength: 0.5, halfLifeDays: 30 });
      clock += 10 * DAY;
      const [top] = await memory.inherit(ctx, 1);
      expect(top?.id).toBe(m.id);
      expect(top?.decayedStrength).toBeCloseTo(0.4, 10);
      expect(top?.similarity).toBe(1);
      const r = await memory.reinforce(m.id, 0.5);
      expect(r.strength).toBeCloseTo(0.4 + 0.5 * 0.6, 10);
      expect(r.updatedAt).toBe(clock);
      const w = await memory.weaken(m.id, 0.3);
      expect(w?.strength).toBeCloseTo(0.4, 10);
      await rejects(memory.reinforce(m.id, 2), 'INVALID_ARGUMENT', 'amount');
      await rejects(memory.reinforce('nope'), 'NOT_FOUND', 'markId');
    });

    it('reinforces and weakens by DEFAULT_REINFORCE_AMOUNT (0.2) when no amount is given', async () => {
      expect(DEFAULT_REINFORCE_AMOUNT).toBe(0.2);
      const m = await memory.mark({ context: context('default-amount'), regulation: config(0.4), fitness: 0.5, strength: 0.5, halfLifeDays: 1e9 });
      expect((await memory.reinforce(m.id)).strength).toBeCloseTo(0.5 + 0.2 * 0.5, 6);
      expect((await memory.weaken(m.id))?.strength).toBeCloseTo(0.6 - 0.2, 6);
    });

    it('erases below the floor, reversibly: a later mark of the same context and regulation revives it', async () => {
      const ctx = context('erase-set');
      const m = await memory.mark({ context: ctx, regulation: config(0.3), fitness: 0.7, strength: 0.2 });
      expect(await memory.weaken(m.id, 0.18)).toBeUndefined();
      expect((await memory.getMark(m.id)).erased).toBe(true);
      expect((await memory.inherit(ctx, 5)).map((x) => x.id)).not.toContain(m.id);
      const again = await memory.mark({ context: ctx, regulation: config(0.3), fitness: 0.75, strength: 0.6 });
      expect(again.id).toBe(m.id);
      expect(again).toMatchObject({ strength: 0.6, fitness: 0.75 });
      expect((await memory.inherit(ctx, 5)).map((x) => x.id)).toContain(m.id);
      await memory.erase(m.id);
      expect((await memory.getMark(m.id)).erased).toBe(true);
      const revived = await memory.revive(m.id, 0.4);
      expect(revived.strength).toBe(0.4);
      expect((await memory.getMark(m.id)).erased).toBe(false);
      await rejects(memory.erase('nope'), 'NOT_FOUND');
    });

    it('inherits the k best by similarity × decayed strength: identical > similar > unrelated', async () => {
      const target = context('inherit-mnist', 'cnn', { state: { loss_slope: -0.1 } });
      const identical = await memory.mark({ context: target, regulation: config(1), fitness: 0.5, strength: 0.5 });
      const similar = await memory.mark({ context: context('inherit-fashion', 'cnn', { state: { loss_slope: -0.12 } }), regulation: config(2), fitness: 0.9, strength: 0.5 });
      const unrelated = await memory.mark({
        context: context('inherit-iris', 'mlp', { samples: 150, features: 4, classes: 3, inputShape: [4] }),
        regulation: config(3),
        fitness: 0.99,
        strength: 0.5,
      });
      const all = await memory.queries.marksByContext(target, { limit: 1000 });
      const pos = (id: string) => all.findIndex((m) => m.id === id);
      expect(pos(identical.id)).toBeLessThan(pos(similar.id));
      expect(pos(similar.id)).toBeLessThan(pos(unrelated.id));
      const top2 = await memory.inherit(target, 2);
      expect(top2.map((m) => m.id)).toEqual([identical.id, similar.id]);
      expect(top2[0]!.score).toBeCloseTo(top2[0]!.similarity * top2[0]!.decayedStrength, 12);
      // Strength matters as well: a strong similar mark can beat a weak identical one.
      await memory.weaken(identical.id, 0.4);
      expect((await memory.inherit(target, 1))[0]?.id).toBe(similar.id);
      await rejects(memory.inherit({ dataset: { name: 'x' } } as never, 1), 'INVALID_ARGUMENT', 'context.dataset.samples');
      await rejects(memory.inherit(target, 0), 'INVALID_ARGUMENT', 'k');
      await rejects(memory.mark({ context: { ...target, model: { family: '' } }, regulation: config(1), fitness: 1 }), 'INVALID_ARGUMENT', 'input.context.model.family');
      await rejects(memory.mark({ context: target, regulation: config(1), fitness: 1, strength: 1.5 }), 'INVALID_ARGUMENT', 'input.strength');
      await rejects(memory.mark({ context: target, regulation: { kind: 'magic' } as never, fitness: 1 }), 'INVALID_ARGUMENT', 'input.regulation.kind');
    });

    it('remembers schedules and learned regulator state', async () => {
      const ctx = context('state-set');
      const schedule = {
        kind: 'schedule' as const,
        points: [
          { step: 0, config: { lr: 0.1 } },
          { step: 100, config: { lr: 0.01 } },
        ],
      };
      const state = { kind: 'state' as const, regulator: 'bandit', state: { arms: [1, 2, 3], counts: { a: 1 } } };
      await memory.mark({ context: ctx, regulation: schedule, fitness: 1 });
      await memory.mark({ context: ctx, regulation: state, fitness: 2 });
      const got = await memory.inherit(ctx, 2);
      expect(got.map((m) => m.regulation)).toEqual([state, schedule]);
    });
  });

  it('lists experiments with their best result', async () => {
    await experimentWithTrials('best', 3);
    await memory.updateTrial('best-t0', { fitness: 0.5 });
    await memory.updateTrial('best-t2', { fitness: 0.7 });
    memory.appendMetrics([
      { trialId: 'best-t0', step: 1, name: 'val_loss', value: 0.3 },
      { trialId: 'best-t1', step: 1, name: 'val_loss', value: 0.2 },
      { trialId: 'best-t1', step: 2, name: 'val_loss', value: 0.25 },
    ]);
    await memory.flush();
    const byFitness = (await memory.queries.experiments({ limit: 1000 })).find((e) => e.id === 'best-exp');
    expect(byFitness).toMatchObject({ trials: 3, best: { trialId: 'best-t2', value: 0.7 } });
    const byLoss = (await memory.queries.experiments({ metric: 'val_loss', mode: 'min', limit: 1000 })).find((e) => e.id === 'best-exp');
    expect(byLoss?.best).toEqual({ trialId: 'best-t1', value: 0.2 });
  });
});

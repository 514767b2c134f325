import { EpigenomeError } from '@epigenome/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iris } from '../../data/iris';
import { createTfjsEngine, type TfjsEngine } from '../../engine/create-tfjs-engine';
import { createTfjsEngine as createLocal } from '../../engine/create-tfjs-engine';

// Workers run the TypeScript sources through tsx's loader (see worker-pool.ts), so no build is needed.
describe('worker pool', () => {
  let engine: TfjsEngine;
  let baseline: number[];
  beforeAll(async () => {
    engine = createTfjsEngine({ model: { kind: 'mlp', hidden: [8] }, data: iris(), workers: 2, backend: 'wasm' });
    expect(await engine.ready()).toBe('wasm');
    baseline = (await engine.memory()).numTensors;
  }, 60_000);
  afterAll(() => engine.dispose());

  it('runs trials concurrently on two workers, each reporting its backend and worker', async () => {
    const trials = await Promise.all([0, 1, 2, 3].map((i) => engine.createTrial({ lr: 0.05, batch_size: 16 }, i)));
    expect(new Set(trials.map((t) => t.metadata.worker))).toEqual(new Set([0, 1]));
    for (const t of trials) expect(t.metadata.backend).toBe('wasm');
    const stats = await Promise.all(trials.map((t) => t.train(50)));
    for (const s of stats) expect(s).toMatchObject({ steps: 50, samples: 800 });
    const evals = await Promise.all(trials.map((t) => t.evaluate()));
    for (const e of evals) expect(e.val_accuracy).toBeGreaterThan(0.6);
    await Promise.all(trials.map((t) => t.dispose()));
    expect((await engine.memory()).numTensors.map((n, i) => n - (baseline[i] as number)).every((d) => d <= 5)).toBe(true);
  });

  it('moves checkpoints across workers as bytes; both trials then take identical steps, matching a local trial', async () => {
    const a = await engine.createTrial({ optimizer: 'adam', lr: 0.01, batch_size: 12 }, 1);
    const b = await engine.createTrial({ optimizer: 'sgd', lr: 0.1 }, 2);
    expect(a.metadata.worker).not.toBe(b.metadata.worker);
    await a.train(5);
    const c = await a.save();
    expect(c.bytes.byteLength).toBeGreaterThan(0);
    await b.load(c);
    expect(c.bytes.byteLength).toBeGreaterThan(0); // the caller's bytes survive the transfer
    expect(b.step).toBe(5);
    const [sa, sb] = await Promise.all([a.train(3), b.train(3)]);
    expect(sb.loss).toBe(sa.loss);
    expect(await b.readWeights()).toEqual(await a.readWeights());
    // the same checkpoint on this thread gives the same next steps as in the workers
    const local = createLocal({ model: { kind: 'mlp', hidden: [8] }, data: iris(), backend: 'wasm' });
    const l = await local.createTrial({}, 9);
    await l.load(c);
    await l.train(3);
    expect(await l.readWeights()).toEqual(await a.readWeights());
    l.dispose();
    await local.dispose();
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('turns bad input into EpigenomeErrors and keeps the pool alive', async () => {
    await expect(engine.createTrial({ lr: -1 }, 0)).rejects.toSatisfy((e) => EpigenomeError.isInstance(e) && (e as EpigenomeError).field === 'lr');
    const t = await engine.createTrial({}, 0);
    expect(() => t.apply({ dropout: 1.5 })).toThrow(/dropout/);
    await expect(t.load({ step: 0, config: {}, bytes: new Uint8Array(4) })).rejects.toSatisfy(
      (e) => EpigenomeError.isInstance(e) && (e as EpigenomeError).field === 'checkpoint.bytes',
    );
    await expect(t.train(0)).rejects.toThrow(/steps/);
    t.apply({ lr: 0.02, batch_size: 5 });
    const s = await t.train(2);
    expect(s.samples).toBe(10);
    expect(s.lrEffective).toBe(0.02);
    await t.dispose();
    await expect(t.train(1)).rejects.toThrow(/disposed/);
    const after = (await engine.memory()).numTensors;
    expect(after.map((n, i) => n - (baseline[i] as number)).every((d) => d <= 5)).toBe(true);
  });

  it('a NaN loss in a worker comes back as a diverged flag; the worker keeps serving', async () => {
    const base = iris();
    const x = Float32Array.from(base.train.x);
    x.fill(Number.NaN, 0, 40);
    const poisoned = createTfjsEngine({ model: { kind: 'mlp', hidden: [4] }, data: { ...base, train: { ...base.train, x } }, workers: 1, backend: 'wasm' });
    const t = await poisoned.createTrial({ batch_size: 120 }, 0);
    const s = await t.train(3);
    expect(s.metrics?.diverged).toBe(1);
    expect(Number.isNaN(s.loss)).toBe(true);
    expect(t.diverged).toBe(true);
    expect(Object.keys(await t.evaluate())).toContain('val_loss');
    await t.dispose();
    expect((await poisoned.memory()).numTensors).toEqual([5]); // only the shared data tensors remain
    await poisoned.dispose();
  }, 60_000);

  it('refuses model functions with workers', () => {
    expect(() => createTfjsEngine({ model: () => undefined as never, data: iris(), workers: 1 })).toThrow(/declarative/);
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iris } from '../data/iris';
import type { TaskData } from '../data/task-data';
import { decodeCheckpoint } from '../internal/trial/checkpoint-codec';
import { createTfjsEngine, type TfjsEngine } from './create-tfjs-engine';
import type { TfjsTrial } from './tfjs-trial';

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

/** A small image task (8×8×2 inputs, 3 classes) so a CNN test stays fast. */
function images(count = 96, seed = 3): TaskData {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const split = (n: number) => ({ x: Float32Array.from({ length: n * 128 }, rand), y: Int32Array.from({ length: n }, (_, i) => i % 3), count: n });
  return { descriptor: { name: 'images', samples: count, features: 128, classes: 3, inputShape: [8, 8, 2] }, train: split(count), validation: split(32) };
}

/** A trial's weights and Adam moments (m, v: flat over all parameters), from its checkpoint. */
async function adamState(t: TfjsTrial) {
  const { header, arrays } = decodeCheckpoint((await t.save()).bytes);
  const k = header.weights.length;
  return { header, weights: arrays.slice(0, k), m: arrays[k] as Float32Array, v: arrays[k + 1] as Float32Array };
}

/** Column j of a row-major [rows, cols] matrix. */
const column = (m: Float32Array, rows: number, cols: number, j: number) => Float32Array.from({ length: rows }, (_, r) => m[r * cols + j] as number);

describe.each(['cpu', 'wasm'] as const)('live widths on %s', (backend) => {
  let mlp: TfjsEngine;
  let cnn: TfjsEngine;
  let mlpFresh: TfjsEngine;
  let cnnFresh: TfjsEngine;
  let start: number;
  const task = iris();
  const probe = task.validation.x;
  const imageTask = images();
  beforeAll(async () => {
    mlp = createTfjsEngine({ model: { kind: 'mlp', hidden: [6, 5] }, data: task, backend, widenNoise: 0, growInit: 'net2wider' });
    cnn = createTfjsEngine({ model: { kind: 'cnn', filters: [3, 4], dense: [5] }, data: imageTask, backend, widenNoise: 0, growInit: 'net2wider' });
    mlpFresh = createTfjsEngine({ model: { kind: 'mlp', hidden: [6, 5] }, data: task, backend, growInit: 'fresh' });
    cnnFresh = createTfjsEngine({ model: { kind: 'cnn', filters: [3, 4], dense: [5] }, data: imageTask, backend, growInit: 'fresh' });
    // the data tensors are uploaded with an engine's first trial: count from after that
    for (const e of [mlp, cnn, mlpFresh, cnnFresh]) (await e.createTrial({}, 0)).dispose();
    start = tf.memory().numTensors;
  });
  afterAll(async () => {
    for (const e of [mlp, cnn, mlpFresh, cnnFresh]) await e.dispose();
  });
  const engines = () => ({ net2wider: { mlp, cnn }, fresh: { mlp: mlpFresh, cnn: cnnFresh } });

  it.each(['net2wider', 'fresh'] as const)('grows an MLP function-preservingly (%s), then trains on', async (init) => {
    const t = await engines()[init].mlp.createTrial({ lr: 0.01, batch_size: 16 }, 1);
    await t.train(20);
    const before = await t.predict(probe);
    t.apply({ 'width.0': 13, 'width.1': 11 });
    expect(t.config).toMatchObject({ 'width.0': 13, 'width.1': 11 });
    expect(t.metadata.parameters).toBe(4 * 13 + 13 + 13 * 11 + 11 + 11 * 3 + 3);
    expect(t.metadata.flops).toBe(4 * 13 + 13 * 11 + 11 * 3);
    const after = await t.predict(probe);
    expect(after.length).toBe(before.length);
    expect(maxAbsDiff(before, after)).toBeLessThan(1e-5);
    const stats = await t.train(20);
    expect(Number.isFinite(stats.loss)).toBe(true);
    expect(stats.metrics?.flops_forward).toBe(4 * 13 + 13 * 11 + 11 * 3);
    t.dispose();
  });

  it.each(['net2wider', 'fresh'] as const)('grows a CNN (filters of both conv blocks, a dense width) function-preservingly (%s)', async (init) => {
    const t = await engines()[init].cnn.createTrial({ lr: 0.01, batch_size: 8 }, 2);
    await t.train(5);
    const x = imageTask.validation.x;
    const before = await t.predict(x);
    t.apply({ 'filters.0': 7, 'filters.1': 9, 'width.0': 12 });
    expect(maxAbsDiff(before, await t.predict(x))).toBeLessThan(1e-5);
    // conv 3×3 same padding, pool 2: 8×8 → 4×4 → 2×2
    expect(t.metadata.flops).toBe(8 * 8 * 9 * 2 * 7 + 4 * 4 * 9 * 7 * 9 + 2 * 2 * 9 * 12 + 12 * 3);
    await t.train(5);
    t.apply({ 'filters.1': 2 });
    expect(t.metadata.flops).toBe(8 * 8 * 9 * 2 * 7 + 4 * 4 * 9 * 7 * 2 + 2 * 2 * 2 * 12 + 12 * 3);
    expect((await t.train(3)).loss).toBeGreaterThan(0);
    t.dispose();
  });

  it('with noise the copies differ from their originals, and the outputs stay close', async () => {
    const noisy = createTfjsEngine({ model: { kind: 'mlp', hidden: [4] }, data: task, backend, widenNoise: 0.01, growInit: 'net2wider' });
    const t = await noisy.createTrial({}, 3);
    const before = await t.predict(probe);
    const w0 = (await t.readWeights()).slice(0, 16);
    t.apply({ 'width.0': 8 });
    const w1 = (await t.readWeights()).slice(0, 32);
    const err = maxAbsDiff(before, await t.predict(probe));
    expect(err).toBeGreaterThan(0);
    expect(err).toBeLessThan(0.05);
    for (let j = 4; j < 8; j++) {
      const copy = column(w1, 4, 8, j);
      // each added unit is near one original column (within 5 % relative), but not equal to it
      const nearest = Math.min(...[0, 1, 2, 3].map((k) => maxAbsDiff(copy, column(w0, 4, 4, k)) / Math.max(1e-6, ...column(w0, 4, 4, k).map(Math.abs))));
      expect(nearest).toBeGreaterThan(0);
      expect(nearest).toBeLessThan(0.05);
    }
    t.dispose();
    await noisy.dispose();
  });

  it('shrinks by removing the units with the smallest ‖outgoing weights‖ × mean |activation|, then fine-tunes', async () => {
    // created at 12 × 9 (not grown there: exact replicas would be indistinguishable)
    const t = await mlp.createTrial({ lr: 0.02, batch_size: 16, 'width.0': 12, 'width.1': 9 }, 4);
    await t.train(30);
    const w = await t.readWeights();
    // layout: W0 [4, 12], b0 [12], W1 [12, 9], b1 [9], W2 [9, 3], b2 [3]
    const W0 = w.subarray(0, 48);
    const b0 = w.subarray(48, 60);
    const W1 = w.subarray(60, 168);
    // independent score of each unit of layer 0, on the first 256 training samples (all 120 here)
    const n = task.train.count;
    const score = Array.from({ length: 12 }, (_, j) => {
      let act = 0;
      for (let s = 0; s < n; s++) {
        let z = b0[j] as number;
        for (let i = 0; i < 4; i++) z += (task.train.x[s * 4 + i] as number) * (W0[i * 12 + j] as number);
        act += Math.max(0, z);
      }
      const out = Math.hypot(...Array.from({ length: 9 }, (_, k) => W1[j * 9 + k] as number));
      return (act / n) * out;
    });
    const expectedKept = [...score.keys()]
      .sort((a, b) => (score[b] as number) - (score[a] as number))
      .slice(0, 7)
      .sort((a, b) => a - b);
    t.apply({ 'width.0': 7 });
    const after = await t.readWeights();
    const keptColumns = [...Array(7).keys()].map((j) => column(after.subarray(0, 28), 4, 7, j));
    const kept = keptColumns.map((c) => [...Array(12).keys()].find((k) => maxAbsDiff(c, column(W0, 4, 12, k)) === 0));
    expect(kept).toEqual(expectedKept);
    const removed = [...Array(12).keys()].filter((k) => !kept.includes(k));
    expect(Math.max(...removed.map((k) => score[k] as number))).toBeLessThanOrEqual(Math.min(...kept.map((k) => score[k as number] as number)));
    const before = await t.evaluate();
    await t.train(60);
    expect((await t.evaluate()).val_loss).toBeLessThan((before.val_loss as number) + 1e-9);
    t.dispose();
  });

  it("least-squares shrink compensation: the kept units take over the removed ones' contribution (mean logits kept exactly, smaller change than none)", async () => {
    const plain = createTfjsEngine({ model: { kind: 'mlp', hidden: [6, 5] }, data: task, backend, shrinkCompensation: 'none' });
    const x = task.train.x;
    const rows = task.train.count;
    const meanOf = (out: Float32Array) => [0, 1, 2].map((c) => out.reduce((sum, v, i) => (i % 3 === c ? sum + v : sum), 0) / rows);
    const change = async (engine: TfjsEngine) => {
      const t = await engine.createTrial({ lr: 0.02, batch_size: 16, 'width.0': 12, 'width.1': 9 }, 4);
      await t.train(40);
      const before = await t.predict(x);
      const w = await t.readWeights();
      t.apply({ 'width.1': 4 });
      const after = await t.predict(x);
      const kept = (await t.readWeights()).subarray(0, 4 * 12 + 12);
      t.dispose();
      return {
        err: maxAbsDiff(before, after),
        meanShift: Math.max(...meanOf(after).map((m, c) => Math.abs(m - (meanOf(before)[c] as number)))),
        firstLayer: w.subarray(0, 4 * 12 + 12),
        kept,
      };
    };
    const ls = await change(mlpFresh);
    const none = await change(plain);
    await plain.dispose();
    // the same units go (the criterion is unchanged), layers before are untouched
    expect([...ls.kept]).toEqual([...ls.firstLayer]);
    expect([...none.kept]).toEqual([...none.firstLayer]);
    expect(ls.meanShift).toBeLessThan(1e-4);
    expect(ls.err).toBeLessThan(none.err);
  });

  it('carries the Adam moments with the units: replicas split the incoming side, copy the outgoing side; a shrink drops them', async () => {
    const t = await mlp.createTrial({ optimizer: 'adam', lr: 0.01, batch_size: 16 }, 5);
    await t.train(10);
    const read = () => adamState(t);
    const a = await read();
    expect(a.header.widths).toEqual({ 'width.0': 6, 'width.1': 5 });
    t.apply({ 'width.0': 9 });
    const b = await read();
    expect(b.header.widths).toEqual({ 'width.0': 9, 'width.1': 5 });
    expect(b.header.optimizer.t).toBe(a.header.optimizer.t);
    // which original each new unit copies, from the weights (noise 0: exact copies)
    const W0a = a.weights[0] as Float32Array;
    const W0b = b.weights[0] as Float32Array;
    const source = [...Array(9).keys()].map((j) => [...Array(6).keys()].find((k) => maxAbsDiff(column(W0b, 4, 9, j), column(W0a, 4, 6, k)) === 0) as number);
    expect(source.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    const count = (k: number) => source.filter((s) => s === k).length;
    // flat moments in weight order: W0 [4×n], b0 [n], W1 [n×5], …
    const offsets = (n: number) => ({ W0: 0, b0: 4 * n, W1: 5 * n });
    const [oa, ob] = [offsets(6), offsets(9)];
    for (let j = 0; j < 9; j++) {
      const k = source[j] as number;
      const c = count(k);
      for (let i = 0; i < 4; i++) {
        expect(b.m[ob.W0 + i * 9 + j]).toBeCloseTo((a.m[oa.W0 + i * 6 + k] as number) / c, 7);
        expect(b.v[ob.W0 + i * 9 + j]).toBeCloseTo((a.v[oa.W0 + i * 6 + k] as number) / (c * c), 9);
      }
      expect(b.m[ob.b0 + j]).toBeCloseTo((a.m[oa.b0 + k] as number) / c, 7);
      for (let o = 0; o < 5; o++) {
        expect(b.m[ob.W1 + j * 5 + o]).toBe(a.m[oa.W1 + k * 5 + o]);
        expect(b.v[ob.W1 + j * 5 + o]).toBe(a.v[oa.W1 + k * 5 + o]);
        expect(b.weights[2]?.[j * 5 + o]).toBeCloseTo((a.weights[2]?.[k * 5 + o] as number) / c, 7);
      }
    }
    expect(b.m.length).toBe(a.m.length + 3 * (4 + 1 + 5));
    t.apply({ 'width.0': 4 });
    const c = await read();
    expect(c.m.length).toBe(a.m.length - 2 * (4 + 1 + 5));
    // every surviving unit's incoming moments are those of a unit of b (dropped ones are gone)
    const W0c = c.weights[0] as Float32Array;
    for (let j = 0; j < 4; j++) {
      const k = [...Array(9).keys()].find((q) => maxAbsDiff(column(W0c, 4, 4, j), column(W0b, 4, 9, q)) === 0) as number;
      expect(k).toBeGreaterThanOrEqual(0);
      expect(c.m[j]).toBe(b.m[k]);
    }
    await t.train(5);
    t.dispose();
  });

  it('fresh grow: new units get Glorot incoming weights, zero bias and outgoing weights, zero Adam moments; the old units keep theirs', async () => {
    const t = await mlpFresh.createTrial({ optimizer: 'adam', lr: 0.01, batch_size: 16 }, 5);
    await t.train(10);
    const read = () => adamState(t);
    const a = await read();
    t.apply({ 'width.0': 9 });
    const b = await read();
    expect(b.header.widths).toEqual({ 'width.0': 9, 'width.1': 5 });
    expect(b.header.optimizer.t).toBe(a.header.optimizer.t);
    const [W0a, b0a, W1a] = a.weights as [Float32Array, Float32Array, Float32Array];
    const [W0b, b0b, W1b, b1b] = b.weights as [Float32Array, Float32Array, Float32Array, Float32Array];
    // layer 0 kernel [4, 9]: Glorot-uniform limit at the new width
    const limit = Math.sqrt(6 / (4 + 9));
    const offsets = (n: number) => ({ W0: 0, b0: 4 * n, W1: 5 * n, b1: 10 * n });
    const [oa, ob] = [offsets(6), offsets(9)];
    for (let j = 0; j < 9; j++) {
      const fresh = j >= 6;
      for (let i = 0; i < 4; i++) {
        if (fresh) {
          expect(Math.abs(W0b[i * 9 + j] as number)).toBeLessThanOrEqual(limit);
          expect(W0b[i * 9 + j]).not.toBe(0);
        } else expect(W0b[i * 9 + j]).toBe(W0a[i * 6 + j]);
        expect(b.m[ob.W0 + i * 9 + j]).toBe(fresh ? 0 : a.m[oa.W0 + i * 6 + j]);
        expect(b.v[ob.W0 + i * 9 + j]).toBe(fresh ? 0 : a.v[oa.W0 + i * 6 + j]);
      }
      expect(b0b[j]).toBe(fresh ? 0 : b0a[j]);
      expect(b.m[ob.b0 + j]).toBe(fresh ? 0 : a.m[oa.b0 + j]);
      for (let o = 0; o < 5; o++) {
        expect(W1b[j * 5 + o]).toBe(fresh ? 0 : W1a[j * 5 + o]);
        expect(b.m[ob.W1 + j * 5 + o]).toBe(fresh ? 0 : a.m[oa.W1 + j * 5 + o]);
        expect(b.v[ob.W1 + j * 5 + o]).toBe(fresh ? 0 : a.v[oa.W1 + j * 5 + o]);
      }
    }
    // the layers after are untouched, state included
    expect([...b1b]).toEqual([...(a.weights[3] as Float32Array)]);
    expect([...b.m.subarray(ob.b1)]).toEqual([...a.m.subarray(oa.b1)]);
    // the fresh units' incoming columns differ from one another (untied, unlike Net2WiderNet copies)
    const cols = [6, 7, 8].map((j) => column(W0b, 4, 9, j));
    expect(maxAbsDiff(cols[0] as Float32Array, cols[1] as Float32Array)).toBeGreaterThan(0);
    // training moves them: outgoing weights leave zero first, then their incoming weights move
    await t.train(5);
    const c = await read();
    const W0c = c.weights[0] as Float32Array;
    const W1c = c.weights[2] as Float32Array;
    for (let j = 6; j < 9; j++) {
      expect(Math.max(...W1c.subarray(j * 5, j * 5 + 5).map(Math.abs))).toBeGreaterThan(0);
      expect(maxAbsDiff(column(W0c, 4, 9, j), column(W0b, 4, 9, j))).toBeGreaterThan(0);
    }
    t.dispose();
  });

  it('a checkpoint carries its architecture: a trial of another width loads it and becomes the donor', async () => {
    const donor = await mlp.createTrial({ 'width.0': 10, lr: 0.01 }, 6);
    await donor.train(15);
    const ckpt = await donor.save();
    const taker = await mlp.createTrial({ 'width.0': 3, 'width.1': 2 }, 7);
    await taker.load(ckpt);
    expect(taker.config).toMatchObject({ 'width.0': 10, 'width.1': 5 });
    expect(await taker.predict(probe)).toEqual(await donor.predict(probe));
    expect(await taker.readWeights()).toEqual(await donor.readWeights());
    // both continue identically
    await donor.train(5);
    await taker.train(5);
    expect(await taker.readWeights()).toEqual(await donor.readWeights());
    donor.dispose();
    taker.dispose();
  });

  it('refuses a layer the model lacks, naming the field and the allowed names; leaves the trial unchanged', async () => {
    const t = await mlp.createTrial({}, 8);
    expect(() => t.apply({ 'width.2': 8 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', field: 'config.width.2', message: expect.stringContaining('width.0, width.1') }),
    );
    expect(() => t.apply({ 'filters.0': 8 })).toThrow(/config.filters.0 must be a layer of the model: this mlp has width.0, width.1/);
    expect(() => t.apply({ 'width.0': 0 })).toThrow(/width.0 must be an integer in \[1, 65536\]/);
    expect(() => t.apply({ 'width.0': 7.5, lr: 0.1 })).toThrow(/width.0/);
    expect(t.config).toMatchObject({ 'width.0': 6, 'width.1': 5, lr: 1e-3 });
    await expect(mlp.createTrial({ 'width.3': 4 }, 1)).rejects.toThrow(/config.width.3/);
    t.dispose();
  });

  it.each(['net2wider', 'fresh'] as const)('leaks no tensor across 100 grow/shrink cycles (%s; with Adam state and training between)', async (init) => {
    const t = await engines()[init].mlp.createTrial({ optimizer: 'adam', batch_size: 8 }, 9);
    await t.train(1);
    const settled = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      t.apply({ 'width.0': i % 2 === 0 ? 12 : 3, 'width.1': i % 3 === 0 ? 2 : 7 });
      if (i % 10 === 0) await t.train(1);
    }
    t.apply({ 'width.0': 6, 'width.1': 5 });
    await t.train(1);
    expect(tf.memory().numTensors).toBe(settled);
    t.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('live widths in the worker pool', () => {
  it('resizes a trial that runs in a worker thread, and refuses a bad name at once', async () => {
    const engine = createTfjsEngine({ model: { kind: 'mlp', hidden: [5] }, data: iris(), workers: 1, backend: 'wasm', widenNoise: 0, growInit: 'net2wider' });
    const t = await engine.createTrial({ lr: 0.01 }, 1);
    await t.train(10);
    const probe = iris().validation.x;
    const before = await t.predict(probe);
    const w0 = (await t.readWeights()).slice(0, 20);
    t.apply({ 'width.0': 11 });
    expect(t.config['width.0']).toBe(11);
    // the worker grows as the engine's growInit says: Net2WiderNet copies of the 5 original columns
    const w1 = (await t.readWeights()).slice(0, 44);
    for (let j = 5; j < 11; j++) expect(Math.min(...[0, 1, 2, 3, 4].map((k) => maxAbsDiff(column(w1, 4, 11, j), column(w0, 4, 5, k))))).toBe(0);
    expect(() => t.apply({ 'width.1': 3 })).toThrow(/config.width.1 must be a layer of the model: this mlp has width.0/);
    expect(maxAbsDiff(before, await t.predict(probe))).toBeLessThan(1e-5);
    await t.train(5);
    expect(t.metadata.parameters).toBe(4 * 11 + 11 + 11 * 3 + 3);
    const ckpt = await t.save();
    const other = await engine.createTrial({}, 2);
    await other.load(ckpt);
    expect(other.config['width.0']).toBe(11);
    expect(await other.readWeights()).toEqual(await t.readWeights());
    await t.dispose();
    await other.dispose();
    const { numTensors } = await engine.memory();
    await engine.dispose();
    expect(numTensors.length).toBe(1);
  });
});

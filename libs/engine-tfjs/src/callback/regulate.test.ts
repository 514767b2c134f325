import * as tf from '@tensorflow/tfjs';
import { createRegulome, float, type Regulator } from '@epigenome/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemory } from '@epigenome/memory';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend';
import { iris } from '../data/iris';
import { regulate } from './regulate';

const data = iris();
const xs = () => tf.tensor2d(data.train.x, [data.train.count, 4]);
const ys = () => tf.oneHot(tf.tensor1d(data.train.y, 'int32'), 3).toFloat();

function model(optimizer: tf.Optimizer, dropout = 0): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  m.add(tf.layers.dropout({ rate: dropout }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  m.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

const flat = (m: tf.LayersModel) => Float32Array.from(m.getWeights().flatMap((w) => [...w.dataSync()]));

/** Records the norm of every batch's weight update. */
function stepNorms(m: tf.LayersModel): { norms: number[]; callback: tf.CustomCallbackArgs } {
  const norms: number[] = [];
  let prev = flat(m);
  return {
    norms,
    callback: {
      onBatchEnd: async () => {
        const now = flat(m);
        norms.push(Math.sqrt(now.reduce((s, v, i) => s + (v - (prev[i] as number)) ** 2, 0)));
        prev = now;
      },
    },
  };
}

describe('regulate (tf.Callback for model.fit)', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
  });

  it('a core regulome halving lr every batch halves each SGD step of a stock fit run', async () => {
    const halve: Regulator = {
      specificationVersion: 'v1',
      name: 'halve',
      level: 'step',
      controls: ['lr'],
      regulate: (s) => (s.kind === 'step' ? { factor: { lr: 0.5 }, reason: 'test' } : undefined),
    };
    const m = model(tf.train.sgd(0.2));
    const x = xs();
    const y = ys();
    const { norms, callback } = stepNorms(m);
    const cb = regulate({ space: { lr: float(1e-6, 1, { log: true }) }, regulators: [halve], config: { lr: 0.2 } });
    // our callback runs first, so its lr is in force for the next batch the recorder measures
    await m.fit(x, y, { epochs: 6, batchSize: data.train.count, shuffle: false, callbacks: [cb, new tf.CustomCallback(callback)], verbose: 0 });
    expect(norms).toHaveLength(6);
    for (let i = 1; i < norms.length; i++) expect((norms[i] as number) / (norms[i - 1] as number)).toBeGreaterThan(0.35);
    for (let i = 1; i < norms.length; i++) expect((norms[i] as number) / (norms[i - 1] as number)).toBeLessThan(0.65);
    expect(cb.config.lr).toBeCloseTo(0.2 / 64, 8);
    tf.dispose([x, y]);
    m.dispose();
  });

  it('a function regulator sets dropout (zero fraction measured) and momentum (step measured) live', async () => {
    const m = model(tf.train.momentum(0.05, 0.9));
    const x = xs();
    const y = ys();
    const seen: string[] = [];
    const cb = regulate({
      regulate: (s) => {
        seen.push(s.kind);
        return s.kind === 'step' ? { dropout: 0.5, momentum: 0 } : undefined;
      },
    });
    const { norms, callback } = stepNorms(m);
    await m.fit(x, y, { epochs: 1, batchSize: 30, shuffle: false, callbacks: [cb, new tf.CustomCallback(callback)], verbose: 0 });
    expect(seen).toEqual(['step', 'step', 'step', 'step', 'eval']);
    const dropoutLayer = m.layers[1] as tf.layers.Layer;
    const out = tf.tidy(() => (dropoutLayer.apply(tf.ones([100, 100]), { training: true }) as tf.Tensor).equal(0).mean().dataSync()[0] as number);
    expect(out).toBeGreaterThan(0.4);
    expect(out).toBeLessThan(0.6);
    expect(norms.length).toBe(4);
    tf.dispose([x, y]);
    m.dispose();
  });

  it('momentum set to 0 live stops the heavy-ball build-up (steps measured against a control run)', async () => {
    const run = async (live: boolean) => {
      const m = model(tf.train.momentum(0.05, 0.9));
      const x = xs();
      const y = ys();
      const { norms, callback } = stepNorms(m);
      const callbacks: (tf.CustomCallback | ReturnType<typeof regulate>)[] = [new tf.CustomCallback(callback)];
      if (live) callbacks.unshift(regulate({ regulate: () => ({ momentum: 0 }) }));
      await m.fit(x, y, { epochs: 3, batchSize: data.train.count, shuffle: false, callbacks, verbose: 0 });
      tf.dispose([x, y]);
      m.dispose();
      return (norms[1] as number) / (norms[0] as number);
    };
    expect(await run(false)).toBeGreaterThan(1.6);
    expect(await run(true)).toBeLessThan(1.3);
  });

  it('stops a fit run when the regulome says stop, and checks its options', async () => {
    const stopper: Regulator = {
      specificationVersion: 'v1',
      name: 'stopper',
      level: 'epoch',
      controls: [],
      regulate: (s) => (s.epoch >= 2 ? { stop: true, reason: 'enough' } : undefined),
    };
    const regulome = createRegulome({ space: { lr: float(1e-4, 1) }, regulators: [stopper] });
    await regulome.start();
    const m = model(tf.train.adam(0.01));
    const x = xs();
    const y = ys();
    const h = await m.fit(x, y, { epochs: 10, batchSize: 40, callbacks: [regulate({ regulome, config: { lr: 0.01 } })], verbose: 0 });
    expect(h.epoch.length).toBe(2);
    expect(regulome.trial('fit').status).toBe('stopped');
    expect(() => regulate({})).toThrow(/exactly one/);
    expect(() => regulate({ regulate: () => undefined, every: 0 })).toThrow(/every/);
    tf.dispose([x, y]);
    m.dispose();
  });

  it('alone in the list, reads the tensors tfjs hands it: evaluation signals carry the metrics and an epoch rule fires', async () => {
    const seen: Record<string, number>[] = [];
    const cool: Regulator = {
      specificationVersion: 'v1',
      name: 'cool',
      level: 'epoch',
      controls: ['lr'],
      regulate: (s) => {
        seen.push(s.metrics);
        return s.metrics.val_loss !== undefined ? { factor: { lr: 0.5 }, reason: 'evaluated' } : undefined;
      },
    };
    const m = model(tf.train.adam(0.01));
    const x = xs();
    const y = ys();
    const cb = regulate({ space: { lr: float(1e-5, 1, { log: true }) }, regulators: [cool], config: { lr: 0.01 } });
    await m.fit(x, y, { epochs: 3, batchSize: 40, validationSplit: 0.2, callbacks: [cb], verbose: 0 });
    expect(seen).toHaveLength(3);
    for (const metrics of seen) expect(Object.keys(metrics).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(cb.config.lr).toBeCloseTo(0.01 / 8, 10);
    tf.dispose([x, y]);
    m.dispose();
  });

  it('works beside plain callback objects when told the model, and says so when not', async () => {
    const m = model(tf.train.sgd(0.1));
    const x = xs();
    const y = ys();
    const epochs: number[] = [];
    const halve: Regulator = { specificationVersion: 'v1', name: 'halve', level: 'epoch', controls: ['lr'], regulate: () => ({ factor: { lr: 0.5 }, reason: 'epoch' }) };
    const cb = regulate({ model: m, space: { lr: float(1e-5, 1, { log: true }) }, regulators: [halve], config: { lr: 0.1 } });
    await m.fit(x, y, { epochs: 2, batchSize: 60, callbacks: [{ onEpochEnd: async (e: number) => void epochs.push(e) }, cb], verbose: 0 });
    expect(epochs).toEqual([0, 1]);
    expect(cb.config.lr).toBeCloseTo(0.025, 10);
    const blind = regulate({ space: { lr: float(1e-5, 1, { log: true }) }, regulators: [halve] });
    await expect(m.fit(x, y, { epochs: 1, callbacks: [{ onEpochEnd: async () => undefined }, blind], verbose: 0 })).rejects.toThrow(
      /options\.model must be the model being fitted: .*pass regulate\(\{ model, … \}\)/,
    );
    tf.dispose([x, y]);
    m.dispose();
  });

  it('reports the hypergradient metrics with plain SGD (cosines of successive steps, measured), and refuses them otherwise before training', async () => {
    const needsCos: Regulator = {
      specificationVersion: 'v1',
      name: 'hg',
      level: 'step',
      controls: ['lr'],
      needs: ['grad_cos', 'lr_effective'],
      regulate: (s) => void (s.kind === 'step' && cosines.push(s.metrics.grad_cos ?? Number.NaN)),
    };
    const cosines: number[] = [];
    const m = model(tf.train.sgd(0.3));
    const x = xs();
    const y = ys();
    const { callback } = stepNorms(m);
    const steps: Float32Array[] = [];
    let prev = flat(m);
    await m.fit(x, y, {
      epochs: 1,
      batchSize: 20,
      shuffle: false,
      verbose: 0,
      callbacks: [
        regulate({ space: { lr: float(1e-3, 1) }, regulators: [needsCos], config: { lr: 0.3 } }),
        new tf.CustomCallback({
          ...callback,
          onBatchEnd: async () => {
            const now = flat(m);
            steps.push(now.map((v, i) => v - (prev[i] as number)));
            prev = now;
          },
        }),
      ],
    });
    const cos = (a: Float32Array, b: Float32Array) =>
      a.reduce((s, v, i) => s + v * (b[i] as number), 0) / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
    expect(cosines).toHaveLength(steps.length);
    expect(cosines[0]).toBeNaN();
    for (let t = 1; t < steps.length; t++) expect(cosines[t]).toBeCloseTo(cos(steps[t] as Float32Array, steps[t - 1] as Float32Array), 4);
    const adam = model(tf.train.adam(0.01));
    expect(() => regulate({ model: adam, space: { lr: float(1e-3, 1) }, regulators: [needsCos] })).toThrow(
      'regulator "hg" needs grad_cos in step signals, which a model.fit callback can report only with plain SGD (tf.train.sgd) — this model\'s optimiser is Adam',
    );
    await expect(adam.fit(x, y, { epochs: 1, callbacks: [regulate({ space: { lr: float(1e-3, 1) }, regulators: [needsCos] })], verbose: 0 })).rejects.toThrow(/needs grad_cos/);
    tf.dispose([x, y]);
    m.dispose();
    adam.dispose();
  });

  it('records a fit run in the memory store like any experiment: experiment, trial, metrics, events, marks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epigenome-fit-'));
    const memory = await openMemory({ dir: join(dir, 'db') });
    try {
      const halve: Regulator = { specificationVersion: 'v1', name: 'halve', level: 'epoch', controls: ['lr'], regulate: () => ({ factor: { lr: 0.5 }, reason: 'epoch' }) };
      const m = model(tf.train.adam(0.01));
      const x = xs();
      const y = ys();
      const cb = regulate({ space: { lr: float(1e-5, 1, { log: true }) }, regulators: [halve], config: { lr: 0.01 }, memory, name: 'iris-fit' });
      await m.fit(x, y, { epochs: 3, batchSize: 40, validationSplit: 0.2, callbacks: [cb], verbose: 0 });
      const [record] = await memory.listExperiments();
      expect(record).toMatchObject({ id: cb.experimentId, name: 'iris-fit', status: 'completed' });
      const trials = await memory.listTrials(cb.experimentId as string);
      expect(trials).toEqual([expect.objectContaining({ status: 'completed', step: 9 })]);
      const counts = await memory.counts(cb.experimentId as string);
      // 9 step signals × (loss, lr_effective) + 3 evaluations × 4 metrics
      expect(counts).toEqual({ metrics: 9 * 2 + 3 * 4, events: 3 });
      const marks = await memory.listMarks();
      expect(marks.map((k) => k.regulation.kind).sort()).toEqual(['config', 'schedule']);
      expect(marks[0]?.sourceExperimentId).toBe(cb.experimentId);
      tf.dispose([x, y]);
      m.dispose();
    } finally {
      await memory.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses misspelt options and a memory without a regulome, naming the field', () => {
    expect(() => regulate({ regulate: () => undefined, evry: 2 } as never)).toThrow(/options\.evry must be absent: not an option/);
    expect(() => regulate({ regulate: () => undefined, memory: {} as never })).toThrow(/options\.memory must be a MemoryStore/);
  });
});

import * as tf from '@tensorflow/tfjs';
import { createRegulome, float, type Regulator } from '@epigenome/core';
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
    const halve: Regulator = { specificationVersion: 'v1', name: 'halve', level: 'step', controls: ['lr'], regulate: (s) => (s.kind === 'step' ? { factor: { lr: 0.5 }, reason: 'test' } : undefined) };
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
    const stopper: Regulator = { specificationVersion: 'v1', name: 'stopper', level: 'epoch', controls: [], regulate: (s) => (s.epoch >= 2 ? { stop: true, reason: 'enough' } : undefined) };
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
});

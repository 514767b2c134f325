import * as tf from '@tensorflow/tfjs';
import type { Config } from '@epigenome/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iris } from '../data/iris';
import type { TaskData } from '../data/task-data';
import { createTfjsEngine, type TfjsEngine } from './create-tfjs-engine';
import type { TfjsTrial } from './tfjs-trial';

const sub = (a: Float32Array, b: Float32Array) => a.map((v, i) => v - (b[i] as number));
const norm = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * (b[i] as number), 0);

/** Takes one step and returns the weight change it made. */
async function stepDelta(t: TfjsTrial): Promise<Float32Array> {
  const before = await t.readWeights();
  await t.train(1);
  return sub(await t.readWeights(), before);
}

async function twins(engine: TfjsEngine, config: Config, warm = 3): Promise<[TfjsTrial, TfjsTrial]> {
  const a = await engine.createTrial(config, 5);
  const b = await engine.createTrial(config, 5);
  await a.train(warm);
  await b.train(warm);
  expect(await a.readWeights()).toEqual(await b.readWeights());
  return [a, b];
}

/** The project's one idiom for errors: rejects with an `EpigenomeError` naming `field` in its message. */
async function expectConfigError(fn: () => unknown, field: string, code = expect.any(String)): Promise<void> {
  await expect(Promise.resolve().then(fn)).rejects.toThrow(expect.objectContaining({ field, code, message: expect.stringContaining(field), allowed: expect.stringMatching(/./) }));
}

const FULL = 120; // iris training split: a full batch makes the gradient independent of order

describe.each(['wasm', 'cpu'] as const)('createTfjsEngine on %s', (backend) => {
  let engine: TfjsEngine;
  let start: number;
  beforeAll(async () => {
    engine = createTfjsEngine({ model: { kind: 'mlp', hidden: [8], activation: 'tanh' }, data: iris(), backend });
    expect(await engine.ready()).toBe(backend);
    start = tf.memory().numTensors;
  });
  afterAll(async () => {
    await engine.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('reports the backend in every trial and learns iris', async () => {
    const t = await engine.createTrial({ lr: 0.05, batch_size: 16 }, 1);
    expect(t.metadata).toMatchObject({ backend, modelFamily: 'mlp', seed: 1, parameters: 4 * 8 + 8 + 8 * 3 + 3 });
    expect(t.metadata.dataset).toEqual(engine.dataset);
    const first = await t.train(5);
    expect(first).toMatchObject({ steps: 5, samples: 80 });
    expect(first.seconds).toBeGreaterThan(0);
    expect(first.gradNorm).toBeGreaterThan(0);
    await t.train(150);
    const ev = await t.evaluate();
    expect(ev.val_accuracy).toBeGreaterThan(0.8);
    expect(ev.val_loss).toBeLessThan(first.loss);
    t.dispose();
  });

  it('save()/load(): after an exploit both trials take identical next steps', async () => {
    const a = await engine.createTrial({ optimizer: 'adam', lr: 0.01, batch_size: 10 }, 1);
    const b = await engine.createTrial({ optimizer: 'momentum', lr: 0.1, batch_size: 30 }, 2);
    await a.train(7);
    await b.train(3);
    const c = await a.save();
    expect(c.bytes).toBeInstanceOf(Uint8Array);
    expect(c.step).toBe(7);
    await b.load(c);
    expect(b.step).toBe(7);
    expect(b.config).toMatchObject({ optimizer: 'adam', lr: 0.01, batch_size: 10 });
    const sa = await a.train(4);
    const sb = await b.train(4);
    expect(sb.loss).toBe(sa.loss);
    expect(await b.readWeights()).toEqual(await a.readWeights());
    await expect(b.load({ step: 0, config: {}, bytes: new Uint8Array([1, 2, 3]) })).rejects.toThrow(/checkpoint/);
    a.dispose();
    b.dispose();
  });

  it.each(['sgd', 'momentum', 'adam', 'rmsprop'] as const)('lr changes live with %s: the next step is 10× larger', async (optimizer) => {
    const [a, b] = await twins(engine, { optimizer, lr: 1e-3, batch_size: FULL });
    b.apply({ lr: 1e-2 });
    const da = await stepDelta(a);
    const db = await stepDelta(b);
    expect(norm(db) / norm(da)).toBeCloseTo(10, 2);
    a.dispose();
    b.dispose();
  });

  it('momentum changes live: the difference of the next steps is μ × the previous step', async () => {
    const [a, b] = await twins(engine, { optimizer: 'momentum', momentum: 0.9, lr: 0.01, batch_size: FULL }, 2);
    const prev = await stepDelta(a);
    await b.train(1);
    b.apply({ momentum: 0 });
    const da = await stepDelta(a);
    const db = await stepDelta(b);
    const residual = sub(
      sub(da, db),
      prev.map((v) => 0.9 * v),
    );
    expect(norm(residual) / norm(prev)).toBeLessThan(1e-3);
    expect(norm(sub(da, db))).toBeGreaterThan(0.5 * norm(prev));
    a.dispose();
    b.dispose();
  });

  it('Adam betas change live: with β1 = β2 = 0 every coordinate moves by ≈ lr', async () => {
    const lr = 1e-3;
    const [a, b] = await twins(engine, { optimizer: 'adam', lr, batch_size: 8 }, 5);
    b.apply({ beta1: 0, beta2: 0 });
    const da = await stepDelta(a);
    const db = await stepDelta(b);
    const atLr = (d: Float32Array) => d.filter((v) => Math.abs(Math.abs(v) - lr) < 0.02 * lr).length / d.length;
    expect(atLr(db)).toBeGreaterThan(0.9);
    expect(atLr(da)).toBeLessThan(0.5);
    a.dispose();
    b.dispose();
  });

  it('weight decay changes live from 0: the next step shrinks kernels by lr·wd·w, biases untouched', async () => {
    const lr = 0.05;
    const wd = 0.1;
    const [a, b] = await twins(engine, { optimizer: 'sgd', lr, batch_size: FULL });
    const w = await b.readWeights();
    b.apply({ weight_decay: wd });
    const da = await stepDelta(a);
    const db = await stepDelta(b);
    const diff = sub(db, da);
    // model.weights order: kernel 4×8, bias 8, kernel 8×3, bias 3
    const isKernel = (i: number) => i < 32 || (i >= 40 && i < 64);
    const expected = w.map((v, i) => (isKernel(i) ? -lr * wd * v : 0));
    expect(norm(sub(diff, expected)) / norm(expected)).toBeLessThan(1e-3);
    a.dispose();
    b.dispose();
  });

  it('clip_norm changes live: the next SGD step has norm lr × clip', async () => {
    const lr = 0.1;
    const [a, b] = await twins(engine, { optimizer: 'sgd', lr, batch_size: FULL });
    b.apply({ clip_norm: 0.01 });
    const da = await stepDelta(a);
    const db = await stepDelta(b);
    expect(norm(db)).toBeCloseTo(lr * 0.01, 6);
    expect(norm(da)).toBeGreaterThan(5 * norm(db));
    a.dispose();
    b.dispose();
  });

  it('batch_size changes live: samples follow, and a full batch makes the step independent of the batch order', async () => {
    const a = await engine.createTrial({ optimizer: 'sgd', lr: 0.1, batch_size: 8 }, 11);
    const b = await engine.createTrial({ optimizer: 'sgd', lr: 0.1, batch_size: 8 }, 12);
    // same initial weights (seed) but different batch orders: copy a into b
    await b.load(await a.save());
    const s8 = await a.train(3);
    expect(s8.samples).toBe(24);
    a.apply({ batch_size: FULL });
    expect((await a.train(2)).samples).toBe(2 * FULL);
    const c = await engine.createTrial({ optimizer: 'sgd', lr: 0.1, batch_size: 8 }, 13);
    const d = await engine.createTrial({ optimizer: 'sgd', lr: 0.1, batch_size: 8 }, 14);
    const ckpt = await c.save();
    await d.load(ckpt);
    // a different sampler seed: d now follows c's order, so re-seed its order by using a fresh trial with the same weights
    const e = await engine.createTrial({ optimizer: 'sgd', lr: 0.1, batch_size: 8 }, 15);
    const small = sub(await stepDelta(c), await stepDelta(e));
    expect(norm(small)).toBeGreaterThan(0); // different seeds, small batches: different steps
    c.apply({ batch_size: FULL });
    e.apply({ batch_size: FULL });
    await e.load({ ...(await c.save()), config: { ...c.config } });
    const full = sub(await stepDelta(c), await stepDelta(e));
    expect(norm(full)).toBeLessThan(1e-6);
    for (const t of [a, b, c, d, e]) t.dispose();
  });

  it('grad_dot is the dot of this SGD gradient with the previous one (Baydin et al. 2018)', async () => {
    const lr = 0.05;
    const t = await engine.createTrial({ optimizer: 'sgd', lr, batch_size: FULL }, 3);
    const w0 = await t.readWeights();
    await t.train(1);
    const w1 = await t.readWeights();
    const s = await t.train(1);
    const w2 = await t.readWeights();
    const expected = dot(sub(w2, w1), sub(w1, w0)) / (lr * lr);
    expect(typeof s.metrics?.grad_dot).toBe('number');
    expect((s.metrics?.grad_dot as number) / expected).toBeCloseTo(1, 3);
    expect(Math.abs(s.metrics?.grad_cos as number)).toBeLessThanOrEqual(1 + 1e-6);
    const many = await t.train(5);
    expect(many.metrics).toHaveProperty('grad_dot');
    expect(many.metrics).toHaveProperty('grad_norm', many.gradNorm);
    t.dispose();
  });
  it('slice_cos is the cosine of a call’s last gradient with the displacement of the steps before it', async () => {
    const lr = 0.05;
    const a = await engine.createTrial({ optimizer: 'sgd', lr, batch_size: FULL }, 4);
    const b = await engine.createTrial({ optimizer: 'sgd', lr, batch_size: FULL }, 4);
    await b.load(await a.save());
    expect((await a.train(1)).metrics).not.toHaveProperty('slice_cos'); // no steps before the last
    await b.train(1);
    // a takes 3 steps in one call; b the same 3 one by one, reading the weights in between
    const s = await a.train(3);
    const w0 = await b.readWeights();
    await b.train(2);
    const w2 = await b.readWeights();
    await b.train(1);
    const w3 = await b.readWeights();
    const moved = sub(w0, w2);
    const g = sub(w2, w3); // lr × the last gradient
    expect(s.metrics?.slice_cos as number).toBeCloseTo(dot(g, moved) / (norm(g) * norm(moved)), 3);
    // over two steps the displacement is the previous update: slice_cos = grad_cos
    const two = await a.train(2);
    expect(two.metrics?.slice_cos as number).toBeCloseTo(two.metrics?.grad_cos as number, 4);
    a.dispose();
    b.dispose();
  });
  it('grad_signal: the share of the last batch gradient that is signal, smaller for smaller batches', async () => {
    const mean = async (batch_size: number) => {
      const t = await engine.createTrial({ optimizer: 'sgd', lr: 0.05, batch_size }, 3);
      let sum = 0;
      for (let k = 0; k < 20; k++) {
        const s = (await t.train(5)).metrics?.grad_signal as number;
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        sum += s;
      }
      t.dispose();
      return sum / 20;
    };
    const [tiny, large] = [await mean(4), await mean(64)];
    expect(large).toBeGreaterThan(2 * tiny);
    expect(large).toBeGreaterThan(0.3);
    // the extra pass changes no step: one call of 4 steps and 4 calls of 1 end on the same weights
    const a = await engine.createTrial({ optimizer: 'adam', lr: 0.01, batch_size: 8 }, 5);
    const b = await engine.createTrial({ optimizer: 'adam', lr: 0.01, batch_size: 8 }, 5);
    await a.train(4);
    for (let k = 0; k < 4; k++) await b.train(1);
    expect(await a.readWeights()).toEqual(await b.readWeights());
    a.dispose();
    b.dispose();
    // like slice_cos, only calls of ≥ 2 steps pay for it (a call of one step has no grad_signal)
    const single = await engine.createTrial({ batch_size: 8 }, 3);
    expect((await single.train(1)).metrics).not.toHaveProperty('grad_signal');
    expect((await single.train(2)).metrics).toHaveProperty('grad_signal');
    single.dispose();
    // a batch of one sample has no halves
    const one = await engine.createTrial({ batch_size: 1 }, 3);
    expect((await one.train(3)).metrics).not.toHaveProperty('grad_signal');
    one.dispose();
  });
});

describe('bad input', () => {
  let engine: TfjsEngine;
  let start: number;
  beforeAll(async () => {
    engine = createTfjsEngine({ model: { kind: 'mlp', hidden: [8] }, data: iris() });
    await engine.ready();
    const warm = await engine.createTrial({}, 0);
    warm.dispose();
    start = tf.memory().numTensors;
  });
  afterAll(() => engine.dispose());

  it.each([
    [{ lr: -1 }, 'lr'],
    [{ dropout: 1 }, 'dropout'],
    [{ batch_size: 0 }, 'batch_size'],
    [{ batch_size: 2.5 }, 'batch_size'],
    [{ batch_size: 10_000 }, 'batch_size'],
    [{ optimizer: 'lbfgs' }, 'optimizer'],
    [{ momentum: 1 }, 'momentum'],
    [{ clip_norm: -1 }, 'clip_norm'],
    [{ lr: Number.NaN }, 'lr'],
  ] as const)('rejects config %j naming %s and its range', async (config, field) => {
    await expectConfigError(() => engine.createTrial(config as Config, 0), field, 'INVALID_CONFIG');
    const t = await engine.createTrial({ lr: 0.01 }, 0);
    await expectConfigError(() => t.apply(config as Config), field);
    expect(t.config.lr).toBe(0.01);
    t.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('rejects model specs that do not build, without leaking', async () => {
    await expectConfigError(() => createTfjsEngine({ model: { kind: 'transformer' } as never, data: iris() }), 'model.kind');
    await expectConfigError(() => createTfjsEngine({ model: { kind: 'mlp', hidden: [0] }, data: iris() }), 'model.hidden');
    await expectConfigError(() => createTfjsEngine({ model: { kind: 'mlp' }, data: iris(), growInit: 'copy' as never }), 'growInit');
    await expect(Promise.resolve().then(() => createTfjsEngine({ model: { kind: 'mlp' }, data: iris(), growInit: 'copy' as never }))).rejects.toThrow(
      /growInit must be "net2wider" or "fresh"/,
    );
    await expectConfigError(() => createTfjsEngine({ model: { kind: 'mlp' }, data: iris(), shrinkCompensation: 'mean' as never }), 'shrinkCompensation');
    const cnnOnIris = createTfjsEngine({ model: { kind: 'cnn' }, data: iris() });
    await expectConfigError(() => cnnOnIris.createTrial({}, 0), 'model');
    const wrongOutput = createTfjsEngine({ model: () => tf.sequential({ layers: [tf.layers.dense({ units: 5, inputShape: [4] })] }), data: iris() });
    await expectConfigError(() => wrongOutput.createTrial({}, 0), 'model');
    const throwing = createTfjsEngine({
      model: () => {
        const m = tf.sequential();
        m.add(tf.layers.dense({ units: 4, inputShape: [4] }));
        m.add(tf.layers.conv2d({ filters: 2, kernelSize: 3 }));
        return m;
      },
      data: iris(),
    });
    await expectConfigError(() => throwing.createTrial({}, 0), 'model');
    await Promise.all([cnnOnIris.dispose(), wrongOutput.dispose(), throwing.dispose()]);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('a NaN loss gives a diverged flag, not a crash or a leak; loading a checkpoint recovers', async () => {
    const base = iris();
    const x = Float32Array.from(base.train.x);
    x.fill(Number.NaN, 0, 4 * 10);
    const poisoned: TaskData = { ...base, train: { ...base.train, x } };
    const e2 = createTfjsEngine({ model: { kind: 'mlp', hidden: [4] }, data: poisoned });
    const t = await e2.createTrial({ batch_size: FULL }, 0);
    const ok = await e2.createTrial({ batch_size: FULL }, 0);
    const s = await t.train(5);
    expect(s.steps).toBe(1);
    expect(Number.isNaN(s.loss)).toBe(true);
    expect(s.metrics?.diverged).toBe(1);
    expect(t.diverged).toBe(true);
    const ev = await t.evaluate();
    expect(Number.isNaN(ev.val_loss)).toBe(true);
    await t.load(await ok.save());
    expect(t.diverged).toBe(false);
    t.dispose();
    ok.dispose();
    await e2.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('refuses use after dispose', async () => {
    const t = await engine.createTrial({}, 0);
    t.dispose();
    await expect(t.train(1)).rejects.toThrow(/disposed/);
    expect(() => t.apply({ lr: 0.1 })).toThrow(/disposed/);
  });
});

describe('no leaks', () => {
  it('1,000 steps, 20 exploits, 10 trials created and disposed: numTensors returns to its start', async () => {
    const engine = createTfjsEngine({ model: { kind: 'mlp', hidden: [16, 8], dropout: 0.1 }, data: iris() });
    await engine.ready();
    const start = tf.memory().numTensors;
    const optimizers = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
    const live: TfjsTrial[] = [];
    let steps = 0;
    let exploits = 0;
    for (let i = 0; i < 10; i++) {
      const t = await engine.createTrial({ optimizer: optimizers[i % 4] as string, batch_size: 16, clip_norm: i % 2 ? 1 : 0, weight_decay: i % 3 ? 0.01 : 0 }, i);
      live.push(t);
      for (let k = 0; k < 4; k++) {
        steps += (await t.train(25)).steps;
        t.apply({ lr: 0.001 * (k + 1), dropout: 0.1 * k, batch_size: 8 + k });
      }
      await t.evaluate();
      if (live.length >= 2) {
        const donor = live[live.length - 2] as TfjsTrial;
        await t.load(await donor.save());
        await donor.load(await t.save());
        exploits += 2;
      }
      if (live.length === 3) (live.shift() as TfjsTrial).dispose();
    }
    for (const t of live) await t.dispose();
    expect(steps).toBe(1000);
    expect(exploits).toBeGreaterThanOrEqual(18);
    // two more to reach 20
    const x = await engine.createTrial({}, 99);
    const y = await engine.createTrial({ optimizer: 'rmsprop' }, 98);
    await x.load(await y.save());
    await y.load(await x.save());
    x.dispose();
    y.dispose();
    await engine.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});

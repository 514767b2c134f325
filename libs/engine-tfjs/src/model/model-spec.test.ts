import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { iris } from '../data/iris';
import { mnist } from '../mnist/mnist';
import { createTfjsEngine } from '../engine/create-tfjs-engine';
import { buildModel, validateModelSpec } from './model-spec';

const zeroFraction = (layer: tf.layers.Layer) => tf.tidy(() => (layer.apply(tf.ones([200, 100]), { training: true }) as tf.Tensor).equal(0).mean().dataSync()[0] as number);

describe('model specs', () => {
  it('builds seeded MLPs and CNNs with logits and dropout layers', () => {
    const a = buildModel({ kind: 'mlp', hidden: [16, 8], activation: 'tanh' }, { inputShape: [28, 28, 1], classes: 10, seed: 3 });
    const b = buildModel({ kind: 'mlp', hidden: [16, 8], activation: 'tanh' }, { inputShape: [28, 28, 1], classes: 10, seed: 3 });
    expect(a.probabilities).toBe(false);
    expect(a.dropoutLayers).toHaveLength(2);
    expect(a.model.outputs[0]?.shape).toEqual([null, 10]);
    expect(a.model.getWeights()[0]?.arraySync()).toEqual(b.model.getWeights()[0]?.arraySync());
    const c = buildModel({ kind: 'cnn', filters: [4, 8], dense: [16] }, { inputShape: [28, 28, 1], classes: 10, seed: 1 });
    expect(c.model.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense', 'Dropout', 'Dense']);
    for (const m of [a, b, c]) m.model.dispose();
    expect(() => validateModelSpec({ kind: 'cnn', kernelSize: 0 })).toThrow(/model.kernelSize/);
    expect(() => validateModelSpec({ kind: 'mlp', activation: 'gelu' })).toThrow(/model.activation/);
    expect(() => validateModelSpec({ kind: 'mlp', dropout: 1 })).toThrow(/model.dropout/);
  });

  it('a CNN trains on MNIST digits (wasm gradient kernels) and learns', async () => {
    const engine = createTfjsEngine({ model: { kind: 'cnn', filters: [4] }, data: mnist({ train: 1000, validation: 300, test: 0 }), backend: 'wasm' });
    const t = await engine.createTrial({ lr: 3e-3, batch_size: 32 }, 0);
    const before = await t.evaluate();
    const s = await t.train(60);
    expect(s.steps).toBe(60);
    const after = await t.evaluate();
    expect(after.val_loss).toBeLessThan(0.7 * (before.val_loss as number));
    expect(after.val_accuracy).toBeGreaterThan(0.6);
    t.dispose();
    await engine.dispose();
  });

  it('a user function returning a softmax tf.LayersModel trains, and live dropout reaches its Dropout layer', async () => {
    let built: tf.LayersModel | undefined;
    const engine = createTfjsEngine({
      model: ({ inputShape, classes, seed }) => {
        const m = tf.sequential();
        m.add(tf.layers.dense({ units: 100, activation: 'relu', inputShape: [...inputShape], kernelInitializer: tf.initializers.heNormal({ seed }) }));
        m.add(tf.layers.dropout({ rate: 0 }));
        m.add(tf.layers.dense({ units: classes, activation: 'softmax' }));
        built = m;
        return m;
      },
      data: iris(),
    });
    expect(engine.modelFamily).toBe('custom');
    const t = await engine.createTrial({ lr: 0.02, batch_size: 30 }, 4);
    const dropout = (built as tf.LayersModel).layers[1] as tf.layers.Layer;
    expect(zeroFraction(dropout)).toBe(0);
    t.apply({ dropout: 0.5 });
    const half = zeroFraction(dropout);
    expect(half).toBeGreaterThan(0.45);
    expect(half).toBeLessThan(0.55);
    t.apply({ dropout: 0.2 });
    expect(zeroFraction(dropout)).toBeLessThan(0.25);
    await t.train(100);
    const ev = await t.evaluate();
    expect(ev.val_accuracy).toBeGreaterThan(0.8);
    t.dispose();
    await engine.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../backend/select-backend';
import { ensureFusedAdam, FUSED_ADAM, type FusedAdamAttrs } from './fused-adam';

/** Adam exactly as the tensor-op path of TrainingOptimizer computes it. */
function reference(gs: tf.Tensor[], ws: tf.Tensor[], m: tf.Tensor, v: tf.Tensor, a: FusedAdamAttrs): tf.Tensor[] {
  const g = tf.concat(gs.map((x) => tf.reshape(x, [-1])));
  const m2 = tf.add(tf.mul(m, a.beta1), tf.mul(g, 1 - a.beta1));
  const v2 = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(g), 1 - a.beta2));
  const d = tf.div(m2, tf.add(tf.sqrt(v2), a.epsHat));
  const upd = tf.mul(d, tf.scalar(a.scale));
  let off = 0;
  const w2: tf.Tensor[] = [];
  const dirs: tf.Tensor[] = [];
  ws.forEach((w, i) => {
    let u = tf.reshape(tf.slice(upd, [off], [w.size]), w.shape);
    if (a.decay > 0 && a.decayMask[i] === 1) u = tf.add(u, tf.mul(w, tf.scalar(a.decay)));
    w2.push(tf.sub(w, u));
    dirs.push(tf.reshape(tf.mul(tf.slice(d, [off], [w.size]), a.k), w.shape));
    off += w.size;
  });
  return [m2, v2, ...w2, ...(a.wantDirections ? dirs : [])];
}

describe('fused Adam kernel (wasm)', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
  });

  it('is available on wasm and not on cpu', async () => {
    expect(ensureFusedAdam('wasm', tf.backend())).toBe(true);
    await selectBackend({ backend: 'cpu' });
    expect(ensureFusedAdam('cpu', tf.backend())).toBe(false);
    await selectBackend({ backend: 'wasm' });
  });

  it.each([
    [0, false],
    [0, true],
    [3e-5, false],
    [3e-5, true],
  ])('matches the tensor-op Adam bit for bit (decay %s, directions %s), odd sizes included', (decay, wantDirections) => {
    expect(ensureFusedAdam('wasm', tf.backend())).toBe(true);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const shapes = [[7, 5], [5], [13, 3], [3], [4, 4], [1]];
      const gs = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 10 + i));
      const ws = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 20 + i));
      const total = ws.reduce((n, w) => n + w.size, 0);
      const m = tf.mul(tf.randomNormal([total], 0, 1, 'float32', 1), 0.1);
      const v = tf.randomUniform([total], 0, 1, 'float32', 2);
      const attrs: FusedAdamAttrs = {
        count: shapes.length,
        beta1: 0.9,
        beta2: 0.999,
        epsHat: 1e-8 * Math.sqrt(0.003),
        scale: 3e-4,
        k: 1.7,
        decay,
        decayMask: shapes.map((s) => (s.length >= 2 ? 1 : 0)),
        wantDirections,
      };
      const inputs: Record<string, tf.Tensor> = { m, v };
      gs.forEach((g, i) => (inputs[`g${i}`] = g));
      ws.forEach((w, i) => (inputs[`w${i}`] = w));
      const out = tf.engine().runKernel(FUSED_ADAM, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
      const ref = reference(gs, ws, m, v, attrs);
      expect(out.length).toBe(ref.length);
      out.forEach((t, i) => {
        const r = ref[i] as tf.Tensor;
        expect(t.shape).toEqual(r.shape);
        expect(Array.from(t.dataSync())).toEqual(Array.from(r.dataSync()));
      });
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

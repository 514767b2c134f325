import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend';
import { conv2dBackpropFilterConfig } from '../internal/kernels/conv2d-backprop-filter';
import { registerWasmKernels, WASM_KERNELS } from './register-wasm-kernels';

/** Runs `fn` on cpu and on wasm (with this library's kernels) and returns both results. */
async function onBoth(fn: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (name: 'cpu' | 'wasm') => {
    await selectBackend({ backend: name });
    const out = tf.tidy(fn);
    const list = Array.isArray(out) ? out : [out];
    const arrays = list.map((t) => Float32Array.from(t.dataSync()));
    tf.dispose(list);
    return arrays;
  };
  return { cpu: await run('cpu'), wasm: await run('wasm') };
}

function relErr(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += ((a[i] as number) - (b[i] as number)) ** 2;
    den += (b[i] as number) ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-12);
}

async function expectMatch(fn: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  const { cpu, wasm } = await onBoth(fn);
  cpu.forEach((c, i) => {
    const w = wasm[i] as Float32Array;
    expect(c.some((v) => v !== 0)).toBe(true);
    expect(relErr(w, c)).toBeLessThanOrEqual(1e-4);
  });
}

const rnd = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('registerWasmKernels', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
  });

  it('is idempotent and registers every kernel', () => {
    const a = registerWasmKernels('wasm');
    const b = registerWasmKernels('wasm');
    expect(b).toBe(a);
    for (const k of WASM_KERNELS) expect(tf.getKernel(k, 'wasm')).toBeDefined();
  });

  it('Slice reads its input in place: no copy of the whole input out of wasm memory', async () => {
    await selectBackend({ backend: 'wasm' });
    const big = tf.zeros([1000, 784]);
    const backend = tf.backend() as unknown as { readSync: (...a: unknown[]) => unknown };
    const original = backend.readSync;
    let reads = 0;
    backend.readSync = function (this: unknown, ...args: unknown[]) {
      reads += 1;
      return original.apply(this, args);
    };
    try {
      tf.tidy(() => {
        tf.slice(big, [64, 0], [64, 784]);
        tf.slice(big, [10, 5], [3, 100]);
      });
    } finally {
      backend.readSync = original;
      big.dispose();
    }
    expect(reads).toBe(0);
  });

  it.each([
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[2, 6, 4], [2, 6, 3], true, false],
    [[64, 128], [64, 10], true, false],
  ] as const)('matMul %j × %j (tA=%s, tB=%s) matches cpu', async (sa, sb, ta, tb) => {
    await expectMatch(() => tf.matMul(rnd([...sa], 1), rnd([...sb], 2), ta, tb));
  });

  it.each([
    [
      [10, 6],
      [3, 0],
      [4, 6],
    ],
    [
      [10, 6],
      [2, 1],
      [5, 3],
    ],
    [
      [4, 5, 6],
      [1, 2, 0],
      [2, 3, 6],
    ],
    [
      [4, 5, 6],
      [1, 0, 2],
      [3, 5, 3],
    ],
    [
      [3, 4, 5, 6],
      [1, 1, 1, 1],
      [2, 2, 3, 4],
    ],
    [[20], [5], [7]],
  ] as const)('slice of %j at %j size %j matches cpu', async (shape, begin, size) => {
    await expectMatch(() => tf.slice(rnd([...shape], 3), [...begin], [...size]));
  });

  it.each([
    [
      [10, 6],
      [3, 0, 9, 3],
    ],
    [
      [7, 2, 3],
      [6, 1],
    ],
    [[5], [4, 4, 0]],
    [
      [4, 3, 2, 2],
      [
        [1, 2],
        [3, 0],
      ],
    ],
  ] as const)('gather of rows of %j at %j matches cpu', async (shape, idx) => {
    await expectMatch(() => tf.gather(rnd([...shape], 12), tf.tensor(idx as never, undefined, 'int32')));
    await expectMatch(() => tf.gather(rnd([...shape], 12), tf.tensor1d([0, 0], 'int32'), shape.length - 1));
  });

  it.each([
    [[2, 8, 8, 3], 2, 2, 'valid'],
    [[2, 9, 7, 2], 2, 2, 'same'],
    [[1, 9, 9, 4], 3, 2, 'valid'],
    [[2, 10, 10, 1], 3, 1, 'same'],
    [[3, 7, 7, 5], 3, 3, 'same'],
  ] as const)('MaxPoolGrad x=%j pool=%i stride=%i pad=%s matches cpu', async (xs, size, stride, pad) => {
    await expectMatch(() => {
      const x = rnd([...xs], 13) as tf.Tensor4D;
      const y = tf.maxPool(x, size, stride, pad);
      const dy = rnd(y.shape, 14);
      return tf.grad((v: tf.Tensor) =>
        tf
          .maxPool(v as tf.Tensor4D, size, stride, pad)
          .mul(dy)
          .sum(),
      )(x);
    });
  });

  it.each([
    [[2, 9, 9, 3], [3, 3, 3, 4], 1, 'valid'],
    [[2, 9, 9, 3], [3, 3, 3, 4], 1, 'same'],
    [[2, 10, 11, 2], [3, 3, 2, 5], 2, 'valid'],
    [[2, 10, 11, 2], [3, 3, 2, 5], 2, 'same'],
    [[3, 8, 8, 1], [5, 5, 1, 2], 3, 'same'],
    [[1, 7, 7, 4], [2, 2, 4, 3], 2, 'valid'],
    [[2, 8, 9, 1], [3, 3, 1, 4], 1, 'same'],
    [[2, 8, 9, 1], [5, 2, 1, 3], 1, 'valid'],
    [[1, 6, 6, 1], [4, 4, 1, 2], 1, 'same'],
  ] as const)('Conv2DBackpropFilter x=%j filter=%j stride=%i pad=%s matches cpu', async (xs, fs, stride, pad) => {
    await expectMatch(() => {
      const x = rnd([...xs], 4);
      const f = rnd([...fs], 5);
      const dy = tf.onesLike(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad)).mul(rnd(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad).shape, 6));
      const direct = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [stride, stride], pad, dataFormat: 'NHWC', filterShape: fs }) as tf.Tensor;
      const viaGrad = tf.grad((w: tf.Tensor) =>
        tf
          .conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad)
          .mul(dy)
          .sum(),
      )(f);
      return [direct, viaGrad];
    });
  });

  it.each([
    [[2, 9, 9, 3], [3, 3, 3, 4], 1, 'same'],
    [[2, 10, 11, 2], [3, 3, 2, 5], 2, 'valid'],
    [[3, 8, 8, 1], [5, 5, 1, 2], 3, 'same'],
  ] as const)('Conv2DBackpropFilter fallback (one convolution, for inputs too large for im2col) x=%j filter=%j stride=%i pad=%s matches cpu', async (xs, fs, stride, pad) => {
    const k = (name: string) => tf.getKernel(name, 'wasm') as tf.KernelConfig;
    const viaConv = conv2dBackpropFilterConfig('wasm', { conv2d: k('Conv2D'), transpose: k('Transpose'), slice: k('Slice'), batchMatMul: k('BatchMatMul') }, 0);
    await expectMatch(() => {
      const x = rnd([...xs], 4);
      const f = rnd([...fs], 5);
      const dy = rnd(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad).shape, 6);
      if (tf.getBackend() === 'cpu')
        return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [stride, stride], pad, dataFormat: 'NHWC', filterShape: fs }) as tf.Tensor;
      const info = (viaConv.kernelFunc as unknown as (a: unknown) => tf.TensorInfo)({
        inputs: { x, dy },
        backend: tf.backend(),
        attrs: { strides: [stride, stride], pad, dataFormat: 'NHWC', filterShape: fs },
      });
      return tf.engine().makeTensorFromTensorInfo(info);
    });
  });

  it.each([
    [[2, 8, 8, 3], [3, 3, 3, 1], 1, 1, 'valid'],
    [[2, 8, 8, 3], [3, 3, 3, 2], 2, 1, 'same'],
    [[1, 9, 7, 2], [3, 3, 2, 3], 1, 1, 'same'],
    [[2, 10, 10, 4], [5, 5, 4, 1], 3, 1, 'valid'],
  ] as const)('DepthwiseConv2dNativeBackpropFilter x=%j filter=%j stride=%i dilation=%i pad=%s matches cpu', async (xs, fs, stride, dil, pad) => {
    await expectMatch(() => {
      const x = rnd([...xs], 7) as tf.Tensor4D;
      const f = rnd([...fs], 8) as tf.Tensor4D;
      const y = tf.depthwiseConv2d(x, f, stride, pad, 'NHWC', dil);
      const dy = rnd(y.shape, 9);
      const direct = tf
        .engine()
        .runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { strides: [stride, stride], dilations: [dil, dil], pad, filterShape: fs }) as tf.Tensor;
      const viaGrad = tf.grad((w: tf.Tensor) =>
        tf
          .depthwiseConv2d(x, w as tf.Tensor4D, stride, pad, 'NHWC', dil)
          .mul(dy)
          .sum(),
      )(f);
      return [direct, viaGrad];
    });
  });

  it.each([
    [[6, 4], [0, 2, 0, 1, 2, 2], 3],
    [[5, 2, 3], [4, 0, 4, 1, 3], 5],
    [[4], [1, 1, 0, 1], 2],
    [[6, 3], [0, -1, 2, 7, 1, 0], 3],
  ] as const)('UnsortedSegmentSum of %j by %j into %i segments matches cpu (also as the gather gradient)', async (xs, ids, n) => {
    await expectMatch(() => {
      const x = rnd([...xs], 10);
      const seg = tf.tensor1d([...ids], 'int32');
      const direct = tf.unsortedSegmentSum(x, seg, n);
      const table = rnd([n, ...xs.slice(1)], 11);
      const safe = tf.tensor1d(
        ids.map((i) => Math.min(Math.max(i, 0), n - 1)),
        'int32',
      );
      const viaGrad = tf.grad((t: tf.Tensor) => tf.gather(t, safe).mul(x).sum())(table);
      return [direct, viaGrad];
    });
  });
});

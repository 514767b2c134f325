import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import type { AnyKernelFunc, WasmBackendLike } from './wasm-backend';

interface Attrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * MaxPoolGrad for wasm (NHWC): for each pooling window, the gradient goes to the window's first
 * maximum, as on the cpu backend. A channel-innermost loop over the heap; the stock kernel took
 * ~7.6 ms for a 64×28×28×8 input — most of a small CNN's training step.
 */
export function maxPoolGradConfig(backendName: string): KernelConfig {
  const kernelFunc: AnyKernelFunc = (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const a = args.attrs as unknown as Attrs;
    const backend = args.backend as WasmBackendLike;
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
    const {
      batchSize: B,
      inHeight: H,
      inWidth: W,
      inChannels: C,
      outHeight: OH,
      outWidth: OW,
      strideHeight: sh,
      strideWidth: sw,
      effectiveFilterHeight: fh,
      effectiveFilterWidth: fw,
    } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const dx = backend.makeOutput([...input.shape], 'float32');
    const xs = backend.typedArrayFromHeap(input);
    const ds = backend.typedArrayFromHeap(dy);
    const out = backend.typedArrayFromHeap(dx);
    out.fill(0);
    const best = new Float32Array(C);
    const where = new Int32Array(C);
    for (let b = 0; b < B; b++) {
      for (let oh = 0; oh < OH; oh++) {
        const r0 = Math.max(0, oh * sh - top);
        const r1 = Math.min(H, oh * sh - top + fh);
        for (let ow = 0; ow < OW; ow++) {
          const c0 = Math.max(0, ow * sw - left);
          const c1 = Math.min(W, ow * sw - left + fw);
          best.fill(Number.NEGATIVE_INFINITY);
          where.fill(-1);
          for (let r = r0; r < r1; r++) {
            for (let c = c0; c < c1; c++) {
              const base = ((b * H + r) * W + c) * C;
              for (let ch = 0; ch < C; ch++) {
                const v = xs[base + ch] as number;
                if (v > (best[ch] as number) || (where[ch] as number) < 0) {
                  best[ch] = v;
                  where[ch] = base + ch;
                }
              }
            }
          }
          const o = ((b * OH + oh) * OW + ow) * C;
          for (let ch = 0; ch < C; ch++) {
            const w = where[ch] as number;
            if (w >= 0) out[w] = (out[w] as number) + (ds[o + ch] as number);
          }
        }
      }
    }
    return dx;
  };
  return { kernelName: 'MaxPoolGrad', backendName, kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'] };
}

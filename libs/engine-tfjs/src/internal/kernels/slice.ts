import { slice_util, util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import type { AnyKernelFunc, WasmBackendLike } from './wasm-backend';

/**
 * Slice for wasm that reads its input in place on the wasm heap (the stock kernel first copies
 * the whole input out of wasm memory: 13 ms to take a batch from a 10k×784 tensor).
 * Falls back to the original kernel for strings and ranks above 4.
 */
export function inPlaceSliceConfig(original: KernelConfig): KernelConfig {
  const fallback = original.kernelFunc as unknown as AnyKernelFunc;
  const kernelFunc: AnyKernelFunc = (args) => {
    const x = args.inputs.x as TensorInfo;
    const attrs = args.attrs as { begin: number | number[]; size?: number | number[] };
    if (x.dtype === 'string' || x.shape.length > 4) return fallback(args);
    const backend = args.backend as WasmBackendLike;
    const parsed = slice_util.parseSliceParams(x as never, attrs.begin, attrs.size);
    const begin = parsed[0] as number[];
    const size = parsed[1] as number[];
    const out = backend.makeOutput(size, x.dtype);
    const n = util.sizeFromShape(size);
    if (n === 0) return out;
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    const strides = util.computeStrides(x.shape);
    if (slice_util.isSliceContinous(x.shape, begin, size)) {
      const off = slice_util.computeFlatOffset(begin, strides);
      dst.set(src.subarray(off, off + n));
      return out;
    }
    const rank = x.shape.length;
    // pad to rank 4 so one loop nest covers ranks 1-4
    const b4 = [...Array(4 - rank).fill(0), ...begin];
    const s4 = [...Array(4 - rank).fill(1), ...size];
    const st4 = [...Array(4 - rank).fill(0), ...strides, 1].slice(-4);
    let o = 0;
    const inner = s4[3] as number;
    for (let i = 0; i < (s4[0] as number); i++) {
      for (let j = 0; j < (s4[1] as number); j++) {
        for (let k = 0; k < (s4[2] as number); k++) {
          const off =
            (i + (b4[0] as number)) * (st4[0] as number) + (j + (b4[1] as number)) * (st4[1] as number) + (k + (b4[2] as number)) * (st4[2] as number) + (b4[3] as number);
          dst.set(src.subarray(off, off + inner), o);
          o += inner;
        }
      }
    }
    return out;
  };
  return {
    kernelName: original.kernelName,
    backendName: original.backendName,
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'],
  };
}

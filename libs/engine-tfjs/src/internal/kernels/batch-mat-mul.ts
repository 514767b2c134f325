import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { AnyKernelFunc, WasmBackendLike } from './wasm-backend';

/**
 * BatchMatMul for wasm whose transposed operands are transposed explicitly first, so the product
 * always takes XNNPACK's fast path (the stock kernel falls to a scalar loop, ~2 GFLOP/s, for
 * `transposeA`/`transposeB`, i.e. in every backward pass).
 */
export function fastBatchMatMulConfig(original: KernelConfig, transpose: KernelConfig): KernelConfig {
  const matMul = original.kernelFunc as unknown as AnyKernelFunc;
  const trans = transpose.kernelFunc as unknown as AnyKernelFunc;
  const kernelFunc: AnyKernelFunc = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return matMul(args);
    const backend = args.backend as WasmBackendLike;
    const swapLast = (t: TensorInfo): TensorInfo => {
      const r = t.shape.length;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2];
      return trans({ inputs: { x: t }, backend, attrs: { perm } }) as TensorInfo;
    };
    const a2 = attrs.transposeA ? swapLast(a) : a;
    const b2 = attrs.transposeB ? swapLast(b) : b;
    try {
      return matMul({ inputs: { a: a2, b: b2 }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      if (a2 !== a) backend.disposeData(a2.dataId);
      if (b2 !== b) backend.disposeData(b2.dataId);
    }
  };
  return {
    kernelName: original.kernelName,
    backendName: original.backendName,
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'],
  };
}

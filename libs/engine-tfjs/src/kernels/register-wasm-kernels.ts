import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs';
import { EpigenomeError } from '@epigenome/core';
import { fastBatchMatMulConfig } from '../internal/kernels/batch-mat-mul';
import { conv2dBackpropFilterConfig } from '../internal/kernels/conv2d-backprop-filter';
import { depthwiseConv2dBackpropFilterConfig } from '../internal/kernels/depthwise-conv2d-backprop-filter';
import { rowGatherConfig } from '../internal/kernels/gather';
import { maxPoolGradConfig } from '../internal/kernels/max-pool-grad';
import { inPlaceSliceConfig } from '../internal/kernels/slice';
import { unsortedSegmentSumConfig } from '../internal/kernels/unsorted-segment-sum';

const marker = Symbol.for('epigenome.engine-tfjs.kernels');
type Registered = Map<string, readonly string[]>;
const registered = (): Registered => ((globalThis as Record<symbol, Registered>)[marker] ??= new Map());

/** The kernels {@link registerWasmKernels} adds or replaces, by name. */
export const WASM_KERNELS = ['BatchMatMul', 'Slice', 'GatherV2', 'MaxPoolGrad', 'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'UnsortedSegmentSum'] as const;

/**
 * Makes a wasm backend fast and complete for training by registering seven kernels over it:
 * `BatchMatMul` (transposed operands transposed first, so XNNPACK's fast path is always taken),
 * `Slice` (reads its input in place instead of copying it out of wasm memory), `GatherV2` along
 * axis 0 (one row copy per index instead of a per-element loop: taking a batch), `MaxPoolGrad`
 * (a channel-innermost loop, several times faster than the stock one), and the missing
 * gradient kernels `Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter` and
 * `UnsortedSegmentSum`.
 *
 * Nothing is registered on import; call this explicitly (the engine does, when it selects wasm).
 * Idempotent per backend name: a second call for the same backend is a no-op that returns the
 * same list. Works before or after the backend is initialised. Requires
 * `@tensorflow/tfjs-backend-wasm` to have been imported (so its kernels exist); throws
 * `ENGINE_FAILURE` otherwise.
 *
 * @param backendName the registered name of the wasm backend. Default `wasm`.
 * @returns the kernel names now provided by this library for that backend.
 */
export function registerWasmKernels(backendName = 'wasm'): readonly string[] {
  const done = registered().get(backendName);
  if (done) return done;
  const need = (name: string): KernelConfig => {
    const k = getKernel(name, backendName);
    if (!k) {
      throw new EpigenomeError({
        code: 'ENGINE_FAILURE',
        field: 'backend',
        value: backendName,
        allowed: 'a backend with the stock tfjs-backend-wasm kernels (import "@tensorflow/tfjs-backend-wasm" first)',
        message: `registerWasmKernels: backend "${backendName}" has no "${name}" kernel; import "@tensorflow/tfjs-backend-wasm" before registering`,
      });
    }
    return k;
  };
  const matMul = need('BatchMatMul');
  const transpose = need('Transpose');
  const slice = need('Slice');
  const conv2d = need('Conv2D');
  const gather = need('GatherV2');
  const replace = (config: KernelConfig) => {
    if (getKernel(config.kernelName, backendName)) unregisterKernel(config.kernelName, backendName);
    registerKernel(config);
  };
  const fastSlice = inPlaceSliceConfig(slice);
  const fastMatMul = fastBatchMatMulConfig(matMul, transpose);
  replace(fastMatMul);
  replace(fastSlice);
  replace(rowGatherConfig(gather));
  replace(maxPoolGradConfig(backendName));
  replace(conv2dBackpropFilterConfig(backendName, { conv2d, transpose, slice: fastSlice, batchMatMul: fastMatMul }));
  replace(depthwiseConv2dBackpropFilterConfig(backendName));
  replace(unsortedSegmentSumConfig(backendName));
  const list = [...WASM_KERNELS];
  registered().set(backendName, list);
  return list;
}

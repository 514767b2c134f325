import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { sizeOf, type AnyKernelFunc, type WasmBackendLike } from './wasm-backend';

/**
 * UnsortedSegmentSum for wasm (missing there; the gradient of `gather`, e.g. embeddings):
 * out[segmentIds[i], …] += x[i, …]; ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
export function unsortedSegmentSumConfig(backendName: string): KernelConfig {
  const kernelFunc: AnyKernelFunc = (args) => {
    const { x, segmentIds } = args.inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const numSegments = (args.attrs as { numSegments: number }).numSegments;
    const backend = args.backend as WasmBackendLike;
    const idsRank = segmentIds.shape.length;
    const innerShape = x.shape.slice(idsRank);
    const inner = sizeOf(innerShape);
    const n = sizeOf(segmentIds.shape);
    const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
    const xs = backend.typedArrayFromHeap(x);
    const ids = backend.typedArrayFromHeap(segmentIds);
    const o = backend.typedArrayFromHeap(out);
    o.fill(0);
    for (let i = 0; i < n; i++) {
      const s = ids[i] as number;
      if (s < 0 || s >= numSegments) continue;
      const src = i * inner;
      const dst = s * inner;
      for (let j = 0; j < inner; j++) o[dst + j] = (o[dst + j] as number) + (xs[src + j] as number);
    }
    return out;
  };
  return { kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'] };
}

import type { DataType, TensorInfo } from '@tensorflow/tfjs';

/** The slice of the wasm backend's (untyped, internal) surface the kernels here use. */
export interface WasmBackendLike {
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: object): boolean;
}

/** A kernel function as the registry stores it (inputs and attrs are untyped there). */
export type AnyKernelFunc = (args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: Record<string, unknown> }) => TensorInfo | TensorInfo[];

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

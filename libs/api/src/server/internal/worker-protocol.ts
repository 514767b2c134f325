import { EpigenomeError, type EpigenomeErrorCode, type MemoryStore, type MetricPoint } from '@epigenome/core';

/** The store methods a worker may call on the main thread's store (everything but `appendMetrics`, batched apart, and `close`). */
export const PROXIED_METHODS = [
  'createExperiment',
  'getExperiment',
  'listExperiments',
  'updateExperiment',
  'createTrial',
  'updateTrial',
  'listTrials',
  'flush',
  'appendEvents',
  'addLineage',
  'truncateTrial',
  'putCheckpoint',
  'getCheckpoint',
  'mark',
  'reinforce',
  'weaken',
  'erase',
  'inherit',
] as const satisfies readonly (keyof MemoryStore)[];

export type ProxiedMethod = (typeof PROXIED_METHODS)[number];

/** Methods that read only: no change to announce after them. */
export const READ_METHODS: ReadonlySet<ProxiedMethod> = new Set(['getExperiment', 'listExperiments', 'listTrials', 'getCheckpoint', 'inherit']);

/** An error as it crosses a MessagePort: an `EpigenomeError` keeps its code, field and allowed range. */
export interface WireError {
  readonly code: EpigenomeErrorCode;
  readonly message: string;
  readonly field?: string;
  readonly value?: string | number | boolean | null;
  readonly allowed?: string;
}

/** What the worker is asked to do (its `workerData`). */
export type WorkerJob = ({ readonly kind: 'run'; readonly spec: unknown } | { readonly kind: 'resume'; readonly experimentId: string }) & {
  readonly workers?: number;
  /** The nice value the worker's thread (and the engine threads it starts) trains at; 0 keeps the server's. */
  readonly nice?: number;
};

/** Worker → main thread. */
export type WorkerMessage =
  | { readonly type: 'call'; readonly id: number; readonly method: ProxiedMethod; readonly args: readonly unknown[] }
  | { readonly type: 'metrics'; readonly points: readonly MetricPoint[] }
  | { readonly type: 'started'; readonly experimentId: string }
  | { readonly type: 'done'; readonly experimentId: string; readonly status: string }
  | { readonly type: 'failed'; readonly error: WireError };

/** Main thread → worker. */
export type MainMessage =
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly error: WireError }
  | { readonly type: 'stop' };

/** Flattens an error for the wire; anything but an `EpigenomeError` keeps only its message, under `INTERNAL`. */
export function toWireError(error: unknown): WireError {
  if (EpigenomeError.isInstance(error)) {
    const v = error.value;
    const value = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
    return {
      code: error.code,
      message: error.message,
      ...(error.field !== undefined ? { field: error.field } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(error.allowed !== undefined ? { allowed: error.allowed } : {}),
    };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** Rebuilds the `EpigenomeError` a {@link WireError} came from. */
export function fromWireError(wire: WireError): EpigenomeError {
  return new EpigenomeError({
    code: wire.code,
    message: wire.message,
    ...(wire.field !== undefined ? { field: wire.field } : {}),
    ...(wire.value !== undefined ? { value: wire.value } : {}),
    ...(wire.allowed !== undefined ? { allowed: wire.allowed } : {}),
  });
}

/** A byte array the receiver may own: `bytes` itself when it spans its whole buffer, else a copy. */
export function ownedBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
}

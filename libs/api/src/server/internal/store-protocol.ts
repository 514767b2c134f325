import type { MetricPoint } from '@epigenome/core';
import { MEMORY_WRITES, OTHER_READS, RECORD_READS } from '../../internal/memory-methods';
import type { NumberedReply } from './pending-replies';
import type { WireError } from './worker-protocol';

/** `Memory` methods that only read (every `queries.*` method reads too). */
export const STORE_READS = [...RECORD_READS, ...OTHER_READS] as const;

/** `Memory` methods that write (besides `appendMetrics`, sent as its own message, and `close`). */
export const STORE_WRITES = [...MEMORY_WRITES, 'flush'] as const;

export type StoreRead = (typeof STORE_READS)[number];
export type StoreWrite = (typeof STORE_WRITES)[number];

/** A method of the store thread's `Memory`: a top-level read or write, or `queries.<name>`. */
export type StorePath = StoreRead | StoreWrite | `queries.${string}`;

const reads: ReadonlySet<string> = new Set(STORE_READS);
const writes: ReadonlySet<string> = new Set(STORE_WRITES);

/** Whether `path` names a store method that only reads. */
export const isStoreRead = (path: string): boolean => reads.has(path) || path.startsWith('queries.');
/** Whether `path` names a store method a client may call at all. */
export const isStorePath = (path: string): path is StorePath => isStoreRead(path) || writes.has(path);

/** Main thread → store thread. */
export type StoreRequest =
  | { readonly type: 'call'; readonly id: number; readonly path: StorePath; readonly args: readonly unknown[] }
  | { readonly type: 'metrics'; readonly points: readonly MetricPoint[] }
  | { readonly type: 'close'; readonly id: number };

/** Store thread → main thread. */
export type StoreReply = NumberedReply;

/** The store thread's first message: the store is open (its driver), or it could not open. */
export type StoreReady = { readonly type: 'ready'; readonly driver: 'pglite' | 'postgres' } | { readonly type: 'open-failed'; readonly error: WireError };

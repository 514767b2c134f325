import { EpigenomeError, type MetricPoint } from '@epigenome/core';
import type { Memory } from '@epigenome/memory';
import { isStorePath, isStoreRead, type StoreReply, type StoreRequest } from './store-protocol';
import { ownedBytes, toWireError } from './worker-protocol';

/** Reads taken in a row while writes wait, before one write goes (writes never starve). */
export const READS_BEFORE_A_WRITE = 8;

/** Options of {@link serveStore}. */
export interface ServeStoreOptions {
  /** Sends a reply to the client (the main thread). */
  readonly post: (reply: StoreReply, transfer: ArrayBuffer[]) => void;
  /** Told how long each call waited in the queue and ran, in ms (diagnostics). */
  readonly onTiming?: (path: string, waitMs: number, runMs: number) => void;
}

interface Job {
  readonly path: string;
  readonly at: number;
  readonly run: () => Promise<{ value: unknown; transfer: ArrayBuffer[] }>;
  readonly id: number | undefined;
}

/**
 * The store thread's side of {@link createStoreClient}: answers calls on `memory` one at a time
 * (the embedded store has one connection), **reads first** — a read never queues behind a run of
 * training writes, and after {@link READS_BEFORE_A_WRITE} reads in a row a waiting write goes, so
 * writes never starve. Writes keep their order among themselves (metric batches, `flush` and the
 * other writes of one writer arrive and run in order). A refused metric batch makes the next
 * `flush` reject with the store's error, as a local store's `flush` reports a write failure.
 */
export function serveStore(memory: Memory, options: ServeStoreOptions): { handle(message: StoreRequest): void } {
  const reads: Job[] = [];
  const writes: Job[] = [];
  let readsInRow = 0;
  let busy = false;
  let metricsError: unknown;

  function target(path: string): (...args: unknown[]) => Promise<unknown> {
    if (!isStorePath(path)) throw new EpigenomeError({ code: 'INVALID_ARGUMENT', field: 'path', value: path, message: `unknown store method ${path}` });
    const [owner, name] = path.startsWith('queries.')
      ? [memory.queries as unknown as Record<string, unknown>, path.slice(8)]
      : [memory as unknown as Record<string, unknown>, path];
    const fn = owner[name];
    if (typeof fn !== 'function') throw new EpigenomeError({ code: 'INVALID_ARGUMENT', field: 'path', value: path, message: `unknown store method ${path}` });
    return (...args) => (fn as (...a: unknown[]) => Promise<unknown>).apply(owner, args);
  }

  async function call(path: string, args: readonly unknown[]) {
    if (path === 'flush' && metricsError !== undefined) {
      const refused = metricsError;
      metricsError = undefined;
      throw refused;
    }
    const value = await target(path)(...args);
    if (path === 'getCheckpoint' && value !== undefined) {
      const c = value as { trialId: string; step: number; bytes: Uint8Array };
      const bytes = ownedBytes(c.bytes);
      return { value: { trialId: c.trialId, step: c.step, bytes }, transfer: [bytes.buffer as ArrayBuffer] };
    }
    return { value, transfer: [] };
  }

  function next(): Job | undefined {
    if (reads.length > 0 && (writes.length === 0 || readsInRow < READS_BEFORE_A_WRITE)) {
      readsInRow++;
      return reads.shift();
    }
    readsInRow = 0;
    return writes.shift();
  }

  function pump() {
    if (busy) return;
    const job = next();
    if (job === undefined) return;
    busy = true;
    const started = performance.now();
    void job
      .run()
      .then(
        ({ value, transfer }) => job.id !== undefined && options.post({ type: 'reply', id: job.id, ok: true, value }, transfer),
        (error: unknown) => job.id !== undefined && options.post({ type: 'reply', id: job.id, ok: false, error: toWireError(error) }, []),
      )
      .finally(() => {
        const ended = performance.now();
        options.onTiming?.(job.path, started - job.at, ended - started);
        busy = false;
        pump();
      });
  }

  return {
    handle(message) {
      const at = performance.now();
      if (message.type === 'metrics') {
        writes.push({
          path: 'appendMetrics',
          at,
          id: undefined,
          run: async () => {
            try {
              memory.appendMetrics(message.points as MetricPoint[]);
            } catch (error) {
              metricsError ??= error;
            }
            return { value: undefined, transfer: [] };
          },
        });
      } else if (message.type === 'close') {
        writes.push({
          path: 'close',
          at,
          id: message.id,
          run: async () => {
            await memory.close();
            return { value: undefined, transfer: [] };
          },
        });
      } else {
        (isStoreRead(message.path) ? reads : writes).push({ path: message.path, at, id: message.id, run: () => call(message.path, message.args) });
      }
      pump();
    },
  };
}

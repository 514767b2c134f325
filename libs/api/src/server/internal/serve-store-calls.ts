import { EpigenomeError, type ExperimentRecord, type MemoryStore, type MetricPoint } from '@epigenome/core';
import { ownedBytes, PROXIED_METHODS, READ_METHODS, toWireError, type MainMessage, type WorkerMessage } from './worker-protocol';

const methodSet: ReadonlySet<string> = new Set(PROXIED_METHODS);

/** Options of {@link serveStoreCalls}. */
export interface ServeStoreCallsOptions {
  /** The one store the calls go to. */
  readonly memory: MemoryStore;
  /** Sends a reply to the worker (a gone worker is ignored). */
  readonly post: (message: MainMessage, transfer: ArrayBuffer[]) => void;
  /** Told the id of the experiment the worker's `createExperiment` stored, before its reply leaves. */
  readonly onCreated?: (experimentId: string) => void;
  /** Told after every write (and every batch of metric points taken). */
  readonly onWrite?: () => void;
}

/**
 * The main-thread side of {@link createMemoryProxy}: answers a worker's `call` messages from
 * `memory` (checkpoint bytes transferred back) and takes its `metrics` batches; points the store
 * refuses make the worker's next `flush` reject with the store's error, as a local store's
 * `flush` would report a write failure. Other messages are the caller's: `handle` returns false.
 */
export function serveStoreCalls(o: ServeStoreCallsOptions): { handle(message: WorkerMessage): boolean } {
  const { memory } = o;
  let created = false;
  let metricsError: unknown;
  const reply = (message: MainMessage, transfer: ArrayBuffer[] = []) => {
    try {
      o.post(message, transfer);
    } catch {
      // the worker is gone: nobody waits for this reply
    }
  };
  async function answer(m: Extract<WorkerMessage, { type: 'call' }>) {
    try {
      if (!methodSet.has(m.method)) throw new EpigenomeError({ code: 'INVALID_ARGUMENT', field: 'method', value: m.method, message: `unknown store method ${m.method}` });
      if (m.method === 'flush' && metricsError !== undefined) {
        const refused = metricsError;
        metricsError = undefined;
        throw refused;
      }
      const fn = memory[m.method] as (...args: unknown[]) => Promise<unknown>;
      let value = await fn.apply(memory, [...m.args]);
      const transfer: ArrayBuffer[] = [];
      if (m.method === 'getCheckpoint' && value !== undefined) {
        const c = value as { trialId: string; step: number; bytes: Uint8Array };
        const bytes = ownedBytes(c.bytes);
        value = { trialId: c.trialId, step: c.step, bytes };
        transfer.push(bytes.buffer as ArrayBuffer);
      }
      if (m.method === 'createExperiment' && !created) {
        created = true;
        o.onCreated?.((value as ExperimentRecord).id);
      }
      reply({ type: 'reply', id: m.id, ok: true, value }, transfer);
      if (!READ_METHODS.has(m.method)) o.onWrite?.();
    } catch (error) {
      reply({ type: 'reply', id: m.id, ok: false, error: toWireError(error) });
    }
  }
  return {
    handle(message) {
      if (message.type === 'call') {
        void answer(message);
        return true;
      }
      if (message.type === 'metrics') {
        try {
          memory.appendMetrics(message.points as MetricPoint[]);
        } catch (error) {
          metricsError ??= error;
        }
        return true;
      }
      return false;
    },
  };
}

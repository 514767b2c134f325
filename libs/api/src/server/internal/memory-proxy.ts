import type { MessagePort } from 'node:worker_threads';
import type { MemoryStore, MetricPoint, StoredCheckpoint } from '@epigenome/core';
import { createPendingReplies } from './pending-replies';
import { PROXIED_METHODS, type MainMessage, type ProxiedMethod, type WorkerMessage } from './worker-protocol';

/** Metric points sent to the main thread in one message once this many are buffered (and always at `flush`). */
export const METRIC_BATCH = 2000;

/**
 * A `MemoryStore` whose calls go over `port` to the main thread's one store: each method posts a
 * request and resolves with the reply. `appendMetrics` buffers and sends in batches (a bad point
 * is refused by the main store and reported by the next `flush`); checkpoint bytes are
 * transferred, not copied twice. `close` only flushes: the store is the main thread's.
 */
export function createMemoryProxy(port: MessagePort): MemoryStore {
  const replies = createPendingReplies();
  let buffered: MetricPoint[] = [];
  port.on('message', (m: MainMessage) => {
    if (m.type === 'reply') replies.settle(m);
  });
  const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const sendMetrics = () => {
    if (buffered.length === 0) return;
    const points = buffered;
    buffered = [];
    post({ type: 'metrics', points });
  };
  const call = (method: ProxiedMethod, args: unknown[], transfer: ArrayBuffer[] = []) => {
    // Points appended before this call are sent first: the port keeps order.
    sendMetrics();
    return replies.ask((id) => post({ type: 'call', id, method, args }, transfer));
  };
  const methods = Object.fromEntries(PROXIED_METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)])) as Pick<MemoryStore, ProxiedMethod>;
  return {
    ...methods,
    putCheckpoint(checkpoint: StoredCheckpoint, options) {
      // One copy the main thread owns (the runner may keep using its own bytes), moved, not cloned.
      const bytes = checkpoint.bytes.slice();
      return call('putCheckpoint', [{ trialId: checkpoint.trialId, step: checkpoint.step, bytes }, ...(options ? [options] : [])], [bytes.buffer]) as Promise<void>;
    },
    appendMetrics(points) {
      buffered.push(...points);
      if (buffered.length >= METRIC_BATCH) sendMetrics();
    },
    async close() {
      await call('flush', []);
    },
  };
}

import type { MessagePort, Worker } from 'node:worker_threads';
import { EpigenomeError, type MetricPoint } from '@epigenome/core';
import type { Memory } from '@epigenome/memory';
import { STORE_READS, STORE_WRITES, type StorePath, type StoreReply, type StoreRequest } from './store-protocol';
import { createPendingReplies } from './pending-replies';

type Port = Pick<MessagePort | Worker, 'postMessage' | 'on'>;

/** A {@link createStoreClient} `Memory`, plus what its owner needs when the store thread is gone. */
export interface StoreClient extends Memory {
  /** Rejects every pending call with `error`, and every later one. */
  fail(error: Error): void;
}

/**
 * A `Memory` whose every call goes over `port` to the store thread's one store ({@link serveStore}
 * answers): each method posts a request and resolves with the reply. `queries.<name>` reaches any
 * dashboard query, present or future. `appendMetrics` posts its points at once (a refused batch
 * makes the next `flush` reject); checkpoint bytes coming back are transferred. `db` is not
 * available off the store thread (it throws, naming why). `close` closes the store thread's store, then runs `afterClose`.
 */
export function createStoreClient(port: Port, driver: Memory['driver'], options: { readonly afterClose?: () => Promise<void> } = {}): StoreClient {
  let failed: Error | undefined;
  const replies = createPendingReplies();
  let unflushed = 0;
  port.on('message', (m: StoreReply) => {
    if (m.type === 'reply') replies.settle(m);
  });
  const post = (m: StoreRequest) => port.postMessage(m);
  const ask = (make: (id: number) => StoreRequest) => (failed ? Promise.reject(failed) : replies.ask((id) => post(make(id))));
  const call = (path: StorePath, args: unknown[]) => ask((id) => ({ type: 'call', id, path, args }));
  const methods = Object.fromEntries([...STORE_READS, ...STORE_WRITES].map((path) => [path, (...args: unknown[]) => call(path, args)]));
  const queries = new Proxy({} as Memory['queries'], {
    get: (_, name) => (typeof name === 'string' && name !== 'then' ? (...args: unknown[]) => call(`queries.${name}`, args) : undefined),
  });
  return {
    ...(methods as unknown as Memory),
    driver,
    queries,
    get db(): Memory['db'] {
      throw new EpigenomeError({
        code: 'CONFLICT',
        field: 'db',
        message: "the embedded store lives on the server's store thread: reach it through the Memory methods and queries, not its drizzle db",
      });
    },
    get pendingMetrics() {
      return unflushed;
    },
    appendMetrics(points: readonly MetricPoint[]) {
      if (failed) throw failed;
      unflushed += points.length;
      post({ type: 'metrics', points });
    },
    async flush() {
      const covered = unflushed;
      await call('flush', []);
      unflushed = Math.max(0, unflushed - covered);
    },
    async close() {
      try {
        await ask((id) => ({ type: 'close', id }));
      } finally {
        await options.afterClose?.();
      }
    },
    fail(error) {
      failed ??= error;
      replies.rejectAll(failed);
    },
  };
}

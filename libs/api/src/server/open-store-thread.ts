import { EpigenomeError } from '@epigenome/core';
import type { Memory } from '@epigenome/memory';
import { createStoreClient } from './internal/store-client';
import type { StoreReady } from './internal/store-protocol';
import { spawnServerThread } from './internal/spawn-server-thread';
import { fromWireError } from './internal/worker-protocol';

/** What the store thread is started with. */
export interface StoreThreadData {
  /** The embedded store's folder (PGlite). */
  readonly dir: string;
  /** Log every store call that waited and ran this long or longer, in ms (to stderr); default none. */
  readonly traceMs?: number;
  /** The owning process's command line (`process.argv.slice(1)`), written in the store's lock. Default: this process's. */
  readonly ownerArgv?: readonly string[];
}

/** Options of {@link openStoreThread}. */
export interface OpenStoreThreadOptions extends StoreThreadData {
  /** Where the thread's crash is told. Default: stderr. */
  readonly log?: (line: string) => void;
}

/**
 * Opens the embedded store (PGlite in `dir`) on a thread of its own and resolves with a `Memory`
 * that reaches it by message (see `createStoreClient`): every query and write runs there, never on
 * the caller's event loop; reads go before waiting writes. Rejects with the store's own error if
 * it cannot open (a locked or damaged folder). `close()` closes the store, then ends the thread.
 * If the thread dies, every pending and later call rejects with `STORE_FAILURE`.
 */
export async function openStoreThread(options: OpenStoreThreadOptions): Promise<Memory> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const worker = spawnServerThread('store-thread', {
    dir: options.dir,
    ownerArgv: options.ownerArgv ?? process.argv.slice(1),
    ...(options.traceMs !== undefined ? { traceMs: options.traceMs } : {}),
  } satisfies StoreThreadData);
  let crash: string | undefined;
  worker.on('error', (error) => {
    crash = error instanceof Error ? error.message : String(error);
    log(`epigenome: the store thread crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  });
  const driver = await new Promise<Memory['driver']>((resolve, reject) => {
    const onMessage = (m: StoreReady) => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      if (m.type === 'ready') resolve(m.driver);
      else {
        void worker.terminate();
        reject(fromWireError(m.error));
      }
    };
    const onExit = (code: number) => {
      worker.off('message', onMessage);
      reject(
        new EpigenomeError({ code: 'STORE_FAILURE', message: `the store thread ended before the store ${options.dir} opened (exit code ${code})${crash ? `: ${crash}` : ''}` }),
      );
    };
    worker.on('message', onMessage);
    worker.once('exit', onExit);
  });
  let closing = false;
  const client = createStoreClient(worker, driver, {
    afterClose: async () => {
      closing = true;
      await worker.terminate();
    },
  });
  worker.once('exit', (code) => {
    client.fail(new EpigenomeError({ code: 'STORE_FAILURE', message: `the store thread ended (exit code ${code})${crash ? `: ${crash}` : ''}` }));
    if (!closing) log(`epigenome: the store thread of ${options.dir} ended unexpectedly (exit code ${code}); store calls fail from now on`);
  });
  return client;
}

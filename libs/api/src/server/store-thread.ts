// Entry of the server's store thread (openStoreThread): it owns the embedded store (PGlite runs
// its queries synchronously in WASM), so no query ever runs on the event loop that answers HTTP.
import { parentPort, workerData } from 'node:worker_threads';
import { openMemory } from '@epigenome/memory';
import { serveStore } from './internal/serve-store';
import type { StoreReady, StoreRequest } from './internal/store-protocol';
import type { StoreThreadData } from './open-store-thread';
import { toWireError } from './internal/worker-protocol';

async function main(port: NonNullable<typeof parentPort>, data: StoreThreadData): Promise<void> {
  const ready = (m: StoreReady) => port.postMessage(m);
  // The store's lock names its owner by this process's command line: the server's, not this file's.
  if (data.ownerArgv) process.argv = [process.argv[0] as string, ...data.ownerArgv];
  let memory;
  try {
    memory = await openMemory({ dir: data.dir });
  } catch (error) {
    ready({ type: 'open-failed', error: toWireError(error) });
    return;
  }
  const trace = data.traceMs;
  const served = serveStore(memory, {
    post: (reply, transfer) => port.postMessage(reply, transfer),
    ...(trace !== undefined
      ? {
          onTiming: (path: string, waitMs: number, runMs: number) =>
            waitMs + runMs >= trace && process.stderr.write(`epigenome store: ${path} waited ${waitMs.toFixed(1)} ms, ran ${runMs.toFixed(1)} ms\n`),
        }
      : {}),
  });
  port.on('message', (m: StoreRequest) => served.handle(m));
  ready({ type: 'ready', driver: memory.driver });
}

if (parentPort) void main(parentPort, workerData as StoreThreadData);

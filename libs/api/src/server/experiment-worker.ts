// Entry of the worker thread that runs one experiment for createWorkerHost: the runner trains here,
// never on the server's event loop, and stores everything through the main thread's store.
import { parentPort, workerData } from 'node:worker_threads';
import { resumeSpec, runSpec, type RunnerProgress } from '@epigenome/runner';
import { lowerThreadPriority } from './internal/lower-thread-priority';
import { createMemoryProxy } from './internal/memory-proxy';
import { toWireError, type MainMessage, type WorkerJob, type WorkerMessage } from './internal/worker-protocol';

async function main(port: NonNullable<typeof parentPort>, job: WorkerJob): Promise<void> {
  // Training takes the CPU the HTTP and store threads leave (queries stay fast while it trains).
  lowerThreadPriority(job.nice ?? 0);
  const post = (m: WorkerMessage) => port.postMessage(m);
  const memory = createMemoryProxy(port);
  const abort = new AbortController();
  port.on('message', (m: MainMessage) => {
    if (m.type === 'stop') abort.abort('stop');
  });
  const onProgress = (p: RunnerProgress) => {
    if (p.type === 'started') post({ type: 'started', experimentId: p.experimentId });
  };
  const options = { memory, abortSignal: abort.signal, onProgress, ...(job.workers !== undefined ? { workers: job.workers } : {}) };
  try {
    const result = job.kind === 'run' ? await runSpec(job.spec, options) : await resumeSpec(job.experimentId, options);
    await memory.flush();
    post({ type: 'done', experimentId: result.experimentId, status: result.status });
  } catch (error) {
    try {
      await memory.flush();
    } catch {
      // the run's own error matters more
    }
    post({ type: 'failed', error: toWireError(error) });
  }
  port.close();
}

if (parentPort) void main(parentPort, workerData as WorkerJob);

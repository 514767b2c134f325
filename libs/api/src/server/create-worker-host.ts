import type { ResourceLimits, Worker } from 'node:worker_threads';
import { EpigenomeError, invalidArgument } from '@epigenome/core';
import type { Memory } from '@epigenome/memory';
import type { ChangeFeed, ExperimentHost } from '../api-context';
import { serveStoreCalls } from './internal/serve-store-calls';
import { spawnServerThread } from './internal/spawn-server-thread';
import { fromWireError, type MainMessage, type WireError, type WorkerJob, type WorkerMessage } from './internal/worker-protocol';

/** Options of {@link createWorkerHost}. */
export interface WorkerHostOptions {
  /** The server's one store: every worker reads and writes through it. */
  readonly memory: Memory;
  /** Told after every write of an experiment, so live subscriptions wake. */
  readonly changes: ChangeFeed;
  /** Engine worker threads per experiment; default: the spec's `workers`. */
  readonly workers?: number;
  /** How long `close()` waits for a stopped experiment to checkpoint before terminating its worker, in ms. Default 60,000. */
  readonly stopTimeoutMs?: number;
  /** Where server-side diagnostics go (never to clients). Default: stderr. */
  readonly log?: (line: string) => void;
  /** Memory limits of each experiment's worker (a worker over them ends, its experiment failed). Default: Node's. */
  readonly resourceLimits?: ResourceLimits;
  /**
   * Nice value (0..19) each experiment's worker thread, and the engine threads it starts, train at
   * (Linux; elsewhere ignored): higher yields the CPU to the server's HTTP and store threads when
   * both want it. Default 10; 0 trains at the server's own priority.
   */
  readonly trainingNice?: number;
}

/** An {@link ExperimentHost} running each experiment in a worker thread; `close()` stops them all. */
export interface WorkerHost extends ExperimentHost {
  /** Stops every running experiment (checkpointed, `interrupted`, resumable) and waits for their workers to end. */
  close(): Promise<void>;
}

interface Running {
  readonly worker: Worker;
  experimentId: string | undefined;
  /** Resolves when the worker has ended and its experiment's status is final. */
  readonly ended: Promise<void>;
  /** Ends the worker at once (it did not stop in time); its experiment is then marked `interrupted`. */
  terminate(): void;
}

function conflict(id: string, allowed: string, message: string): EpigenomeError {
  return new EpigenomeError({ code: 'CONFLICT', field: 'id', value: id, allowed, message });
}

/**
 * Runs experiments in `worker_threads` Workers, so training never blocks the server's event
 * loop. A worker has no store of its own: its `MemoryStore` is a proxy whose calls come over
 * its port to `memory` here, and `changes.notify(experimentId)` follows every write.
 *
 * `stop` aborts the worker's run (the runner checkpoints and leaves the experiment
 * `interrupted`); a worker that crashes leaves its experiment `failed` with the reason in
 * `summary.error` (its last runner state kept).
 */
export function createWorkerHost(options: WorkerHostOptions): WorkerHost {
  const { memory, changes } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const trainingNice = options.trainingNice ?? 10;
  if (!Number.isInteger(trainingNice) || trainingNice < 0 || trainingNice > 19) throw invalidArgument('trainingNice', trainingNice, 'an integer in [0, 19]');
  const running = new Map<string, Running>();
  const all = new Set<Running>();
  let closing = false;

  /** Marks an experiment whose worker ended without a word: `failed`, the crash in `summary.error`, its runner state kept. */
  async function recordCrash(experimentId: string, reason: string) {
    try {
      const record = await memory.getExperiment(experimentId);
      if (record.status !== 'running') return;
      const runner = (record.summary as { runner?: unknown } | null)?.runner;
      await memory.updateExperiment(experimentId, {
        status: 'failed',
        summary: { ...(runner ? { runner } : {}), error: { code: 'INTERNAL', message: `the worker running this experiment crashed: ${reason}` } },
      });
      changes.notify(experimentId);
    } catch (error) {
      log(`epigenome: could not record the crash of experiment ${experimentId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Marks an experiment whose worker was terminated (it did not stop in time) `interrupted`: its last persisted round resumes. */
  async function recordTerminated(experimentId: string) {
    try {
      const record = await memory.getExperiment(experimentId);
      if (record.status === 'running') await memory.updateExperiment(experimentId, { status: 'interrupted' });
      changes.notify(experimentId);
    } catch (error) {
      log(`epigenome: could not mark experiment ${experimentId} interrupted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Starts a worker for `job`; resolves with the experiment's id once it is known and registered
   * (run: its row is stored; resume: the runner started), rejects if the worker fails first.
   */
  function launch(job: WorkerJob, readyOn: 'created' | 'started'): Promise<string> {
    if (closing) return Promise.reject(new EpigenomeError({ code: 'CONFLICT', message: 'the server is shutting down: no experiment starts now' }));
    const worker = spawnServerThread(
      'experiment-worker',
      { ...job, nice: trainingNice, ...(options.workers !== undefined ? { workers: options.workers } : {}) } satisfies WorkerJob,
      options.resourceLimits,
    );
    let settle: { resolve: (id: string) => void; reject: (e: unknown) => void } | undefined;
    const ready = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
    let ended!: () => void;
    let terminated = false;
    const entry: Running = {
      worker,
      experimentId: job.kind === 'resume' ? job.experimentId : undefined,
      ended: new Promise<void>((r) => (ended = r)),
      terminate() {
        terminated = true;
        void worker.terminate();
      },
    };
    all.add(entry);
    if (entry.experimentId !== undefined) running.set(entry.experimentId, entry);
    const becomeReady = () => {
      settle?.resolve(entry.experimentId as string);
      settle = undefined;
    };
    let outcome: 'done' | WireError | undefined;
    let crash: string | undefined;
    const onCreated = (id: string) => {
      entry.experimentId = id;
      running.set(id, entry);
      if (readyOn === 'created') becomeReady();
    };
    const store = serveStoreCalls({
      memory,
      post: (message, transfer) => worker.postMessage(message, transfer),
      onCreated,
      onWrite: () => {
        if (entry.experimentId !== undefined) changes.notify(entry.experimentId);
      },
    });
    worker.on('message', (m: WorkerMessage) => {
      if (store.handle(m)) return;
      if (m.type === 'started') becomeReady();
      else if (m.type === 'done') outcome = 'done';
      else if (m.type === 'failed') outcome = m.error;
    });
    worker.on('error', (error) => {
      crash = error instanceof Error ? error.message : String(error);
      log(`epigenome: experiment worker ${entry.experimentId ?? '(starting)'} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    worker.once('exit', (code) => {
      void (async () => {
        const id = entry.experimentId;
        if (outcome === undefined && id !== undefined) {
          if (terminated) await recordTerminated(id);
          else await recordCrash(id, crash ?? `exit code ${code}`);
        }
        if (id !== undefined) {
          if (running.get(id) === entry) running.delete(id);
          changes.notify(id);
        }
        all.delete(entry);
        if (settle) {
          const error =
            outcome !== undefined && outcome !== 'done'
              ? fromWireError(outcome)
              : new EpigenomeError({ code: 'INTERNAL', message: `the experiment's worker ended before it started${crash ? `: ${crash}` : ''}` });
          if (outcome === 'done' && id !== undefined) becomeReady();
          else settle.reject(error);
          settle = undefined;
        }
        ended();
      })();
    });
    return ready;
  }

  async function stopEntry(entry: Running, timeoutMs: number) {
    entry.worker.postMessage({ type: 'stop' } satisfies MainMessage);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), timeoutMs)));
    const first = await Promise.race([entry.ended, late]);
    clearTimeout(timer);
    if (first === 'late') {
      entry.terminate();
      await entry.ended;
    }
  }

  const stopTimeoutMs = options.stopTimeoutMs ?? 60_000;

  return {
    async start(spec) {
      return { experimentId: await launch({ kind: 'run', spec }, 'created') };
    },
    async stop(experimentId) {
      const entry = running.get(experimentId);
      if (entry === undefined) throw conflict(experimentId, 'a running experiment', `experiment ${experimentId} is not running on this server`);
      await stopEntry(entry, stopTimeoutMs);
    },
    async resume(experimentId) {
      if (running.has(experimentId)) throw conflict(experimentId, 'an interrupted experiment', `experiment ${experimentId} is already running`);
      const record = await memory.getExperiment(experimentId);
      if (record.status === 'completed') throw conflict(experimentId, 'an interrupted experiment', `experiment ${experimentId} has completed: there is nothing to resume`);
      if (record.status === 'failed') throw conflict(experimentId, 'an interrupted experiment', `experiment ${experimentId} failed and cannot be resumed: start a new experiment`);
      if (record.status === 'running') {
        throw conflict(experimentId, 'an interrupted experiment', `experiment ${experimentId} is marked running by another process sharing this store; stop it there first`);
      }
      // Checked again after the read: a second resume may have started it meanwhile.
      if (running.has(experimentId)) throw conflict(experimentId, 'an interrupted experiment', `experiment ${experimentId} is already running`);
      await launch({ kind: 'resume', experimentId }, 'started');
    },
    isRunning: (experimentId) => running.has(experimentId),
    async close() {
      closing = true;
      await Promise.all([...all].map((entry) => stopEntry(entry, stopTimeoutMs)));
    },
  };
}

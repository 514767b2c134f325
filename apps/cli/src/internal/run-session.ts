import type { Memory } from '@epigenome/memory';
import type { ExperimentResult, RunnerProgress } from '@epigenome/runner';
import { openStore, storeFlags, type StoreOptions } from '../open-store';
import { createProgressView } from '../progress-view';
import { out } from './out';
import { printResult } from './print-result';
import { SIGNAL_EXIT_CODES, stopOnSignals, type StopSignal } from './stop-on-signals';

/** Options shared by `run` and `resume`. */
export interface SessionOptions {
  readonly store: StoreOptions;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly stepsPerTrial?: number;
  /** Starts the runner on the open store; it must honour `abortSignal`. */
  readonly start: (memory: Memory, abortSignal: AbortSignal, onProgress: (p: RunnerProgress) => void) => Promise<ExperimentResult>;
}

/** Says how to resume an interrupted experiment, on stderr, and sets the exit code of the signal that stopped it (1 without one). */
export async function reportInterrupted(store: StoreOptions, experimentId: string, received: StopSignal | undefined): Promise<void> {
  process.stderr.write(`interrupted; resume with: epigenome ${await storeFlags(store)}resume ${experimentId}\n`);
  process.exitCode = received === undefined ? 1 : SIGNAL_EXIT_CODES[received];
}

/**
 * Runs an experiment from the command line: signal handling first (so a Ctrl-C while the store
 * opens is not lost), then the store, progress and the result. An interrupted run prints how to
 * resume on stderr and sets the exit code of the signal (130 SIGINT, 143 SIGTERM).
 */
export async function runSession(o: SessionOptions): Promise<void> {
  const stop = stopOnSignals();
  const view = createProgressView({ quiet: o.quiet, ...(o.stepsPerTrial ? { stepsPerTrial: o.stepsPerTrial } : {}) });
  let memory: Memory | undefined;
  try {
    memory = await openStore(o.store);
    const signal = stop.received();
    if (signal !== undefined) {
      process.stderr.write('interrupted before the experiment started\n');
      process.exitCode = SIGNAL_EXIT_CODES[signal];
      return;
    }
    const result = await o.start(memory, stop.signal, (p) => {
      if (p.type === 'started' && !o.json) out(`experiment ${p.experimentId}`);
      view.onProgress(p);
    });
    view.stop();
    printResult(result, o.json);
    if (result.status === 'interrupted') await reportInterrupted(o.store, result.experimentId, stop.received());
  } finally {
    view.stop();
    await memory?.close();
    stop.dispose();
  }
}

import { EpigenomeError, checkOptions, type TrainingEngine } from '@epigenome/core';
import type { Memory } from '@epigenome/memory';
import { resumeSpec, runSpec, type ExperimentSpec, type RunnerProgress } from '@epigenome/runner';
import type { ChangeFeed, ExperimentHost } from './api-context';

/** Options of {@link createInProcessHost}. */
export interface InProcessHostOptions {
  readonly memory: Memory;
  readonly changes: ChangeFeed;
  /** Makes each experiment's engine; default TensorFlow.js from the spec (`runSpec`'s default). */
  readonly createEngine?: (spec: ExperimentSpec, options: { workers?: number }) => TrainingEngine | Promise<TrainingEngine>;
}

/** The in-process host, plus what tests and embedders need to wait for runs. */
export interface InProcessHost extends ExperimentHost {
  /** Resolves when the experiment's run (if any) has ended, however it ended. */
  settled(experimentId: string): Promise<void>;
  /** Stops every run and waits for them (they are left `interrupted`, resumable). */
  close(): Promise<void>;
}

interface Run {
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

/**
 * An {@link ExperimentHost} that runs experiments in this process with the runner's `runSpec` /
 * `resumeSpec` — for tests and for applications embedding the router (the server runs them in
 * worker threads instead). Stopping aborts the run through an `AbortController` (the runner
 * leaves it `interrupted` at its last persisted round); every progress report and the end of a
 * run call `changes.notify(experimentId)`.
 */
export function createInProcessHost(options: InProcessHostOptions): InProcessHost {
  const { memory, changes } = checkOptions('options', options, ['memory', 'changes', 'createEngine']);
  const runs = new Map<string, Run>();

  /** Starts a run; resolves with the experiment id at its first progress report (its row is stored then). */
  function launch(go: (o: { onProgress: (p: RunnerProgress) => void; abortSignal: AbortSignal }) => Promise<unknown>, known?: string): Promise<{ experimentId: string }> {
    const abort = new AbortController();
    return new Promise((resolve, reject) => {
      let id = known;
      let started = false;
      let resolveDone!: () => void;
      const done = new Promise<void>((r) => (resolveDone = r));
      const begin = (experimentId: string) => {
        id = experimentId;
        if (!runs.has(experimentId)) runs.set(experimentId, { abort, done });
        if (!started) {
          started = true;
          resolve({ experimentId });
        }
      };
      if (known !== undefined) runs.set(known, { abort, done });
      go({
        abortSignal: abort.signal,
        onProgress: (p) => {
          begin(p.experimentId);
          changes.notify(p.experimentId);
        },
      })
        .then(
          () => undefined,
          (error: unknown) => {
            if (!started) reject(error);
          },
        )
        .finally(async () => {
          // Buffered metric points are written before anyone is told the run ended.
          await memory.flush().catch(() => undefined);
          if (id !== undefined) {
            runs.delete(id);
            changes.notify(id);
          }
          resolveDone();
          if (!started) reject(new EpigenomeError({ code: 'INTERNAL', message: 'the run ended before it started' }));
        });
    });
  }

  const engine = options.createEngine ? { createEngine: options.createEngine } : {};
  return {
    start(spec) {
      return launch((o) => runSpec(spec, { memory, ...engine, ...o }));
    },
    async stop(experimentId) {
      const run = runs.get(experimentId);
      if (!run)
        throw new EpigenomeError({
          code: 'CONFLICT',
          field: 'experimentId',
          value: experimentId,
          allowed: 'a running experiment',
          message: `experiment ${JSON.stringify(experimentId)} is not running here`,
        });
      run.abort.abort();
      await run.done;
    },
    async resume(experimentId) {
      if (runs.has(experimentId))
        throw new EpigenomeError({
          code: 'CONFLICT',
          field: 'experimentId',
          value: experimentId,
          allowed: 'an experiment that is not running',
          message: `experiment ${JSON.stringify(experimentId)} is running already`,
        });
      await launch((o) => resumeSpec(experimentId, { memory, ...engine, ...o }), experimentId);
    },
    isRunning: (experimentId) => runs.has(experimentId),
    async settled(experimentId) {
      await runs.get(experimentId)?.done;
    },
    async close() {
      for (const run of runs.values()) run.abort.abort();
      await Promise.all([...runs.values()].map((r) => r.done));
    },
  };
}

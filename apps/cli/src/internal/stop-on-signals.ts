/** Exit codes of a process stopped by a signal, as a shell reports them (128 + the signal's number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** The signals `run` and `resume` stop on. */
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** A graceful stop on SIGINT/SIGTERM: see {@link stopOnSignals}. */
export interface SignalStop {
  /** Aborted by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  received(): StopSignal | undefined;
  /** Removes the handlers (the default behaviour of both signals returns). */
  dispose(): void;
}

/**
 * Turns the first SIGINT or SIGTERM into an abort (the run stops after its current chunk of
 * steps and checkpoints), and a second one into an immediate exit with the signal's exit code:
 * a user pressing Ctrl-C twice wants out now, and a killed process stays resumable.
 */
export function stopOnSignals(stderr: NodeJS.WritableStream = process.stderr): SignalStop {
  const abort = new AbortController();
  let first: StopSignal | undefined;
  const on = (signal: StopSignal) => {
    if (first === undefined) {
      first = signal;
      stderr.write(`${signal}: stopping after the current chunk of steps (send it again to exit at once)\n`);
      abort.abort(signal);
      return;
    }
    stderr.write(`${signal}: exiting at once; the experiment resumes from its last checkpoint\n`);
    process.exit(SIGNAL_EXIT_CODES[signal]);
  };
  const onInt = () => on('SIGINT');
  const onTerm = () => on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: abort.signal,
    received: () => first,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

import type { Memory } from '@epigenome/memory';

/**
 * Runs experiments off the server's event loop. `apps/server` implements it with worker threads
 * that write through the server's one store; the router only asks.
 */
export interface ExperimentHost {
  /**
   * Starts an experiment from a spec the router has already checked (`checkSpec`); resolves with
   * its id once the experiment's row is stored (training goes on in the background).
   */
  start(spec: unknown): Promise<{ experimentId: string }>;
  /** Asks a running experiment to stop; resolves once it is checkpointed and `interrupted` (resumable). */
  stop(experimentId: string): Promise<void>;
  /** Resumes an interrupted experiment from its stored spec; resolves once it runs again. */
  resume(experimentId: string): Promise<void>;
  /** Whether this host is running the experiment now. */
  isRunning(experimentId: string): boolean;
}

/**
 * Wakes live subscriptions when an experiment's stored data changed. Writers in this process
 * call `notify`; subscriptions also poll (`timeoutMs`), so writers in other processes are seen.
 */
export interface ChangeFeed {
  notify(experimentId: string): void;
  /** Resolves at the next `notify` of the experiment, after `timeoutMs`, or when `signal` aborts. */
  next(experimentId: string, options: { readonly timeoutMs: number; readonly signal?: AbortSignal }): Promise<void>;
}

/** What every procedure of the router gets. */
export interface ApiContext {
  readonly memory: Memory;
  readonly host: ExperimentHost;
  readonly changes: ChangeFeed;
}

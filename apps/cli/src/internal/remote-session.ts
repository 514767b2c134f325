import { EpigenomeError } from '@epigenome/core';
import type { AppRouter } from '@epigenome/api';
import type { ExperimentResult } from '@epigenome/runner';
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import type { StoreOptions } from '../open-store';
import { out } from './out';
import { printResult } from './print-result';
import { reportInterrupted } from './run-session';
import { stopOnSignals } from './stop-on-signals';

/** A tRPC client of the server. */
export type ServerClient = TRPCClient<AppRouter>;

/** Options of {@link remoteSession}. */
export interface RemoteSessionOptions {
  /** The server holding the store. */
  readonly url: string;
  readonly store: StoreOptions;
  readonly json: boolean;
  readonly quiet: boolean;
  /** Starts (or resumes) the experiment on the server; resolves with its id. */
  readonly submit: (client: ServerClient) => Promise<string>;
}

const POLL_MS = 500;

/** A client error as one clear line: the server's own message, or that it does not answer. */
function clientError(url: string, error: unknown, experimentId: string | undefined): unknown {
  if (!(error instanceof TRPCClientError)) return error;
  if (error.data === undefined || error.data === null) {
    // A server stopped by a signal checkpoints what it runs: say how to go on.
    const next = experimentId === undefined ? '' : `; if it was stopped, experiment ${experimentId} is resumable: epigenome resume ${experimentId}`;
    return new EpigenomeError({ code: 'STORE_FAILURE', message: `the server holding this store (${url}) does not answer: ${error.message}${next}`, cause: error });
  }
  return error;
}

/**
 * `run`/`resume` while a server holds the embedded store: the experiment is submitted to the
 * server (which trains it in a worker thread and writes the store), followed by polling its run
 * state (a line per persisted round on stderr), and printed as a local run would be. The first
 * Ctrl-C stops it through the server (checkpointed, resumable); a second exits at once, leaving it
 * running on the server.
 */
export async function remoteSession(o: RemoteSessionOptions): Promise<void> {
  const stop = stopOnSignals();
  const token = process.env.EPIGENOME_TOKEN;
  const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: o.url, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) })] });
  let id: string | undefined;
  try {
    if (!o.quiet) process.stderr.write(`the server at ${o.url} holds this store: the experiment runs there (Ctrl-C stops it resumably)\n`);
    const experimentId = await o.submit(client);
    id = experimentId;
    if (!o.json) out(`experiment ${id}`);
    let round = 0;
    let stopping = false;
    for (;;) {
      const state = await client.experiments.runState.query({ experimentId: id });
      if (state.round > round && !o.quiet) process.stderr.write(`round ${state.round}\n`);
      round = Math.max(round, state.round);
      if (!state.running && state.status !== 'running') {
        if (state.status === 'completed') printResult(state.result as ExperimentResult, o.json);
        else if (state.status === 'interrupted') await reportInterrupted(o.store, id, stop.received());
        else throw new EpigenomeError({ code: 'INTERNAL', message: `experiment ${id} failed on the server: ${state.error?.message ?? 'unknown error'}` });
        return;
      }
      if (stop.received() !== undefined && !stopping) {
        stopping = true;
        // Resolves once it is checkpointed and interrupted; a run that finished meanwhile is CONFLICT.
        await client.experiments.stop.mutate({ experimentId: id }).catch((error: unknown) => {
          if (!(error instanceof TRPCClientError && error.data?.code === 'CONFLICT')) throw error;
        });
        continue;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        // One listener per wait, removed when the wait ends: a long run adds none for good.
        const timer = setTimeout(() => {
          stop.signal.removeEventListener('abort', wake);
          resolve();
        }, POLL_MS);
        stop.signal.addEventListener('abort', wake, { once: true });
      });
    }
  } catch (error) {
    throw clientError(o.url, error, id);
  } finally {
    stop.dispose();
  }
}

import { existsSync } from 'node:fs';
import { EpigenomeError } from '@epigenome/core';
import { basename, dirname, join } from 'node:path';
import { storeTarget, type StoreOptions } from '../open-store';
import type { ServerClient } from './remote-session';

/** The flags of `run`/`resume` that matter through a server. */
export interface SessionFlags {
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly workers?: number;
}

/**
 * The URL of the server (`epigenome serve`) holding the embedded store the options name, if one
 * runs on this machine: its `<dir>.server.json` names it. A PostgreSQL store is shared, never held.
 */
export async function serverOfStore(o: StoreOptions): Promise<string | undefined> {
  const target = storeTarget(o);
  if (target.kind !== 'dir') return undefined;
  // Most runs have no server: the server's module (and what it loads) only when its file is there.
  if (!existsSync(join(dirname(target.dir), `${basename(target.dir)}.server.json`))) return undefined;
  const { readServerFile } = await import('@epigenome/api/server');
  return readServerFile(target.dir)?.url;
}

/**
 * Runs `run`/`resume` through the server holding the store, if one does (see {@link serverOfStore}):
 * `submit` starts or resumes the experiment there. Resolves to false when no server holds it.
 */
export async function runOnServer(store: StoreOptions, o: SessionFlags, submit: (client: ServerClient) => Promise<string>): Promise<boolean> {
  const url = await serverOfStore(store);
  if (url === undefined) return false;
  if (o.workers !== undefined) process.stderr.write(`note: --workers is ignored: the server runs the experiment with the spec's workers\n`);
  const { remoteSession } = await import('./remote-session');
  await remoteSession({ url, store, json: o.json === true, quiet: o.quiet === true, submit });
  return true;
}

/** How long `run`/`resume` wait for a server that is opening their store, at most. */
const STARTING_WAIT_MS = 120_000;

/**
 * Waits while a server is opening the embedded store the options name (its server file has no URL
 * yet): resolves true once it serves it, false when no server is starting (or it gave up or died).
 */
async function waitForStartingServer(o: StoreOptions): Promise<boolean> {
  const target = storeTarget(o);
  if (target.kind !== 'dir') return false;
  const { readServerFile, readStartingServer } = await import('@epigenome/api/server');
  const deadline = Date.now() + STARTING_WAIT_MS;
  let told = false;
  for (;;) {
    if (readServerFile(target.dir)) return true;
    const starting = readStartingServer(target.dir);
    if (!starting || Date.now() > deadline) return false;
    if (!told) process.stderr.write(`a server (process ${starting.pid}) is opening this store; waiting for it to serve it\n`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * `run`/`resume`: through the server holding the store if one does, else `local` — and through the
 * server after all if one took the store between the look and the open (the store's lock refuses),
 * once it serves it if it was still opening it.
 */
export async function runHereOrOnServer(store: StoreOptions, o: SessionFlags, submit: (client: ServerClient) => Promise<string>, local: () => Promise<void>): Promise<void> {
  if (await runOnServer(store, o, submit)) return;
  try {
    await local();
  } catch (error) {
    if (EpigenomeError.isInstance(error) && error.code === 'CONFLICT' && error.field === 'dir') {
      if (await runOnServer(store, o, submit)) return;
      if ((await waitForStartingServer(store)) && (await runOnServer(store, o, submit))) return;
    }
    throw error;
  }
}

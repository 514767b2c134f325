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

/**
 * `run`/`resume`: through the server holding the store if one does, else `local` — and through the
 * server after all if one took the store between the look and the open (the store's lock refuses).
 */
export async function runHereOrOnServer(store: StoreOptions, o: SessionFlags, submit: (client: ServerClient) => Promise<string>, local: () => Promise<void>): Promise<void> {
  if (await runOnServer(store, o, submit)) return;
  try {
    await local();
  } catch (error) {
    if (EpigenomeError.isInstance(error) && error.code === 'CONFLICT' && error.field === 'dir' && (await runOnServer(store, o, submit))) return;
    throw error;
  }
}

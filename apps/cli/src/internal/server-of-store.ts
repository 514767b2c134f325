import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { storeTarget, type StoreOptions } from '../open-store';

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

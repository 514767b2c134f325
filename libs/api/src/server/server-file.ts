import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** What `<dir>.server.json` holds: where the server that owns an embedded store answers. */
export interface ServerFile {
  /** Base URL of the server's tRPC endpoint, reachable from this machine. */
  readonly url: string;
  readonly pid: number;
  readonly startedAt: string;
}

/** A server file without a URL yet: its server is opening the store (`pid` alive). */
export type StartingServer = Omit<ServerFile, 'url'>;

function readFile(dir: string): (Partial<ServerFile> & { pid: number }) | undefined {
  try {
    const file = JSON.parse(readFileSync(serverFileOf(dir), 'utf8')) as Partial<ServerFile>;
    return typeof file.pid === 'number' && isAlive(file.pid) ? (file as Partial<ServerFile> & { pid: number }) : undefined;
  } catch {
    return undefined;
  }
}

/** `<parent>/<basename>.server.json`, beside the store's folder (and its lock). */
export function serverFileOf(dir: string): string {
  return join(dirname(dir), `${basename(dir)}.server.json`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server serving the embedded store in `dir`, if one runs on this machine (a file left by a killed server is ignored). */
export function readServerFile(dir: string): ServerFile | undefined {
  const file = readFile(dir);
  return typeof file?.url === 'string' ? (file as ServerFile) : undefined;
}

/** The server opening the embedded store in `dir` (its file has no URL yet), if one is alive on this machine. */
export function readStartingServer(dir: string): StartingServer | undefined {
  const file = readFile(dir);
  return file !== undefined && file.url === undefined ? { pid: file.pid, startedAt: String(file.startedAt) } : undefined;
}

/**
 * Writes the server file atomically — without `url` while the server opens its store (so a CLI
 * that finds the store locked knows to wait for the URL) — and returns a remover that deletes it
 * only if it is still this one.
 */
export function writeServerFile(dir: string, url?: string): () => void {
  const path = serverFileOf(dir);
  const file = { ...(url !== undefined ? { url } : {}), pid: process.pid, startedAt: new Date().toISOString() };
  const text = `${JSON.stringify(file)}\n`;
  const temp = `${path}.${process.pid}.tmp`;
  // Written before the store opens (which creates its folder): on a fresh checkout `.epigenome/` is not there yet.
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, path);
  return () => {
    try {
      // Only this very file (a later one of the same process, e.g. the URL after the starting file, stays).
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // already gone
    }
  };
}

import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** What `<dir>.server.json` holds: where the server that owns an embedded store answers. */
export interface ServerFile {
  /** Base URL of the server's tRPC endpoint, reachable from this machine. */
  readonly url: string;
  readonly pid: number;
  readonly startedAt: string;
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
  try {
    const file = JSON.parse(readFileSync(serverFileOf(dir), 'utf8')) as ServerFile;
    if (typeof file.url !== 'string' || typeof file.pid !== 'number') return undefined;
    return isAlive(file.pid) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the server file atomically; returns a remover that deletes it only if it is still ours. */
export function writeServerFile(dir: string, url: string): () => void {
  const path = serverFileOf(dir);
  const file: ServerFile = { url, pid: process.pid, startedAt: new Date().toISOString() };
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(file)}\n`, { mode: 0o600 });
  renameSync(temp, path);
  return () => {
    try {
      const current = JSON.parse(readFileSync(path, 'utf8')) as ServerFile;
      if (current.pid === process.pid && current.startedAt === file.startedAt) unlinkSync(path);
    } catch {
      // already gone
    }
  };
}

import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { EpigenomeError } from '@epigenome/core';

/** What a lock file holds: who owns the store. */
export interface LockOwner {
  readonly pid: number;
  readonly command: string;
  readonly startedAt: string;
  readonly hostname: string;
  /** Tells two owners of one pid apart (a takeover race, a second open in one process). */
  readonly token: string;
}

/** An exclusive hold on an embedded store; `release()` is idempotent. */
export interface StoreLock {
  readonly path: string;
  release(): void;
}

/** `<parent>/<basename>.lock`: beside the data folder, so PGlite never sees it inside. */
export function lockPathOf(dir: string): string {
  return join(dirname(dir), `${basename(dir)}.lock`);
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** {@link readOwner}, tried again for up to ~200 ms while the file is unreadable (a lock written by an older version, open before its content). */
function readOwnerPatiently(path: string): LockOwner | undefined {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    const owner = readOwner(path);
    if (owner !== undefined || attempt === 10) return owner;
    Atomics.wait(pause, 0, 0, 20);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dir: string, owner: LockOwner, path: string): EpigenomeError {
  const where = owner.hostname === hostname() ? '' : ` on ${owner.hostname}`;
  const command = owner.command ? ` (${owner.command})` : '';
  return new EpigenomeError({
    code: 'CONFLICT',
    message: `the store ${dir} is in use by process ${owner.pid}${where}${command} since ${owner.startedAt}: an embedded store has one owner; use another --db folder, a PostgreSQL server (DATABASE_URL / --database-url), or the server (epigenome serve) once it runs (lock file ${path})`,
    field: 'dir',
    value: dir,
    allowed: 'a store no other process has open',
  });
}

/**
 * Takes the exclusive lock of the PGlite store in `dir`, or throws `CONFLICT` naming the owner.
 * A lock left by a dead process on this host is taken over; the lock goes on `release()` and
 * when the process exits.
 */
export function acquireStoreLock(dir: string): StoreLock {
  const path = lockPathOf(dir);
  const me: LockOwner = {
    pid: process.pid,
    command: process.argv.slice(1).join(' '),
    startedAt: new Date().toISOString(),
    hostname: hostname(),
    token: randomBytes(8).toString('hex'),
  };
  // The lock appears with its content or not at all: written to a file of its own, then linked to
  // the lock's name (which fails if the name exists). Created empty and written after, a second
  // process could read it in between and report an unreadable lock (seen in CI as "process 0").
  const temp = `${path}.${process.pid}.${me.token}.tmp`;
  writeFileSync(temp, `${JSON.stringify(me)}\n`);
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = readOwnerPatiently(path);
    // A lock of another host cannot be checked: it is respected.
    if (owner === undefined) throw inUse(dir, { pid: 0, command: 'unknown (lock file unreadable)', startedAt: 'unknown', hostname: hostname(), token: '' }, path);
    if (owner.hostname !== me.hostname || isAlive(owner.pid)) throw inUse(dir, owner, path);
    renameSync(temp, path);
    // Two processes may take over one stale lock at once: the last rename wins, the other backs off.
    const winner = readOwner(path);
    if (winner?.token !== me.token) throw inUse(dir, winner ?? owner, path);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Renamed onto the lock (a takeover): nothing left to remove.
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    if (readOwner(path)?.token === me.token) {
      try {
        unlinkSync(path);
      } catch {
        // Already gone: nothing to release.
      }
    }
  };
  process.on('exit', release);
  return { path, release };
}

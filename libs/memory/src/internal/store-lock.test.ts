import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openMemory } from '../index';
import { driver } from '../test/test-memory';
import { acquireStoreLock, lockPathOf } from './store-lock';

const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'epigenome-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `node --import tsx test/hold-store.ts dir [mode]`, resolving with its first line of output. */
function holder(dir: string, mode?: string): { proc: ChildProcess; line: Promise<string>; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(here, '..', 'test', 'hold-store.ts'), dir, ...(mode ? [mode] : [])], {
    cwd: resolve(here, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => (err += String(d)));
  const line = new Promise<string>((res, rej) => {
    proc.stdout!.on('data', (d) => {
      out += String(d);
      if (out.includes('\n')) res(out.split('\n')[0]!);
    });
    proc.on('exit', (code) => (out.includes('\n') ? res(out.split('\n')[0]!) : rej(new Error(`holder exited ${code} without output: ${err}`))));
  });
  const exited = new Promise<number | null>((res) => proc.on('exit', (code) => res(code)));
  return { proc, line, exited };
}

describe.runIf(driver === 'pglite')('one process owns an embedded store', () => {
  it('refuses a second process while the owner lives, takes over the lock of a killed owner, and removes it on close', async () => {
    const dir = join(root, 'shared');
    const a = holder(dir);
    expect(await a.line).toBe('ready');
    expect(JSON.parse(String((await import('node:fs')).readFileSync(lockPathOf(dir)))).pid).toBe(a.proc.pid);

    const b = holder(dir);
    const refused = await b.line;
    expect(await b.exited).toBe(1);
    expect(refused).toMatch(/^error CONFLICT /);
    expect(refused).toContain(`the store ${dir} is in use by process ${a.proc.pid}`);
    expect(refused).toContain('hold-store.ts');
    expect(refused).toContain('another --db folder, a PostgreSQL server (DATABASE_URL / --database-url), or the server (epigenome serve) once it runs');

    a.proc.kill('SIGKILL');
    await a.exited;
    expect(existsSync(lockPathOf(dir))).toBe(true); // stale: its owner is dead

    const c = holder(dir, 'close');
    expect(await c.line).toBe('ready');
    expect(await c.exited).toBe(0);
    expect(existsSync(lockPathOf(dir))).toBe(false);
  }, 120_000);

  it('refuses a second open in the same process and frees the store on close', async () => {
    const dir = join(root, 'twice');
    const first = await openMemory({ dir });
    try {
      await expect(openMemory({ dir })).rejects.toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining(`in use by process ${process.pid}`) }));
    } finally {
      await first.close();
    }
    expect(existsSync(lockPathOf(dir))).toBe(false);
    const again = await openMemory({ dir });
    await again.close();
  }, 120_000);

  it('respects a live lock of another host and refuses an unreadable lock file', () => {
    const dir = join(root, 'elsewhere');
    writeFileSync(lockPathOf(dir), JSON.stringify({ pid: 1, command: 'epigenome run', startedAt: 'then', hostname: 'other-host', token: 'x' }));
    expect(() => acquireStoreLock(dir)).toThrow(/in use by process 1 on other-host \(epigenome run\)/);
    writeFileSync(lockPathOf(dir), '{"pid":');
    expect(() => acquireStoreLock(dir)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    rmSync(lockPathOf(dir));
    const lock = acquireStoreLock(dir);
    lock.release();
    lock.release();
    expect(existsSync(lockPathOf(dir))).toBe(false);
  });

  it('names the owner of a lock file still being written (empty when read first), and leaves no temporary file', async () => {
    const dir = join(root, 'being-written');
    writeFileSync(lockPathOf(dir), '');
    // Another process fills the lock 60 ms later, as an owner that opened it before writing would.
    const owner = spawn(
      process.execPath,
      [
        '-e',
        `setTimeout(() => require('node:fs').writeFileSync(${JSON.stringify(lockPathOf(dir))}, JSON.stringify({ pid: process.pid, command: 'writer', startedAt: 'now', hostname: require('node:os').hostname(), token: 'w' })), 60); setTimeout(() => {}, 5000);`,
      ],
      { stdio: 'ignore' },
    );
    try {
      await new Promise((r) => setTimeout(r, 20));
      expect(() => acquireStoreLock(dir)).toThrow(new RegExp(`in use by process ${owner.pid} \\(writer\\)`));
    } finally {
      owner.kill();
    }
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemory } from '@epigenome/memory';
import { afterAll, describe, expect, it } from 'vitest';
import { readServerFile, readStartingServer, serverFileOf, writeServerFile } from './server-file';
import { startServer } from './start-server';

const work = mkdtempSync(join(tmpdir(), 'epigenome-server-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the server file beside an embedded store', () => {
  it('says a server is starting (no URL) until it serves, and is removed only by the one who wrote it', () => {
    const dir = join(work, 'plain');
    const removeStarting = writeServerFile(dir);
    expect(readStartingServer(dir)).toMatchObject({ pid: process.pid });
    expect(readServerFile(dir)).toBeUndefined();
    const removeServing = writeServerFile(dir, 'http://127.0.0.1:4999');
    expect(readServerFile(dir)).toMatchObject({ url: 'http://127.0.0.1:4999', pid: process.pid });
    expect(readStartingServer(dir)).toBeUndefined();
    removeStarting();
    expect(readServerFile(dir)?.url).toBe('http://127.0.0.1:4999');
    removeServing();
    expect(existsSync(serverFileOf(dir))).toBe(false);
  });

  it('a server refused by the store’s lock leaves no file; one refused beside a serving server leaves that server’s file', async () => {
    const dir = join(work, 'db');
    const held = await openMemory({ dir });
    try {
      await expect(startServer({ dir, log: () => {} })).rejects.toMatchObject({ code: 'CONFLICT', field: 'dir' });
      expect(existsSync(serverFileOf(dir))).toBe(false);
    } finally {
      await held.close();
    }
    const server = await startServer({ dir, log: () => {} });
    try {
      expect(readServerFile(dir)?.url).toBe(server.url);
      await expect(startServer({ dir, log: () => {} })).rejects.toMatchObject({ code: 'CONFLICT', field: 'dir' });
      expect(JSON.parse(readFileSync(serverFileOf(dir), 'utf8'))).toMatchObject({ url: server.url, pid: process.pid });
    } finally {
      await server.close();
    }
    expect(existsSync(serverFileOf(dir))).toBe(false);
  }, 120_000);

  it('serves a store whose folder and parent do not exist yet (a fresh checkout’s `.epigenome/db`)', async () => {
    const dir = join(work, 'fresh', 'nested', 'db');
    const server = await startServer({ dir, log: () => {} });
    try {
      expect(readServerFile(dir)?.url).toBe(server.url);
    } finally {
      await server.close();
    }
    expect(existsSync(serverFileOf(dir))).toBe(false);
  }, 120_000);
});

import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openMemory } from '../index';
import { driver, serverUrl } from '../test/test-memory';

const root = mkdtempSync(join(tmpdir(), 'epigenome-open-'));
afterAll(() => {
  chmodSync(root, 0o755);
  rmSync(root, { recursive: true, force: true });
});

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address() as { port: number };
  await new Promise((res) => server.close(res));
  return port;
}

// Root writes through any mode bits: a read-only folder cannot be made for it.
const isRoot = process.getuid?.() === 0;

describe('opening a store fails in one line naming the setting and what went wrong', () => {
  it('refuses postgres:// without a host and http:// URLs instead of falling back to PG* variables', async () => {
    await expect(openMemory({ url: 'postgres://' })).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'url', message: expect.stringMatching(/^url must be a postgres:\/\/ or postgresql:\/\/ URL with a host/) }),
    );
    await expect(openMemory({ url: 'http://x', source: '--database-url' })).rejects.toThrow(/^--database-url must be a postgres:\/\//);
    await expect(openMemory({ env: { DATABASE_URL: 'postgres://' } })).rejects.toThrow(/^DATABASE_URL must be/);
  });

  it('refuses a misspelt option naming it and the known ones, opening no store', async () => {
    const cwd = process.cwd();
    const here = mkdtempSync(join(root, 'typo-'));
    process.chdir(here);
    try {
      await expect(openMemory({ dri: join(here, 'db') } as never)).rejects.toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.dri', message: expect.stringMatching(/^options\.dri is not an option.*\(known: .*\bdir\b/) }),
      );
      await expect(openMemory({ inMemory: true, metrics: { batchsize: 10 } } as never)).rejects.toThrow(
        /^options\.metrics\.batchsize is not an option; did you mean "batchSize"\?/,
      );
      // Nothing was opened in the default place (`.epigenome/db` under the working directory).
      expect(readdirSync(here)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('reports an unreachable server with host, port and source, password redacted, within the connection timeout', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await openMemory({ url: `postgres://me:s3cret@127.0.0.1:${port}/db`, source: 'DATABASE_URL' }).then(
      () => undefined,
      (e: unknown) => e as Error & { code: string },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error?.code).toBe('STORE_FAILURE');
    expect(error?.message).toMatch(new RegExp(`^cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port} \\(from DATABASE_URL\\): \\S`));
    expect(error?.message).not.toContain('s3cret');
    expect(error?.message).not.toContain('\n');
  }, 30_000);

  it.runIf(driver === 'postgres')(
    'reports a database the server does not have, naming it, password redacted',
    async () => {
      const url = new URL(serverUrl);
      url.password = 'hunter2';
      url.pathname = '/epigenome_no_such_db';
      await expect(openMemory({ url: url.toString(), source: '--database-url' })).rejects.toThrow(
        expect.objectContaining({ code: 'STORE_FAILURE', message: expect.stringMatching(/^cannot connect to PostgreSQL at .+ \(from --database-url\): .*epigenome_no_such_db/) }),
      );
      await expect(openMemory({ url: url.toString() })).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
    },
    30_000,
  );

  it.skipIf(isRoot)('says a read-only embedded store lacks write permission (skipped as root: root writes through mode bits)', async () => {
    const dir = join(root, 'readonly');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    await expect(openMemory({ dir })).rejects.toThrow(
      expect.objectContaining({
        code: 'STORE_FAILURE',
        message: expect.stringMatching(new RegExp(`^cannot open the store ${dir}: the folder is read-only for this user \\(no write permission\\)`)),
      }),
    );
    chmodSync(dir, 0o755);
  });

  it.skipIf(isRoot)('says a store folder that cannot be created lacks write permission (skipped as root)', async () => {
    const parent = join(root, 'locked');
    mkdirSync(parent);
    chmodSync(parent, 0o555);
    await expect(openMemory({ dir: join(parent, 'db') })).rejects.toThrow(/no write permission/);
    chmodSync(parent, 0o755);
  });
});

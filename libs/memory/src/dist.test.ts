import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrivateDatabase, driver } from './test/test-memory';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(packageDir, '.dist-test');

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the built package (tsup.config.ts, without d.ts, into .dist-test/)', () => {
  it('finds its migrations from the CJS build and opens a store from the ESM build', async () => {
    execFileSync(resolve(packageDir, '../../node_modules/.bin/tsup'), ['--out-dir', '.dist-test', '--no-dts', '--no-sourcemap'], { cwd: packageDir, stdio: 'pipe' });
    const require = createRequire(import.meta.url);
    const cjs = require(join(out, 'index.cjs')) as typeof import('./index');
    expect(cjs.migrationsFolder()).toBe(join(packageDir, 'drizzle'));
    expect(existsSync(join(cjs.migrationsFolder(), 'meta', '_journal.json'))).toBe(true);

    const esm = (await import(pathToFileURL(join(out, 'index.js')).href)) as typeof import('./index');
    expect(esm.migrationsFolder()).toBe(join(packageDir, 'drizzle'));
    const database = driver === 'postgres' ? await createPrivateDatabase() : undefined;
    const memory = await esm.openMemory(database ? { url: database.url } : { inMemory: true });
    try {
      const exp = await memory.createExperiment({ id: 'dist', name: 'dist', spec: { ok: true }, seed: 1, backend: 'cpu' });
      expect((await memory.getExperiment(exp.id)).spec).toEqual({ ok: true });
    } finally {
      await memory.close();
      await database?.drop();
    }
  }, 60_000);
});

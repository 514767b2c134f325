import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { PgPoolLike } from './index';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspace = resolve(packageDir, '../..');
const app = mkdtempSync(join(tmpdir(), 'epigenome-types-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));

// Compile-time: a real `pg` Pool is accepted where the store takes a caller's pool.
export const acceptsPgPool = (pool: Pool): PgPoolLike => pool;

/**
 * An app outside the workspace with the package's published types and its dependencies, but no
 * `pg`: `node_modules` holds links, and `preserveSymlinks` keeps TypeScript from finding the
 * workspace's own `pg` by the links' real paths.
 */
function makeApp(): string {
  const memory = join(app, 'node_modules/@epigenome/memory');
  mkdirSync(memory, { recursive: true });
  copyFileSync(join(packageDir, 'package.json'), join(memory, 'package.json'));
  execFileSync(join(workspace, 'node_modules/.bin/tsup'), ['--dts-only', '--out-dir', join(memory, 'dist')], { cwd: packageDir, stdio: 'pipe' });
  const link = (name: string, target: string) => {
    mkdirSync(dirname(join(app, 'node_modules', name)), { recursive: true });
    symlinkSync(target, join(app, 'node_modules', name));
  };
  link('@epigenome/core', join(workspace, 'libs/core'));
  for (const name of ['drizzle-orm', 'zod', '@electric-sql/pglite', '@types/node', 'undici-types']) link(name, join(workspace, 'node_modules', name));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        lib: ['es2022', 'esnext.disposable'],
        types: ['node'],
        noEmit: true,
        skipLibCheck: false,
        preserveSymlinks: true,
      },
      files: ['app.ts'],
    }),
  );
  writeFileSync(
    join(app, 'app.ts'),
    [
      "import { openMemory, type PgPoolLike } from '@epigenome/memory';",
      'declare const pool: PgPoolLike;',
      'export const embedded = () => openMemory({ inMemory: true });',
      'export const server = () => openMemory({ client: pool });',
      '// @ts-expect-error: proves the app is type-checked against the package types',
      'export const wrong = () => openMemory({ dir: 1 });',
    ].join('\n'),
  );
  return memory;
}

describe('the published types do not need the optional peer `pg` (issue 14 item 6)', () => {
  it('the bundled d.ts never imports pg, and an app without pg type-checks against it with skipLibCheck false', () => {
    const memory = makeApp();
    for (const file of ['index.d.ts', 'index.d.cts']) {
      const dts = readFileSync(join(memory, 'dist', file), 'utf8');
      expect(dts).toContain('interface PgPoolLike');
      expect(dts).not.toMatch(/from ['"]pg['"]|import\(['"]pg['"]\)|require\(['"]pg['"]\)/);
    }
    const r = spawnSync(process.execPath, [join(workspace, 'node_modules/typescript/bin/tsc'), '-p', join(app, 'tsconfig.json')], { cwd: app, encoding: 'utf8' });
    const diagnostics = r.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    // drizzle-orm 0.45's own declarations (gel, singlestore, mysql; @types/emscripten for PGlite)
    // fail without skipLibCheck whatever this package does: only ours and `pg` are judged here.
    expect(diagnostics.filter((line) => /['"]pg['"]|@epigenome\/memory|^app\.ts/.test(line))).toEqual([]);
  }, 180_000);
});

import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, exportNames, packFolders, runTs, workspaceLibraries } from './packed-app';
import { runnableBlocks } from './readme-blocks';

// Issue 14, items 7 and 9: what a user gets from npm. Every library is packed as it would be
// published, installed into one fresh app outside the workspace, imported in ESM and CJS, and
// every README block marked `<!-- run -->` is run there with tsx, as written.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const libraries = workspaceLibraries(root);

/** The factories a user reaches for first; an empty list means the package only has to load. */
const mainExports: Record<string, string[]> = {
  '@epigenome/api': ['appRouter', 'createCallerFactory', 'createChangeFeed', 'createInProcessHost'],
  '@epigenome/core': ['createRegulome', 'createRng', 'float', 'int', 'choice', 'EpigenomeError', 'invalidArgument'],
  '@epigenome/engine-tfjs': ['createTfjsEngine', 'regulate', 'iris', 'spirals'],
  '@epigenome/memory': ['openMemory'],
  '@epigenome/regulators-bayesian': ['createBayesOpt', 'createGpBo', 'createPb2'],
  '@epigenome/regulators-evolutionary': ['createPbt', 'createCmaEs', 'createCmaEsOptimizer'],
  '@epigenome/regulators-rl': ['createHypergradient', 'createDivergenceReflex', 'createBandit', 'createPolicyGradient'],
  '@epigenome/runner': ['runExperiment', 'inheritMarks'],
};

const blocks = libraries.flatMap((lib) =>
  runnableBlocks(readFileSync(join(lib.dir, 'README.md'), 'utf8')).map((b) => ({ ...b, readme: relative(root, join(lib.dir, 'README.md')), lib: lib.name })),
);

let work = '';
let app = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'epigenome-packed-'));
  app = join(work, 'app');
  const tarballs = packFolders(
    libraries.map((l) => l.dir),
    join(work, 'tarballs'),
  );
  // tsx runs the README blocks; tfjs is the engine's peer, which a user installs beside it.
  const seconds = createApp(app, [...tarballs, '@tensorflow/tfjs@4.22.0', 'tsx@4.23.15']);
  console.log(`packed-install: ${libraries.length} tarballs installed in ${seconds.toFixed(1)} s into ${app}`);
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
}, 120_000);

describe('packed libraries in a fresh app', () => {
  it('covers every publishable library of libs/', () => {
    expect(libraries.map((l) => l.name).sort()).toEqual(Object.keys(mainExports).sort());
  });

  it('links every @epigenome dependency to the installed tarballs, never to a registry copy', () => {
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
    const ours = Object.entries(lock.packages).filter(([path]) => path.includes('node_modules/@epigenome/'));
    expect(ours.map(([path]) => path).sort()).toEqual(libraries.map((l) => `node_modules/${l.name}`).sort());
    for (const [path, entry] of ours) expect(entry.resolved, path).toMatch(/^file:/);
  });

  it.each(libraries.map((l) => l.name))('%s imports in ESM and requires in CJS with its main factories', (name) => {
    const esm = exportNames(app, name, 'esm');
    const cjs = exportNames(app, name, 'cjs');
    expect(esm).toEqual(expect.arrayContaining(mainExports[name]!));
    expect(cjs).toEqual(esm);
  });
});

describe('README examples run as written against the packed packages', () => {
  it('every library with a code example marks at least its main example runnable', () => {
    const documented = libraries.filter((l) => /```ts\n/.test(readFileSync(join(l.dir, 'README.md'), 'utf8'))).map((l) => l.name);
    expect([...new Set(blocks.map((b) => b.lib))].sort()).toEqual(documented.sort());
  });

  it.each(blocks.map((b) => [`${b.readme}:${b.line}`, b] as const))(
    '%s',
    (_label, block) => {
      const dir = join(app, 'readme');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${block.lib.replace(/^@epigenome\//, '')}-${block.line}.ts`);
      writeFileSync(file, block.code);
      runTs(app, file, 240_000);
    },
    300_000,
  );
});

describe('the check catches a broken package', () => {
  it('fails when `files` leaves dist out or `exports` points at a missing file', () => {
    const scratch = join(work, 'broken');
    const variants = {
      'broken-files': (pkg: Record<string, unknown>) => ({ ...pkg, files: ['README.md'] }),
      'broken-exports': (pkg: Record<string, unknown>) => ({ ...pkg, exports: { '.': { import: './dist/missing.js', require: './dist/missing.cjs' } } }),
    };
    const dirs = Object.entries(variants).map(([suffix, edit]) => {
      const dir = join(scratch, suffix);
      for (const f of ['package.json', 'README.md', 'dist']) cpSync(join(root, 'libs/core', f), join(dir, f), { recursive: true });
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'package.json'), JSON.stringify(edit({ ...pkg, name: `@epigenome/core-${suffix}` })));
      return dir;
    });
    const brokenApp = join(scratch, 'app');
    createApp(brokenApp, packFolders(dirs, join(scratch, 'tarballs')));
    for (const mode of ['esm', 'cjs'] as const) {
      expect(() => exportNames(brokenApp, '@epigenome/core-broken-files', mode)).toThrow(/Cannot find module|ERR_MODULE_NOT_FOUND/);
      expect(() => exportNames(brokenApp, '@epigenome/core-broken-exports', mode)).toThrow(/Cannot find module|ERR_MODULE_NOT_FOUND/);
    }
  }, 120_000);
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A publishable library of the workspace. */
export interface Library {
  /** The package name, e.g. `@epigenome/core`. */
  name: string;
  /** Absolute path of the library's folder. */
  dir: string;
}

/** The libraries under `libs/` that are not private, in folder order. */
export function workspaceLibraries(root: string): Library[] {
  return readdirSync(join(root, 'libs'))
    .sort()
    .map((d) => join(root, 'libs', d))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; private?: boolean } }))
    .filter(({ pkg }) => pkg.private !== true)
    .map(({ dir, pkg }) => ({ name: pkg.name, dir }));
}

// npm reads its settings from npm_* variables; those set by the `npm test` around us (workspace,
// prefix, …) must not leak into an app that plays a user's.
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_') || keep.has(k.toLowerCase())));
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): string {
  try {
    return execFileSync(cmd, args, { cwd, env: npmEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** Packs each folder with `npm pack` (scripts off: the build happened before) into `dest`; returns the tarballs' paths in order. */
export function packFolders(dirs: string[], dest: string): string[] {
  mkdirSync(dest, { recursive: true });
  return dirs.map((dir) => {
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], dir, 60_000)) as { filename: string }[];
    return join(dest, packed!.filename);
  });
}

/**
 * Creates a user's app in `dir` (an ESM package) and installs `specs` (tarball paths or
 * `name@version`) in one `npm install`, preferring the local cache. Returns the install's seconds.
 */
export function createApp(dir: string, specs: string[]): number {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'packed-app', version: '1.0.0', private: true, type: 'module' }, null, 2));
  const started = performance.now();
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs], dir, 600_000);
  return (performance.now() - started) / 1000;
}

/** The sorted export names of package `name` as seen by an ESM `import` or a CJS `require` in `appDir`; throws with node's error when it cannot load. */
export function exportNames(appDir: string, name: string, mode: 'esm' | 'cjs'): string[] {
  const print = 'console.log(JSON.stringify(Object.keys(m).sort()))';
  const args =
    mode === 'esm' ? ['--input-type=module', '-e', `import * as m from ${JSON.stringify(name)}; ${print}`] : ['-e', `const m = require(${JSON.stringify(name)}); ${print}`];
  const out = run(process.execPath, args, appDir, 120_000).trim().split('\n');
  return JSON.parse(out[out.length - 1]!) as string[];
}

/** Runs a TypeScript file with the app's own `tsx` from `appDir`; returns its stdout, throws with its output when it exits non-zero. */
export function runTs(appDir: string, file: string, timeoutMs: number): string {
  return run(join(appDir, 'node_modules', '.bin', 'tsx'), [file], appDir, timeoutMs);
}

// Real `epigenome` processes for the end-to-end tests: the built CLI (bin/epigenome.mjs, as a user
// runs it) on the wasm backend, with DATABASE_URL cleared unless a test sets it. The built JS starts
// in a fraction of the time `tsx` takes to compile the sources at every spawn; nx builds it (and
// the libraries it imports) before this project's tests, and `assertFreshBuild` refuses a stale one.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, inject } from 'vitest';
import { assertFreshBuild } from './fresh-build';

const cliDir = fileURLToPath(new URL('../..', import.meta.url));
const baseEnv = { ...process.env, DATABASE_URL: '', EPIGENOME_BACKEND: 'wasm', EPIGENOME_DEBUG: '' };
const argsOf = (args: readonly string[]) => ['bin/epigenome.mjs', ...args];
assertFreshBuild();

/** A temporary folder removed after the test file. */
export function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'epigenome-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A copy, at `dir`, of an empty store the CLI created once for this test run (see
 * empty-store-setup.ts): for tests about what happens in a store, not about creating one
 * (cli.test.ts, store-options.test.ts and store-lock.test.ts still create theirs).
 */
export function emptyStore(dir: string): string {
  cpSync(inject('emptyStore'), dir, { recursive: true });
  return dir;
}

/** Writes `spec` as `<dir>/<name>.json` and returns its path. */
export function writeSpec(dir: string, name: string, spec: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/** Runs the CLI to its end. */
export function cli(args: readonly string[], env: Record<string, string> = {}) {
  const started = Date.now();
  const r = spawnSync(process.execPath, argsOf(args), { cwd: cliDir, env: { ...baseEnv, ...env }, encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}
/** The JSON object on the last line of a `--json` command's stdout. */
export function lastJson(stdout: string): Record<string, unknown> & { [k: string]: any } {
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

/** A CLI process running in the background, its output collected as it comes. */
export interface LiveCli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout+stderr match `pattern`; rejects if the process ends first or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** Resolves with how the process ended; rejects after `ms`. */
  exit(ms?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI in the background. */
export function startCli(args: readonly string[]): LiveCli {
  const child = spawn(process.execPath, argsOf(args), { cwd: cliDir, env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  child.stdout?.on('data', (d) => ((stdout += String(d)), notify()));
  child.stderr?.on('data', (d) => ((stderr += String(d)), notify()));
  let done = false;
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      done = true;
      notify();
      resolve({ code, signal });
    }),
  );
  const timed = <T>(p: Promise<T>, ms: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} not within ${ms} ms; stderr:\n${stderr.slice(-2000)}`)), ms);
      p.then(
        (v) => (clearTimeout(timer), resolve(v)),
        (e) => (clearTimeout(timer), reject(e)),
      );
    });
  afterAll(() => {
    if (!done) child.kill('SIGKILL');
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor(pattern, ms = 120_000) {
      const found = new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(`${stdout}\n${stderr}`);
          if (m) {
            listeners.delete(check);
            resolve(m);
          } else if (done) {
            listeners.delete(check);
            reject(new Error(`process ended before ${pattern}; stdout:\n${stdout.slice(-1000)}\nstderr:\n${stderr.slice(-2000)}`));
          }
        };
        listeners.add(check);
        check();
      });
      return timed(found, ms, String(pattern));
    },
    exit: (ms = 120_000) => timed(ended, ms, 'exit'),
  };
}

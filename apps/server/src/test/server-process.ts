// Real server processes for the HTTP tests: the server from source through tsx, on the wasm backend.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const baseEnv = { ...process.env, DATABASE_URL: '', EPIGENOME_TOKEN: '', EPIGENOME_BACKEND: 'wasm' };

/** A temporary folder removed after the test file. */
export function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'epigenome-server-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A server process and its output. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** The URL it printed first (rejects if it ended before). */
  readonly url: Promise<string>;
  output(): string;
  /** Resolves with how the process ended; rejects after `ms`. */
  exit(ms?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `epigenome-server` with `args` (and extra env); killed after the test file if still running. */
export function startServerProcess(args: readonly string[], env: Record<string, string> = {}): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: serverDir, env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let done = false;
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const url = new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (d) => {
      stdout += String(d);
      out += String(d);
      const line = /^(http:\/\/\S+)$/m.exec(stdout);
      if (line) resolve(line[1] as string);
    });
    child.stderr?.on('data', (d) => (out += String(d)));
    void ended.then(() => reject(new Error(`server ended before printing its URL:\n${out.slice(-2000)}`)));
  });
  url.catch(() => {});
  afterAll(() => {
    if (!done) child.kill('SIGKILL');
  });
  return {
    child,
    url,
    output: () => out,
    exit: (ms = 120_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not exit within ${ms} ms:\n${out.slice(-2000)}`)), ms);
        void ended.then((r) => (clearTimeout(timer), resolve(r)));
      }),
  };
}

/** The parsed JSON answer of a tRPC call over plain HTTP, with its status and headers. */
export async function call(url: string, path: string, input?: unknown, init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {}) {
  const method = init.method ?? (input === undefined ? 'GET' : 'POST');
  const res = await fetch(`${url}/${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(method === 'POST' ? { body: init.body ?? JSON.stringify(input) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: JSON.parse(text) as { result?: { data: any }; error?: { message: string; code: number; data: { code: string; httpStatus: number; field?: string } } },
  };
}

/** Waits until the experiment is no longer running (asking `experiments.runState`); returns its status. */
export async function waitUntilFinished(url: string, id: string, ms = 120_000, headers: Record<string, string> = {}): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const res = await fetch(`${url}/experiments.runState?input=${encodeURIComponent(JSON.stringify({ experimentId: id }))}`, { headers });
    const state = ((await res.json()) as { result: { data: { status: string; running: boolean } } }).result.data;
    if (!state.running && state.status !== 'running') return state.status;
    if (Date.now() > until) throw new Error(`experiment ${id} still running after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Starts `spec` through the server's `experiments.start`; returns the new experiment's id. */
export async function startExperiment(url: string, spec: unknown): Promise<string> {
  const started = await call(url, 'experiments.start', { spec });
  const id: unknown = started.json.result?.data.experimentId;
  if (typeof id !== 'string') throw new Error(`experiments.start answered ${started.status}: ${started.text.slice(0, 500)}`);
  return id;
}

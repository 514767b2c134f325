import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The built `epigenome-server` (apps/server/bin) as a child process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Peak resident set of the process so far, MB (`VmHWM` of /proc/<pid>/status). */
  peakRssMb(): number;
  /** CPU time the process (all its threads) used so far, ms (`utime + stime` of /proc/<pid>/stat). */
  cpuMs(): number;
  /** SIGTERM (graceful: running experiments checkpoint), resolves with the exit code. */
  stop(): Promise<number | null>;
  output(): string;
}

/** Starts the server on the embedded store `dir` and resolves once it printed its URL. */
export function startServerProcess(root: string, dir: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(root, 'apps/server/bin/epigenome-server.mjs'), '--db', dir], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', EPIGENOME_TOKEN: '', EPIGENOME_BACKEND: 'wasm' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d) => (out += String(d)));
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /^(http:\/\/\S+)$/m.exec(out);
      if (!m) return;
      resolve({
        child,
        url: m[1] as string,
        peakRssMb() {
          const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          return kb ? Number(kb[1]) / 1024 : Number.NaN;
        },
        cpuMs() {
          // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks (100 a second).
          const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          return (Number(fields[11]) + Number(fields[12])) * 10;
        },
        stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
        output: () => out,
      });
    });
    void exited.then((code) => reject(new Error(`server exited ${code} before printing its URL:\n${out.slice(-2000)}`)));
  });
}

/** The `result.data` of a tRPC query (GET) or mutation (POST); throws on an HTTP error. */
export async function trpc<T>(url: string, path: string, input: unknown, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const res =
    method === 'GET'
      ? await fetch(`${url}/${path}?input=${encodeURIComponent(JSON.stringify(input))}`)
      : await fetch(`${url}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { result: { data: T } }).result.data;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const dashboardDir = fileURLToPath(new URL('../../../apps/dashboard', import.meta.url));

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A running production build of the dashboard (`next start`). */
export interface RunningDashboard {
  readonly url: string;
  readonly port: number;
  /** What the dashboard printed (for failure messages). */
  output(): string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for the exit. */
  stop(): Promise<void>;
  /**
   * Kills it at once (SIGKILL) and waits for the exit: every open connection drops. On SIGTERM,
   * `next start` keeps serving an open event stream until the SIGKILL 5 s later.
   */
  kill(): Promise<void>;
}

/**
 * Starts the dashboard's production build (`apps/dashboard/dist`, made by its `build` target)
 * on 127.0.0.1, forwarding to the API at `apiUrl`; resolves once it answers.
 */
export async function startDashboard(apiUrl: string, port?: number): Promise<RunningDashboard> {
  if (!existsSync(join(dashboardDir, 'dist', 'BUILD_ID'))) throw new Error(`no production build in ${dashboardDir}/dist: run \`npx nx run @epigenome/dashboard:build\` first`);
  const require = createRequire(join(dashboardDir, 'package.json'));
  const nextBin = join(dirname(require.resolve('next/package.json')), 'dist', 'bin', 'next');
  const chosen = port ?? (await freePort());
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [nextBin, 'start', '--hostname', '127.0.0.1', '--port', String(chosen)], {
    cwd: dashboardDir,
    env: { ...process.env, EPIGENOME_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${chosen}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited (${child.exitCode}) before answering:\n${log}`);
    try {
      const res = await fetch(`${url}/api/trpc/health`);
      if (res.status < 500 || res.status === 502) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error(`the dashboard did not answer on ${url} within 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port: chosen,
    output: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

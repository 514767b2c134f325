import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Starts the dashboard's production build (`<root>/apps/dashboard/dist`, made by `npm run build`)
 * with `next start` on 127.0.0.1:`port`, forwarding to the API at `apiUrl`; resolves once it
 * answers (within `timeoutMs`; `signal` gives up early) to `{ url, stop() }`. Its output goes to `log` (one call per chunk).
 */
export async function startDashboard({ root, apiUrl, port, log, signal, timeoutMs = 60_000 }) {
  const dir = join(root, 'apps/dashboard');
  if (!existsSync(join(dir, 'dist', 'BUILD_ID'))) throw new Error(`the dashboard has no production build in ${join(dir, 'dist')}: run \`npm run build\` first`);
  const nextBin = join(dirname(createRequire(join(dir, 'package.json')).resolve('next/package.json')), 'dist', 'bin', 'next');
  const child = spawn(process.execPath, [nextBin, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: dir,
    env: { ...process.env, EPIGENOME_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output += chunk;
    log?.(String(chunk));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + timeoutMs; ;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the dashboard exited (${child.exitCode ?? child.signalCode}) before answering:\n${output}`);
    try {
      const res = await fetch(`${url}/api/trpc/health`);
      if (res.status < 500) return { url, stop };
    } catch {
      // not listening yet
    }
    if (signal?.aborted || Date.now() > deadline) {
      await stop();
      throw new Error(signal?.aborted ? 'stopped before the dashboard answered' : `the dashboard did not answer on ${url} within ${timeoutMs / 1000} s:\n${output}`);
    }
    await sleep(200);
  }
}

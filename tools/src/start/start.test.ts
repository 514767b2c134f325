import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosePort } from './choose-port.mjs';
import { progressLine } from './follow-experiment.mjs';
import { mutate, query } from './trpc-http.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));

// Long enough that it still runs when the test sends SIGINT; small enough to start at once.
const spec = {
  name: 'start-test',
  seed: 3,
  dataset: { name: 'spirals', samples: 400, validation: 100 },
  model: { kind: 'mlp', hidden: [8], activation: 'tanh' },
  space: { lr: { kind: 'float', min: 0.001, max: 0.1, log: true } },
  population: 2,
  budget: { steps: 200_000 },
  evaluateEvery: 50,
  signalEvery: 10,
  regulators: { population: [{ use: 'pbt', options: { quantile: 0.5 } }] },
};

let dir: string;
let blocker: Server;
let takenPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'epigenome-start-'));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  takenPort = (blocker.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => blocker.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, output: () => string, timeoutMs = 60_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s; output:\n${output()}`);
    await sleep(200);
  }
}

describe('choosePort', () => {
  it('keeps a free port and replaces a taken one', async () => {
    const free = await choosePort(0);
    expect(free.taken).toBe(false);
    const busy = await choosePort(takenPort);
    expect(busy).toMatchObject({ taken: true });
    expect(busy.port).not.toBe(takenPort);
  });
});

describe('progressLine', () => {
  it('shows the round while it runs and the best value of the objective once ended', () => {
    const detail = { spec: { objective: { metric: 'val_accuracy' } }, counts: { trials: 4, metrics: 120, events: 9 } };
    expect(progressLine({ status: 'running', round: 3 }, detail)).toBe('running · round 3 · 4 trials · 120 metric points · 9 regulation events');
    expect(progressLine({ status: 'completed', round: 0, result: { best: { fitness: 0.5, metrics: { val_accuracy: 0.91234 } } } }, detail)).toBe(
      'completed · 4 trials · 120 metric points · 9 regulation events · best val_accuracy 0.9123',
    );
  });
});

describe('tools/bin/start.mjs (npm start after the build)', () => {
  it('serves the dashboard and the API, runs the spec live through the API, and on SIGINT leaves it resumable and exits 130', async () => {
    const db = join(dir, 'db');
    const child = spawn(process.execPath, ['tools/bin/start.mjs'], {
      cwd: root,
      env: {
        ...process.env,
        EPIGENOME_SPEC: join(dir, 'spec.json'),
        EPIGENOME_DB: db,
        EPIGENOME_DASHBOARD_PORT: String(takenPort),
        EPIGENOME_API_PORT: '0',
        EPIGENOME_BACKEND: 'wasm',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
    try {
      const started = await until('experiment started', () => /^Started start-test \((\S+)\)/m.exec(stdout)?.[1], output, 75_000);
      const lines = stdout.split('\n');
      const dashboardUrl = /^Epigenome dashboard: (http:\/\/127\.0\.0\.1:(\d+))$/.exec(lines[0]!)?.[1];
      expect(dashboardUrl, output()).toBeDefined();
      expect(stdout).toContain(`port ${takenPort} is taken: the dashboard uses ${new URL(dashboardUrl!).port}`);
      const apiUrl = /^API: (http:\/\/127\.0\.0\.1:\d+)/m.exec(stdout)![1]!;

      const page = await fetch(dashboardUrl!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      expect(await query(apiUrl, 'health', undefined)).toEqual({ ok: true });
      const { items } = (await query(apiUrl, 'experiments.list', { name: 'start-test' })) as { items: { id: string }[] };
      expect(items.map((i) => i.id)).toEqual([started]);
      await until('a progress line', () => (/\] running · round \d+/.test(stdout) ? true : undefined), output);

      child.kill('SIGINT');
      expect(await exit, output()).toBe(130);
      expect(stderr).toContain(`experiment ${started} is interrupted`);
    } finally {
      child.kill('SIGKILL');
    }

    // Resumable: a server on the same store resumes it (then stops it again).
    const { startServer } = await import('@epigenome/api/server');
    const server = await startServer({ dir: db, port: 0, log: () => {} });
    try {
      const { items } = (await query(server.url, 'experiments.list', { name: 'start-test' })) as { items: { id: string; status: string }[] };
      expect(items).toHaveLength(1);
      expect(['interrupted', 'completed']).toContain(items[0]!.status);
      if (items[0]!.status === 'interrupted') {
        await mutate(server.url, 'experiments.resume', { experimentId: items[0]!.id });
        expect(await query(server.url, 'experiments.runState', { experimentId: items[0]!.id })).toMatchObject({ running: true });
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openMemory } from './index';
import { createPrivateDatabase, driver } from './test/test-memory';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, '..');

// `node --import tsx` rather than the `tsx` binary: the binary runs the script in a grandchild,
// which a SIGKILL of the binary would leave running.
function child(script: string, args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', join(here, 'test', script), ...args], { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe.runIf(driver === 'pglite')('a writer killed with SIGKILL mid-ingest (PGlite)', () => {
  it('leaves a store that reopens with every acknowledged point and no half-written experiment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epigenome-kill-'));
    try {
      const proc = child('kill-writer.ts', [dir]);
      let acked = 0;
      const experiments: string[] = [];
      let stderr = '';
      proc.stderr.on('data', (d) => (stderr += String(d)));
      await new Promise<void>((resolvePromise, reject) => {
        let buffer = '';
        proc.stdout.on('data', (d) => {
          buffer += String(d);
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) {
            if (line.startsWith('ack ')) acked = Number(line.slice(4));
            if (line.startsWith('exp ')) experiments.push(line.slice(4));
          }
          // Kill while ingest is going on: after 8 acknowledged flushes, at a random moment.
          if (experiments.length >= 8 && !proc.killed) setTimeout(() => proc.kill('SIGKILL'), Math.random() * 30);
        });
        proc.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolvePromise() : reject(new Error(`writer exited ${code}: ${stderr}`))));
      });
      expect(acked).toBeGreaterThanOrEqual(16_000);

      const memory = await openMemory({ dir });
      try {
        const rows = await memory.db.execute(
          "select count(*)::int as n, count(distinct step)::int as distinct_steps from metrics m join metric_series s on s.id = m.series_id where s.trial_id = 'kill-t0' and m.step < " +
            String(acked),
        );
        const stats = (rows as unknown as { rows: { n: number; distinct_steps: number }[] }).rows[0]!;
        expect(stats.n).toBe(acked);
        expect(stats.distinct_steps).toBe(acked);
        // Whatever was committed beyond the last ack came in whole flushes of 2000 points.
        const series = await memory.queries.series('kill-t0', 'loss', { maxPoints: 10 });
        expect(series.total % 2000).toBe(0);
        expect(series.total).toBeGreaterThanOrEqual(acked);
        const stored = await memory.listExperiments();
        for (const id of experiments) expect(stored.map((e) => e.id)).toContain(id);
        for (const e of stored.filter((x) => x.id.startsWith('kill-e'))) {
          const round = Number(e.id.slice(6));
          expect(e.spec).toEqual({ round, payload: 'x'.repeat(2000), nested: { list: [1, 2, 3] } });
          expect(e.seed).toBe(round);
        }
        // The store still takes writes.
        memory.appendMetrics([{ trialId: 'kill-t0', step: 10_000_000, name: 'loss', value: 0 }]);
        await memory.flush();
      } finally {
        await memory.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.runIf(driver === 'postgres')('two writer processes on PostgreSQL', () => {
  it('lose nothing, also in the shared rollups', async () => {
    const database = await createPrivateDatabase();
    try {
      const setup = await openMemory({ url: database.url });
      await setup.createExperiment({ id: 'shared-exp', name: 'shared', spec: {}, seed: 1, backend: 'cpu' });
      await setup.createTrial({ id: 'shared', experimentId: 'shared-exp', config: {}, seed: 1 });
      const count = 20_000;
      await Promise.all(
        [0, 1].map(
          (parity) =>
            new Promise<void>((resolvePromise, reject) => {
              const proc = child('concurrent-writer.ts', [database.url, String(parity), String(count)]);
              let err = '';
              proc.stderr.on('data', (d) => (err += String(d)));
              proc.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`writer ${parity} exited ${code}: ${err}`))));
            }),
        ),
      );
      const result = (await setup.db.execute(
        'select (select count(*)::int from metrics) as n, (select count(distinct step)::int from metrics) as d, (select sum(n)::int from metric_rollups) as r, (select count(*)::int from metric_series) as s',
      )) as unknown as { rows: { n: number; d: number; r: number; s: number }[] };
      expect(result.rows[0]).toEqual({ n: 2 * count, d: 2 * count, r: 2 * count, s: 1 });
      const s = await setup.queries.series('shared', 'loss', { maxPoints: 100 });
      expect(s.points[0]).toEqual({ step: 0, value: 0 });
      expect(s.points.at(-1)).toEqual({ step: 2 * count - 1, value: 2 * count - 1 });
      await setup.close();
    } finally {
      await database.drop();
    }
  }, 120_000);
});

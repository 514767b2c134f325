import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMemory } from '@epigenome/memory';
import { engineFromSpec, runSpec, type ExperimentResult, type ExperimentSpec } from '@epigenome/runner';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDistributedEngine, listWorkers, type DistributedEngine } from './index';
import { createPrivateDatabase } from './test/private-database';

const here = dirname(fileURLToPath(import.meta.url));

const spec = {
  name: 'scale-out',
  seed: 7,
  dataset: { name: 'spirals', samples: 300, validation: 100 },
  model: { kind: 'mlp', hidden: [8], activation: 'tanh' },
  space: {
    lr: { kind: 'float', min: 0.005, max: 0.1, log: true },
    batch_size: { kind: 'int', min: 16, max: 48 },
  },
  population: 3,
  budget: { steps: 80 },
  evaluateEvery: 20,
  signalEvery: 10,
  regulators: {
    population: [{ use: 'pbt', options: { quantile: 0.34 } }],
    step: [{ use: 'hypergradient' }],
  },
};

interface Worker {
  proc: ChildProcessWithoutNullStreams;
  id: string;
}

// `node --import tsx` rather than the `tsx` binary: a SIGKILL of the binary would leave its grandchild running.
function startWorkerProcess(url: string, label?: string, cached?: string): Promise<Worker> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(here, 'test', 'worker-process.ts'), url, label ?? '', ...(cached ? [cached] : [])], {
    cwd: resolve(here, '..'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolvePromise, reject) => {
    let buffer = '';
    proc.stdout.on('data', (d) => {
      buffer += String(d);
      const ready = /^ready (\S+)$/m.exec(buffer);
      if (ready) resolvePromise({ proc, id: ready[1] as string });
    });
    proc.on('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before it was ready: ${stderr}`)));
  });
}

const outcome = (r: ExperimentResult) =>
  r.trials.map((t) => ({
    id: t.id.slice(t.id.lastIndexOf('-')),
    status: t.status,
    steps: t.steps,
    config: t.config,
    metrics: t.metrics,
    parent: t.parentId?.slice(t.parentId.lastIndexOf('-')),
  }));

/** Every stored metric point of the database's one experiment, as `-t0 loss 20 0.69…`, sorted. */
async function storedMetrics(url: string): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ trial_id: string; name: string; step: number; value: number }>(
      'select s.trial_id, s.name, m.step, m.value from metrics m join metric_series s on s.id = m.series_id',
    );
    return rows.map((r) => `${r.trial_id.slice(r.trial_id.lastIndexOf('-'))} ${r.name} ${r.step} ${r.value}`).sort();
  } finally {
    await pool.end();
  }
}

async function distributedEngine(url: string, s: ExperimentSpec, backend?: string): Promise<DistributedEngine> {
  const local = engineFromSpec(s, { workers: 0 });
  const localBackend = await local.ready();
  await local.dispose();
  return createDistributedEngine({
    databaseUrl: url,
    engineSpec: { dataset: s.dataset, model: s.model },
    backend: backend ?? localBackend,
    dataset: local.dataset,
    modelFamily: local.modelFamily,
    staleAfterMs: 1500,
    pollMs: 100,
    maintenanceIntervalSeconds: 1,
  });
}

describe('trial segments on worker processes through pg-boss', () => {
  let database: { url: string; drop: () => Promise<void> };
  let referenceDatabase: { url: string; drop: () => Promise<void> };
  let single: ExperimentResult;
  const workers: Worker[] = [];

  beforeAll(async () => {
    // The single-process run of the seed: the in-process pool (one trial thread), on PostgreSQL too.
    referenceDatabase = await createPrivateDatabase();
    const reference = await openMemory({ url: referenceDatabase.url });
    single = await runSpec(spec, { memory: reference, workers: 1 });
    await reference.close();
    database = await createPrivateDatabase();
    // The store first (as a coordinator would), then the workers check its version.
    await (await openMemory({ url: database.url })).close();
    for (let i = 0; i < 3; i++) workers.push(await startWorkerProcess(database.url));
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await database?.drop();
    await referenceDatabase?.drop();
  });

  it('completes with a worker SIGKILLed mid-segment, as a single-process run of the same seed, every metric stored once', async () => {
    expect((await listWorkers({ databaseUrl: database.url })).map((w) => w.id).sort()).toEqual(workers.map((w) => w.id).sort());

    // The run regulates at two levels, so a state replayed wrongly would change its course.
    expect(single.events).toBeGreaterThan(0);

    const memory = await openMemory({ url: database.url });
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    let rounds = 0;
    let killed: { id: string; job: string } | undefined;
    try {
      const running = runSpec(spec, {
        memory,
        createEngine: (s) => distributedEngine(database.url, s),
        onProgress: (p) => {
          if (p.type === 'round') rounds = p.round;
        },
      });
      let finished = false;
      void running.finally(() => (finished = true)).catch(() => undefined);
      // Once a round is done (so the trials have history to replay), kill the first worker seen busy.
      while (!killed && !finished) {
        if (rounds >= 1) {
          const { rows } = await pool.query<{ id: string; job: string }>(
            'select id, current_job::text as job from epigenome_workers.workers where current_job is not null and stopped_at is null',
          );
          const victim = rows.map((r) => ({ ...r, worker: workers.find((w) => w.id === r.id) })).find((r) => r.worker);
          if (victim?.worker) {
            victim.worker.proc.kill('SIGKILL');
            killed = { id: victim.id, job: victim.job };
          }
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      const distributed = await running;
      expect(killed).toBeDefined();

      expect(outcome(distributed)).toEqual(outcome(single));
      expect(distributed.events).toBe(single.events);
      await memory.flush();
      const stored = await storedMetrics(database.url);
      expect(stored.length).toBeGreaterThan(0);
      expect(stored).toEqual(await storedMetrics(referenceDatabase.url));
      const { rows: duplicates } = await pool.query(
        'select s.trial_id, s.name, m.step from metrics m join metric_series s on s.id = m.series_id group by s.trial_id, s.name, m.step having count(*) > 1',
      );
      expect(duplicates).toEqual([]);

      // The killed worker's segment was retried on another worker and completed.
      const { rows: job } = await pool.query<{ state: string; retry_count: number }>(
        'select state::text, retry_count from pgboss.job where id = $1::uuid union all select state::text, retry_count from pgboss.archive where id = $1::uuid',
        [killed?.job],
      );
      expect(job[0]?.state).toBe('completed');
      expect(job[0]?.retry_count).toBeGreaterThanOrEqual(1);
      const all = await listWorkers({ databaseUrl: database.url, all: true });
      expect(all.find((w) => w.id === killed?.id)?.busy).toBe(true);
      expect(all.filter((w) => w.id !== killed?.id && w.alive).length).toBe(2);
    } finally {
      await memory.close();
      await pool.end();
    }
  }, 240_000);

  it('leaves a job of another backend to a worker of that backend, which rebuilds every segment from checkpoint + replay to the same result', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    const segments = async () => new Map((await listWorkers({ pool, all: true })).map((w) => [w.id, w.segments]));
    // A store of its own: in the first test's store this run would inherit that run's marks.
    const storeDatabase = await createPrivateDatabase();
    const memory = await openMemory({ url: storeDatabase.url });
    try {
      const before = await segments();
      const running = runSpec(spec, { memory, createEngine: (s) => distributedEngine(database.url, s, 'replay') });
      // A job waits on the `replay` queue, which none of the running workers serves.
      for (;;) {
        const { rows } = await pool.query("select 1 from pgboss.job where name = 'epigenome-segment-replay'");
        if (rows.length > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      // One live trial cached for a population of three: every segment is rebuilt from its anchor.
      const replayer = await startWorkerProcess(database.url, 'replay', '1');
      workers.push(replayer);
      const result = await running;
      expect(outcome(result)).toEqual(outcome(single));
      const after = await segments();
      for (const [id, count] of before) expect(after.get(id)).toBe(count);
      expect(after.get(replayer.id)).toBeGreaterThan(0);
      const info = (await listWorkers({ pool })).find((w) => w.id === replayer.id);
      expect(info?.backend).toBe('replay');
      expect(info?.throughput).toBeGreaterThan(0);
    } finally {
      await memory.close();
      await pool.end();
      await storeDatabase.drop();
    }
  }, 240_000);
});

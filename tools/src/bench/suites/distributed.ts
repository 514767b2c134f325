// The distributed suite (issue 17): experiments whose trial segments are pg-boss jobs on
// PostgreSQL, run by `epigenome worker` processes (the built CLI), against the in-process pool —
// throughput with 1, 2 and 4 worker processes, the scheduling overhead of one 100-step MLP
// segment, and the recovery time after a worker is SIGKILLed mid-segment.
// Needs the PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineFromSpec, runSpec, type ExperimentSpec } from '@epigenome/runner';
import { createDistributedEngine, type DistributedEngine } from '@epigenome/workers';
import pg from 'pg';
import { machine, median, type BenchSuite } from '../harness';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** The segment of the overhead figure: 100 steps of the MNIST MLP (784-128-64-10, batch 64). */
const MNIST_MLP = { dataset: { name: 'mnist', train: 5000, validation: 1000 }, model: { kind: 'mlp', hidden: [128, 64] } };

const spec = (quick: boolean) => ({
  name: 'bench-distributed',
  seed: 3,
  dataset: { name: 'spirals', samples: 2000, validation: 400 },
  model: { kind: 'mlp', hidden: [128, 64], activation: 'relu' },
  space: { lr: { kind: 'float', min: 0.001, max: 0.05, log: true }, batch_size: { kind: 'int', min: 64, max: 64 } },
  population: 4,
  budget: { steps: quick ? 200 : 400 },
  evaluateEvery: 100,
  signalEvery: 100,
  regulators: { population: [{ use: 'pbt', options: { quantile: 0.25 } }] },
  memory: { inherit: false, writeMarks: false },
});

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `epigenome_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly id: string;
}

/** Starts `epigenome worker` (the built CLI) and resolves once it is registered. */
function startWorker(url: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [join(root, 'apps/cli/bin/epigenome.mjs'), '--database-url', url, 'worker', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /^worker (\S+):/m.exec(out);
      if (m) resolvePromise({ child, id: m[1] as string });
    });
    child.stderr?.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${out}`)));
  });
}

async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((r) => {
          if (w.child.exitCode !== null || w.child.signalCode !== null) return r();
          w.child.once('exit', () => r());
          w.child.kill('SIGTERM');
        }),
    ),
  );
}

async function distributedEngine(url: string, s: ExperimentSpec): Promise<DistributedEngine> {
  const local = engineFromSpec(s, { workers: 0 });
  const backend = await local.ready();
  await local.dispose();
  return createDistributedEngine({ databaseUrl: url, engineSpec: { dataset: s.dataset, model: s.model }, backend, dataset: local.dataset, modelFamily: local.modelFamily });
}

/** Optimiser steps per second of a whole experiment (every trial), wall clock. */
async function experimentThroughput(s: ReturnType<typeof spec>, options: Parameters<typeof runSpec>[1]): Promise<{ stepsPerS: number; valLoss: number }> {
  const t0 = performance.now();
  const result = await runSpec(s, options);
  const seconds = (performance.now() - t0) / 1000;
  return { stepsPerS: result.trials.reduce((n, t) => n + t.steps, 0) / seconds, valLoss: result.best?.metrics.val_loss ?? Number.NaN };
}

const suite: BenchSuite = {
  name: 'distributed',
  description: 'trial segments on worker processes through pg-boss: throughput, scheduling overhead, recovery',
  async run({ quick, log, table }) {
    const s = spec(quick);
    return withDatabase(async (url) => {
      // In-process pool, one and two trial threads.
      const pool1 = await experimentThroughput(s, { workers: 1 });
      const pool2 = await experimentThroughput(s, { workers: 2 });
      const rows: Record<string, unknown>[] = [
        { engine: 'pool, 1 thread', steps_per_s: pool1.stepsPerS, best_val_loss: pool1.valLoss },
        { engine: 'pool, 2 threads', steps_per_s: pool2.stepsPerS, best_val_loss: pool2.valLoss },
      ];
      const workers: WorkerProcess[] = [];
      const distributed: Record<string, number> = {};
      const overheads: number[] = [];
      const fractions: number[] = [];
      const segments: number[] = [];
      let recovery = Number.NaN;
      try {
        for (const n of [1, 2, 4]) {
          while (workers.length < n) workers.push(await startWorker(url));
          const r = await experimentThroughput(s, { createEngine: (x) => distributedEngine(url, x) });
          distributed[n] = r.stepsPerS;
          rows.push({ engine: `${n} worker process${n > 1 ? 'es' : ''}`, steps_per_s: r.stepsPerS, best_val_loss: r.valLoss });
        }
        await stopWorkers(workers.splice(1));

        // Scheduling overhead of one 100-step MNIST MLP segment: the coordinator's wall time minus
        // the worker's own training time, on a warm worker (the trial stays live between segments).
        const engine = await distributedEngine(url, MNIST_MLP as unknown as ExperimentSpec);
        try {
          const trial = await engine.createTrial({ lr: 0.01, batch_size: 64 }, 1);
          await trial.train(100);
          for (let i = 0; i < (quick ? 5 : 15); i++) {
            const t0 = performance.now();
            const stats = await trial.train(100);
            const wall = performance.now() - t0;
            segments.push(wall);
            overheads.push(wall - stats.seconds * 1000);
            fractions.push((wall - stats.seconds * 1000) / wall);
          }
          await trial.dispose();
        } finally {
          await engine.dispose();
        }

        // Recovery: a worker SIGKILLed mid-segment; seconds until another worker starts the segment again.
        workers.push(await startWorker(url));
        const recoveryEngine = await distributedEngine(url, s as unknown as ExperimentSpec);
        const db = new pg.Pool({ connectionString: url, max: 1 });
        try {
          const trial = await recoveryEngine.createTrial({ lr: 0.01, batch_size: 64 }, 2);
          const long = trial.train(quick ? 1500 : 3000);
          let job: { id: string; job: string } | undefined;
          while (!job) {
            const { rows: busy } = await db.query<{ id: string; job: string }>('select id, current_job::text as job from epigenome_workers.workers where current_job is not null and stopped_at is null');
            job = busy[0];
            if (!job) await new Promise((r) => setTimeout(r, 20));
          }
          const victim = workers.find((w) => w.id === job?.id) as WorkerProcess;
          victim.child.kill('SIGKILL');
          const killedAt = performance.now();
          for (;;) {
            const { rows: again } = await db.query('select 1 from epigenome_workers.workers where current_job = $1::uuid and id <> $2', [job.job, job.id]);
            if (again.length > 0) break;
            await new Promise((r) => setTimeout(r, 20));
          }
          recovery = (performance.now() - killedAt) / 1000;
          await long;
          await trial.dispose();
        } finally {
          await recoveryEngine.dispose();
          await db.end();
        }
      } finally {
        await stopWorkers(workers);
      }
      table(rows);
      const schedule = median(overheads);
      const fraction = median(fractions);
      log(`scheduling overhead of a 100-step MNIST MLP segment: ${schedule.toFixed(1)} ms (${(fraction * 100).toFixed(2)}% of it; target ≤ 5%)`);
      log(`recovery after SIGKILL mid-segment: ${recovery.toFixed(2)} s until another worker restarts the segment (target ≤ 15 s; staleAfterMs 5000)`);
      return {
        machine: machine(),
        // Other processes share the cores: every hop of a job waits for a core too.
        load_average_1min: loadavg()[0],
        steps_per_s: { pool_1_thread: pool1.stepsPerS, pool_2_threads: pool2.stepsPerS, workers_1: distributed[1], workers_2: distributed[2], workers_4: distributed[4] },
        ratio_vs_pool_1_thread: { workers_1: (distributed[1] as number) / pool1.stepsPerS, workers_2: (distributed[2] as number) / pool1.stepsPerS, workers_4: (distributed[4] as number) / pool1.stepsPerS },
        ratio_vs_pool_2_threads: { workers_2: (distributed[2] as number) / pool2.stepsPerS },
        segment_ms: median(segments),
        schedule_overhead_ms: schedule,
        overhead_fraction: fraction,
        recovery_s: recovery,
        targets: { overhead_fraction: 0.05, recovery_s: 15 },
      };
    });
  },
};

export default suite;

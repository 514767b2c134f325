// The memory store: ingest throughput on PGlite and PostgreSQL, the batched writer against
// single-row inserts (side by side), dashboard queries on 1,000,000 stored points, and PGlite's
// open time and peak memory (in child processes, so this process's heap does not count).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { metrics, openMemory, type Memory } from '@epigenome/memory';
import { machine, median, sideBySide, type BenchSuite } from '../harness';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const POINTS = 1_000_000;
const CHUNK = 1_000; // points per appendMetrics call, as a trainer would send a few steps' worth

/** Appends `count` points of one series starting at `from`, then flushes; resolves to points/s. */
async function ingest(memory: Memory, trialId: string, name: string, from: number, count: number): Promise<number> {
  const t0 = performance.now();
  for (let at = from; at < from + count; at += CHUNK) {
    const points = [];
    for (let step = at; step < Math.min(from + count, at + CHUNK); step++) points.push({ trialId, step, name, value: Math.sin(step / 5000) + ((step * 7919) % 101) / 1000 });
    memory.appendMetrics(points);
    // Let the background flushes run, as they would between training steps.
    if (memory.pendingMetrics === 0) await new Promise((r) => setImmediate(r));
  }
  await memory.flush();
  return count / ((performance.now() - t0) / 1000);
}

/** The naive way: one INSERT per point, awaited. Points/s. */
async function singleInserts(memory: Memory, trialId: string, from: number, count: number): Promise<number> {
  // trialId is the suite's own constant, not input.
  await memory.db.execute(`insert into metric_series (trial_id, name) values ('${trialId}', 'single') on conflict do nothing`);
  const found = (await memory.db.execute(`select id from metric_series where trial_id = '${trialId}' and name = 'single'`)) as unknown as { rows: { id: number }[] };
  const seriesId = Number(found.rows[0]!.id);
  const t0 = performance.now();
  for (let step = from; step < from + count; step++) await memory.db.insert(metrics).values({ seriesId, step, value: step });
  return count / ((performance.now() - t0) / 1000);
}

async function timeMs(fn: () => Promise<unknown>, reps: number): Promise<number> {
  await fn(); // warm-up (plan cache, JIT)
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

async function seed(memory: Memory, prefix: string): Promise<void> {
  const context = { dataset: { name: 'mnist', samples: 60_000, features: 784, classes: 10, inputShape: [28, 28, 1] }, model: { family: 'mlp' } };
  await memory.createExperiment({ id: `${prefix}-exp`, name: prefix, spec: {}, seed: 1, backend: 'cpu', context });
  for (let i = 0; i < 8; i++) await memory.createTrial({ id: `${prefix}-t${i}`, experimentId: `${prefix}-exp`, config: { lr: 0.01 }, seed: i });
}

/** Dashboard queries (median ms) on a store holding the 1M-point series of `${prefix}-t0`. */
async function queries(memory: Memory, prefix: string, reps: number) {
  const exp = `${prefix}-exp`;
  const levels = ['step', 'epoch', 'population', 'lineage'] as const;
  for (let i = 0; i < 10_000; i += 1000) {
    await memory.appendEvents(
      Array.from({ length: 1000 }, (_, j) => ({ experimentId: exp, trialId: `${prefix}-t${(i + j) % 8}`, step: i + j, level: levels[(i + j) % 4]!, regulator: 'r', kind: 'change' as const, param: 'lr', from: 0.1, to: 0.2, reason: 'bench' })),
    );
  }
  for (let i = 1; i < 8; i++) await memory.addLineage({ experimentId: exp, childId: `${prefix}-t${i}`, parentId: `${prefix}-t${i - 1}`, step: i * 100 });
  for (let i = 0; i < 1000; i++) {
    await memory.mark({ context: { dataset: { name: `d${i % 50}`, samples: 1000 * (i + 1), features: 10 + i, classes: 2 + (i % 10), inputShape: [10 + i] }, model: { family: i % 2 ? 'mlp' : 'cnn' } }, regulation: { kind: 'config', config: { lr: i / 1000 } }, fitness: i });
  }
  const target = { dataset: { name: 'd7', samples: 8000, features: 17, classes: 9, inputShape: [17] }, model: { family: 'mlp' } };
  return {
    series: await timeMs(() => memory.queries.series(`${prefix}-t0`, 'loss', { maxPoints: 1000 }), reps),
    seriesRange: await timeMs(() => memory.queries.series(`${prefix}-t0`, 'loss', { maxPoints: 1000, fromStep: 250_000, toStep: 750_000 }), reps),
    experiments: await timeMs(() => memory.queries.experiments({ metric: 'loss', mode: 'min' }), reps),
    events: await timeMs(() => memory.queries.events({ experimentId: exp, levels: ['epoch'], fromStep: 2000, toStep: 6000 }), reps),
    lineage: await timeMs(() => memory.queries.lineage(exp), reps),
    marks: await timeMs(() => memory.queries.marksByContext(target, { limit: 20 }), reps),
    inherit: await timeMs(() => memory.inherit(target, 5), reps),
  };
}

/** Opens a PGlite store in a fresh Node process: open ms and the process's peak RSS (MB). */
function openInChild(dir: string): { ms: number; maxRssMb: number } {
  const script = `import { openMemory } from '@epigenome/memory';
const t0 = performance.now();
const m = await openMemory({ dir: process.env.EPIGENOME_BENCH_DIR });
const ms = performance.now() - t0;
await m.close();
console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env: { ...process.env, EPIGENOME_BENCH_DIR: dir }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`open child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as { ms: number; maxRssMb: number };
}

const suite: BenchSuite = {
  name: 'memory',
  description: 'memory store: ingest (PGlite, PostgreSQL), batched vs single inserts, dashboard queries on 1M points, PGlite open time and memory',
  async run(ctx) {
    const quick = ctx.quick;
    const reps = quick ? 5 : 9;
    const work = mkdtempSync(join(tmpdir(), 'epigenome-bench-memory-'));
    const figures: Record<string, unknown> = { machine: machine(), points: POINTS };
    try {
      // PGlite open: a fresh folder (initdb + migrations) and a reopen, each in a new process.
      const fresh = [];
      const reopen = [];
      for (let i = 0; i < (quick ? 1 : 3); i++) {
        const dir = join(work, `open-${i}`);
        fresh.push(openInChild(dir));
        reopen.push(openInChild(dir));
        reopen.push(openInChild(dir));
        rmSync(dir, { recursive: true, force: true });
      }
      const openMs = median(fresh.map((f) => f.ms));
      const reopenMs = median(reopen.map((f) => f.ms));
      const peakRss = Math.max(...fresh.map((f) => f.maxRssMb), ...reopen.map((f) => f.maxRssMb));
      ctx.table([
        { pglite: 'open a new folder', median_ms: openMs, peak_rss_mb: Math.max(...fresh.map((f) => f.maxRssMb)), samples: fresh.length },
        { pglite: 'reopen', median_ms: reopenMs, peak_rss_mb: Math.max(...reopen.map((f) => f.maxRssMb)), samples: reopen.length },
      ]);

      // PGlite on disk: 1M points of one series through the batched writer.
      const pglite = await openMemory({ dir: join(work, 'pglite') });
      await seed(pglite, 'pl');
      const pgliteIngest = await ingest(pglite, 'pl-t0', 'loss', 0, POINTS);
      const side = await sideBySide(
        () => ingest(pglite, 'pl-t1', 'side', 1_000_000 + Math.floor(Math.random() * 1e8), quick ? 20_000 : 50_000),
        () => singleInserts(pglite, 'pl-t2', Math.floor(Math.random() * 1e8), quick ? 500 : 1000),
        5,
      );
      const pgliteQueries = await queries(pglite, 'pl', reps);
      await pglite.close();
      ctx.table([
        { pglite: 'batched writer (1M points)', points_per_s: Math.round(pgliteIngest) },
        { pglite: 'batched writer, side by side', points_per_s: Math.round(side.medianA), samples: side.a.map((x) => Math.round(x)).join(' ') },
        { pglite: 'single-row INSERT, side by side', points_per_s: Math.round(side.medianB), samples: side.b.map((x) => Math.round(x)).join(' ') },
      ]);
      ctx.table(Object.entries(pgliteQueries).map(([query, ms]) => ({ query: `pglite ${query}`, median_ms: ms })));

      // PostgreSQL: a private database on DATABASE_URL (default 127.0.0.1:5432), dropped after.
      const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
      let postgres: Awaited<ReturnType<typeof queries>> | undefined;
      let postgresIngest: number | undefined;
      const name = `epigenome_bench_${process.pid}`;
      let admin: Memory | undefined;
      try {
        admin = await openMemory({ url: serverUrl, migrate: false, poolSize: 1 });
      } catch (error) {
        ctx.log(`PostgreSQL not reachable at ${serverUrl.replace(/\/\/[^@]*@/, '//')}: ${String(error)}; skipped`);
      }
      if (admin) {
        await admin.db.execute(`create database ${name}`);
        try {
          const url = new URL(serverUrl);
          url.pathname = `/${name}`;
          const pg = await openMemory({ url: url.toString() });
          await seed(pg, 'pg');
          postgresIngest = await ingest(pg, 'pg-t0', 'loss', 0, POINTS);
          await pg.db.execute('vacuum analyze');
          postgres = await queries(pg, 'pg', reps);
          await pg.close();
          ctx.table([{ postgres: 'batched writer (1M points)', points_per_s: Math.round(postgresIngest) }]);
          ctx.table(Object.entries(postgres).map(([query, ms]) => ({ query: `postgres ${query}`, median_ms: ms })));
        } finally {
          await admin.db.execute(`drop database if exists ${name} with (force)`);
          await admin.close();
        }
      }
      const m = figures.machine as ReturnType<typeof machine>;
      ctx.log(`${m.cores} cores (${m.cpu}), Node ${m.node}; queries: median of ${reps}; side by side: 5 interleaved repetitions`);
      const round = (x: number) => Number(x.toFixed(2));
      return {
        ...figures,
        pglite_ingest_points_per_s: Math.round(pgliteIngest),
        postgres_ingest_points_per_s: postgresIngest === undefined ? null : Math.round(postgresIngest),
        batched_vs_single_insert: round(side.ratio),
        batched_points_per_s_side_by_side: Math.round(side.medianA),
        single_insert_points_per_s_side_by_side: Math.round(side.medianB),
        series_query_ms_1m: round(pgliteQueries.series),
        postgres_series_query_ms_1m: postgres ? round(postgres.series) : null,
        pglite_query_ms: Object.fromEntries(Object.entries(pgliteQueries).map(([k, v]) => [k, round(v)])),
        postgres_query_ms: postgres ? Object.fromEntries(Object.entries(postgres).map(([k, v]) => [k, round(v)])) : null,
        pglite_open_ms: Math.round(openMs),
        pglite_reopen_ms: Math.round(reopenMs),
        pglite_peak_rss_mb: Math.round(peakRss),
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default suite;

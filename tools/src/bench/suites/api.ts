// The tRPC server under load (issue 15): a real `epigenome-server` process on a PGlite store of
// 1,000 experiments and one trial of 1,000,000 metric points. 50 concurrent HTTP clients issue
// `experiments.list` and `series.get` (1,000 buckets of the 1M-point trial), first on an idle
// server, then while an experiment trains on it (side by side: the ratio is training's cost).
// The clients share this process and use `node:http` with kept-alive connections (see
// load-clients.ts); the report gives both processes' CPU per request, and the latencies split by
// how the server answered (its `x-epigenome-cache` header: kept, joined, or the handler's).
// Then 100 concurrent `live.experiment` SSE subscribers follow a running experiment to its end,
// and each one's messages are checked against the stored records: nothing lost, nothing twice.
// With EPIGENOME_STORE_TRACE_MS=<ms> set, the report adds where the time went: the server's store
// calls that waited and ran that long, by method, and its event loop's delay (`store_trace`).
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMemory } from '@epigenome/memory';
import { machine, median, type BenchSuite } from '../harness';
import { compareReceived, storedRecords } from './api/compare-live';
import { percentile, runLoad, type LoadResult } from './api/load-clients';
import { seedStore } from './api/seed-store';
import { storeTrace } from './api/store-trace';
import { startServerProcess, trpc, type ServerProcess } from './api/server-process';
import { subscribe } from './api/sse-subscriber';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const EXPERIMENTS = 1_000;
const POINTS = 1_000_000;
const CLIENTS = 50;
const SUBSCRIBERS = 100;
const TARGETS = { p99_ms: 150, sse_lost: 0, sse_duplicated: 0 };

/** A small real experiment (spirals, 2 trials of an MLP) trained by the server's worker threads. */
const trainSpec = (name: string, steps: number) => ({
  name,
  seed: 11,
  dataset: { name: 'spirals', samples: 600, validation: 200 },
  model: { kind: 'mlp', hidden: [16], activation: 'tanh' },
  space: { lr: { kind: 'float', min: 0.001, max: 0.1, log: true }, batch_size: { kind: 'int', min: 16, max: 64 } },
  population: 2,
  budget: { steps },
  evaluateEvery: 40,
  signalEvery: 10,
  regulators: { population: [{ use: 'pbt', options: { quantile: 0.5 } }], step: [{ use: 'hypergradient' }] },
  memory: { inherit: false, writeMarks: false },
});

const summary = (r: Pick<LoadResult, 'ms'>, kind: string) => {
  const ms = r.ms[kind] ?? [];
  return { p50: percentile(ms, 50), p90: percentile(ms, 90), p99: percentile(ms, 99), max: Math.max(...ms), n: ms.length };
};

/** Where the slow requests (over 1 s) were sent, ms after their round's load began: tells a start-up wave from a steady tail. */
function slowRequests(rounds: readonly LoadResult[]): string {
  const sent = rounds.flatMap((r) => Object.keys(r.ms).flatMap((k) => (r.ms[k] ?? []).map((ms, j) => ({ ms, at: r.sentAt[k]![j]! })))).filter((x) => x.ms > 1000);
  if (sent.length === 0) return 'no request took over 1 s';
  const at = sent.map((x) => x.at);
  return `${sent.length} request(s) took over 1 s, sent between ${Math.min(...at).toFixed(0)} and ${Math.max(...at).toFixed(0)} ms into their round (median ${median(at).toFixed(0)} ms)`;
}

async function runState(url: string, experimentId: string) {
  return trpc<{ status: string; running: boolean }>(url, 'experiments.runState', { experimentId });
}

/** Starts a long training experiment on the server and resolves with its id once its first points are stored. */
async function startTraining(url: string, name: string): Promise<string> {
  const { experimentId } = await trpc<{ experimentId: string }>(url, 'experiments.start', { spec: trainSpec(name, 1_000_000) }, 'POST');
  for (let i = 0; i < 600; i++) {
    const trials = await trpc<{ step: number }[]>(url, 'trials.list', { experimentId });
    if (trials.some((t) => t.step > 0)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return experimentId;
}

/** Stops a training experiment and waits until it no longer runs. */
async function stopTraining(url: string, experimentId: string): Promise<void> {
  await trpc(url, 'experiments.stop', { experimentId }, 'POST');
  for (let i = 0; i < 600 && (await runState(url, experimentId)).running; i++) await new Promise((res) => setTimeout(res, 100));
}

/** Phase 1: the load, idle and while training, interleaved round by round (idle, training, idle, …). */
async function loadPhase(server: ServerProcess, bigTrialId: string, quick: boolean, log: (l: string) => void) {
  const url = server.url;
  const list = (input: unknown) => `${url}/experiments.list?input=${encodeURIComponent(JSON.stringify(input))}`;
  const requests = [
    { kind: 'list', url: list({ limit: 50 }) },
    { kind: 'series', url: `${url}/series.get?input=${encodeURIComponent(JSON.stringify({ trialId: bigTrialId, name: 'loss', buckets: 1000 }))}` },
    { kind: 'list', url: list({ sort: 'best', order: 'desc', limit: 50, tag: 'odd' }) },
    { kind: 'series', url: `${url}/series.get?input=${encodeURIComponent(JSON.stringify({ trialId: bigTrialId, name: 'loss', buckets: 1000, fromStep: 250_000, toStep: 750_000 }))}` },
  ];
  const rounds = quick ? 1 : 5;
  const perClient = quick ? 4 : 8;
  // Warm-up: plan caches and JIT on the request path, and the server's first experiment (its
  // worker thread is the first to load TensorFlow.js and compile its WASM): every round then
  // measures a server that has trained before, as a running dashboard's server has.
  await runLoad(requests, 4, 4);
  const warmUp = await startTraining(url, 'bench-warm-up');
  await runLoad(requests, 4, 4);
  await stopTraining(url, warmUp);
  const idle: LoadResult[] = [];
  const training: LoadResult[] = [];
  // CPU of the server process while idle rounds ran, beside the load generator's own.
  let idleServerCpuMs = 0;
  let trainingId = '';
  for (let round = 0; round < rounds; round++) {
    const cpu0 = server.cpuMs();
    idle.push(await runLoad(requests, CLIENTS, perClient));
    idleServerCpuMs += server.cpuMs() - cpu0;
    const experimentId = await startTraining(url, `bench-train-${round}`);
    trainingId = experimentId;
    const r = await runLoad(requests, CLIENTS, perClient);
    const state = await runState(url, experimentId);
    if (!state.running) throw new Error(`the training experiment ended during the measurement (${state.status}): the figures would not be under training`);
    training.push(r);
    await stopTraining(url, experimentId);
    const p99s = (x: LoadResult) => `p99 list ${summary(x, 'list').p99.toFixed(0)} / series ${summary(x, 'series').p99.toFixed(0)} ms, client loop delay max ${x.clientLoopDelayMaxMs.toFixed(0)} ms`;
    log(`round ${round + 1}/${rounds}: idle ${idle.at(-1)!.seconds.toFixed(1)} s (${p99s(idle.at(-1)!)}), training ${r.seconds.toFixed(1)} s (${p99s(r)}) (${CLIENTS} clients × ${perClient} requests each)`);
  }
  const merge = (rs: LoadResult[]) => ({
    sentAt: Object.fromEntries(['list', 'series'].map((k) => [k, rs.flatMap((x) => x.sentAt[k] ?? [])])),
    steadyMs: Object.fromEntries(['list', 'series'].map((k) => [k, rs.flatMap((x) => x.steadyMs[k] ?? [])])),
    ms: Object.fromEntries(['list', 'series'].map((k) => [k, rs.flatMap((x) => x.ms[k] ?? [])])),
    byCache: rs.reduce<Record<string, number[]>>((all, x) => {
      for (const [k, v] of Object.entries(x.byCache)) (all[k] ??= []).push(...v);
      return all;
    }, {}),
    errors: rs.reduce((n, x) => n + x.errors, 0),
    clientCpuMs: rs.reduce((n, x) => n + x.clientCpuMs, 0),
    firstError: rs.find((x) => x.firstError)?.firstError,
    seconds: rs.reduce((n, x) => n + x.seconds, 0),
  });
  return { idle: merge(idle), training: merge(training), roundsTraining: training, roundsIdle: idle, rounds, perClient, trainingId, idleServerCpuMs };
}

/** Phase 2: `SUBSCRIBERS` SSE readers on a running experiment, until it ends. */
async function ssePhase(server: ServerProcess, quick: boolean) {
  const url = server.url;
  const { experimentId } = await trpc<{ experimentId: string }>(url, 'experiments.start', { spec: trainSpec('bench-live', quick ? 200 : 600) }, 'POST');
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 6 * 60_000);
  const t0 = performance.now();
  try {
    const received = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => subscribe(url, experimentId, abort.signal)));
    const seconds = (performance.now() - t0) / 1000;
    return { experimentId, received, seconds };
  } finally {
    clearTimeout(timer);
  }
}

const suite: BenchSuite = {
  name: 'api',
  description: `tRPC server process: list and 1M-point series p50/p99 under ${CLIENTS} clients while training, ${SUBSCRIBERS} SSE subscribers, peak RSS`,
  async run({ quick, log, table }) {
    const work = mkdtempSync(join(tmpdir(), 'epigenome-bench-api-'));
    const load: { start: number[]; end: number[] } = { start: loadavg(), end: [] };
    try {
      const dir = join(work, 'db');
      const seedStart = performance.now();
      const seeded = await seedStore(dir, EXPERIMENTS, POINTS);
      log(`store: ${EXPERIMENTS} experiments and a trial of ${POINTS} points seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
      const server = await startServerProcess(root, dir);
      let phase1;
      let phase2;
      let rssMb = Number.NaN;
      try {
        phase1 = await loadPhase(server, seeded.bigTrialId, quick, log);
        phase2 = await ssePhase(server, quick);
        rssMb = server.peakRssMb();
      } finally {
        const code = await server.stop();
        if (code !== 0) log(`server exited ${code}:\n${server.output().slice(-2000)}`);
      }
      // EPIGENOME_STORE_TRACE_MS=<ms>: where the time went, from the server's own diagnostics.
      const trace = process.env.EPIGENOME_STORE_TRACE_MS ? storeTrace(server.output()) : undefined;
      if (trace) {
        log(`store calls that waited and ran ≥ ${process.env.EPIGENOME_STORE_TRACE_MS} ms (server's store thread), by method:`);
        table(trace.rows.slice(0, 12));
        log(trace.eventLoop ?? 'no event-loop line from the server');
      }
      const memory = await openMemory({ dir });
      let checks;
      try {
        const stored = await storedRecords(memory, phase2.experimentId);
        checks = phase2.received.map((r) => ({ ...compareReceived(r, stored), returned: r.returned, error: r.error, messages: r.messages.length }));
        log(`live experiment: ${stored.events.size} events, ${stored.points.size} metric points, ${stored.trials.size} trials, status ${stored.status}`);
      } finally {
        await memory.close();
      }
      const messages = checks.reduce((n, c) => n + c.messages, 0);
      const failedSubs = checks.filter((c) => !c.returned);
      if (failedSubs.length > 0) {
        const lostThere = failedSubs.reduce((n, c) => n + c.lost, 0);
        log(`${failedSubs.length} subscriber(s) did not end with the return event (${lostThere} of the lost records are theirs); first: ${failedSubs[0]!.error}`);
      }
      const t = phase1.training;
      const i = phase1.idle;
      const figures = {
        list_p50_ms: percentile(t.ms.list!, 50),
        list_p99_ms: percentile(t.ms.list!, 99),
        series_p50_ms: percentile(t.ms.series!, 50),
        series_p99_ms: percentile(t.ms.series!, 99),
        sse_subscribers: SUBSCRIBERS,
        sse_events_per_s: messages / phase2.seconds,
        sse_lost: checks.reduce((n, c) => n + c.lost, 0),
        sse_duplicated: checks.reduce((n, c) => n + c.duplicated, 0),
        server_rss_mb: rssMb,
      };
      // Side by side: each round's p99 while training ÷ the same round's idle p99, median over rounds.
      const ratio = (kind: string) => median(phase1.roundsTraining.map((r, k) => summary(r, kind).p99 / summary(phase1.roundsIdle[k]!, kind).p99));
      load.end = loadavg();
      const m = machine();
      log(`${m.cores} cores (${m.cpu}), Node ${m.node}; training on the wasm TensorFlow.js backend in the server's worker threads`);
      log(`load average (1, 5, 15 min) at start ${load.start.map((x) => x.toFixed(2)).join(' ')}, at end ${load.end.map((x) => x.toFixed(2)).join(' ')}: the machine is shared (CI and other jobs), absolute figures are inflated by it`);
      table([
        { request: 'experiments.list', server: 'idle', ...summary(i, 'list') },
        { request: 'experiments.list', server: 'training', ...summary(t, 'list'), target_p99: TARGETS.p99_ms, ok: figures.list_p99_ms <= TARGETS.p99_ms ? 'yes' : 'NO' },
        { request: 'series.get 1M→1000', server: 'idle', ...summary(i, 'series') },
        { request: 'series.get 1M→1000', server: 'training', ...summary(t, 'series'), target_p99: TARGETS.p99_ms, ok: figures.series_p99_ms <= TARGETS.p99_ms ? 'yes' : 'NO' },
      ]);
      table([
        {
          subscribers: SUBSCRIBERS,
          seconds: phase2.seconds,
          messages,
          messages_per_s: figures.sse_events_per_s,
          lost: figures.sse_lost,
          duplicated: figures.sse_duplicated,
          spurious: checks.reduce((n, c) => n + c.spurious, 0),
          ended: checks.length - failedSubs.length,
          ok: figures.sse_lost === 0 && figures.sse_duplicated === 0 ? 'yes' : 'NO',
        },
      ]);
      table(
        (['idle', 'training'] as const).flatMap((state) =>
          Object.entries((state === 'idle' ? i : t).byCache)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, ms]) => ({ server: state, answered: k, n: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms) })),
        ),
      );
      log(`idle: ${slowRequests(phase1.roundsIdle)}; training: ${slowRequests(phase1.roundsTraining)}`);
      const perRequest = (ms: number) => ms / (i.ms.list!.length + i.ms.series!.length);
      log(
        `CPU per request while idle: load generator ${perRequest(i.clientCpuMs).toFixed(2)} ms, server ${perRequest(phase1.idleServerCpuMs).toFixed(2)} ms (one process each; the generator's own queue is part of every latency)`,
      );
      log(`server peak RSS (VmHWM, worker threads included): ${rssMb.toFixed(0)} MB; request errors: ${t.errors + i.errors}${t.firstError ?? i.firstError ? ` (first: ${t.firstError ?? i.firstError})` : ''}`);
      return {
        ...figures,
        // Each client's first request arrives in one burst of 50 (see the log line on slow requests); without it:
        list_p99_steady_ms: percentile(t.steadyMs.list!, 99),
        series_p99_steady_ms: percentile(t.steadyMs.series!, 99),
        list_p99_idle_ms: percentile(i.ms.list!, 99),
        series_p99_idle_ms: percentile(i.ms.series!, 99),
        ratio_p99_training_vs_idle: { list: ratio('list'), series: ratio('series') },
        requests: { training: t.ms.list!.length + t.ms.series!.length, idle: i.ms.list!.length + i.ms.series!.length, errors: t.errors + i.errors },
        cpu_ms_per_request_idle: { load_generator: perRequest(i.clientCpuMs), server: perRequest(phase1.idleServerCpuMs) },
        rounds: phase1.rounds,
        clients: CLIENTS,
        sse_spurious: checks.reduce((n, c) => n + c.spurious, 0),
        sse_unfinished: failedSubs.length,
        sse_lost_by_finished_subscribers: checks.filter((c) => c.returned).reduce((n, c) => n + c.lost, 0),
        sse_seconds: phase2.seconds,
        experiments: EXPERIMENTS,
        points: POINTS,
        machine: m,
        load_average: load,
        shared_machine: true,
        ...(trace ? { store_trace: { rows: trace.rows, event_loop: trace.eventLoop ?? null } } : {}),
        targets: TARGETS,
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default suite;

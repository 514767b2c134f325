import { randomUUID } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import { EpigenomeError, checkInteger, checkOptions, checkString, invalidArgument, type TrainingEngine } from '@epigenome/core';
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { ensureQueue, startBoss } from './internal/boss';
import { checkServerUrl, openPool } from './internal/connect';
import { TransientError, TrialCache, runSegment, type SegmentHost } from './internal/run-segment';
import { DONE_CHANNEL, READY_CHANNEL, queueName, type SegmentJob } from './internal/segment-protocol';
import { checkStoreVersion, ensureWorkersSchema } from './internal/workers-schema';

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /** PostgreSQL server of the coordinator (`postgres://…`); a PGlite store is refused. */
  readonly databaseUrl: string;
  /** Where `databaseUrl` came from, named in errors. Default `databaseUrl`. */
  readonly source?: string;
  /**
   * Builds the engine of a job's `engineSpec` (called once per distinct spec). Its trials should
   * train off the main thread (e.g. a TensorFlow.js engine with one worker thread), so that the
   * heartbeat keeps going during a segment.
   */
  readonly createEngine: (spec: unknown) => TrainingEngine | Promise<TrainingEngine>;
  /** The backend this worker's engines use; it takes jobs of this backend only. */
  readonly backend: string;
  /** Cores reported in the worker table. Default `os.availableParallelism()`. */
  readonly cores?: number;
  /** Heartbeat interval, ms. Default 1000 (a coordinator gives a worker up after its `staleAfterMs`, default 5000). */
  readonly heartbeatMs?: number;
  /** Idle polling interval besides LISTEN/NOTIFY wake-ups, ms. Default 500. */
  readonly pollMs?: number;
  /** Live trials kept between segments. Default 32. */
  readonly cacheTrials?: number;
  /** pg-boss maintenance interval, s (expires jobs of dead workers when no coordinator does). Default 2. */
  readonly maintenanceIntervalSeconds?: number;
  /** Connection attempts (exponential backoff from `backoffMs`, default 500 ms) before `STORE_FAILURE`. Default 5. */
  readonly connect?: { readonly attempts?: number; readonly backoffMs?: number };
  /** Told of each segment done (or given back for retry). */
  readonly onSegment?: (event: { jobId: string; trial: string; action: string; steps: number; seconds: number; ok: boolean }) => void;
}

/** A running worker. */
export interface WorkerHandle {
  readonly id: string;
  readonly backend: string;
  /** Finishes the segment under way, deregisters and closes; idempotent. */
  stop(): Promise<void>;
  /** Settles when the worker has stopped (rejects if its loop failed). */
  readonly done: Promise<void>;
}

const MAX_FAILURES = 8;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const KNOWN = ['databaseUrl', 'source', 'createEngine', 'backend', 'cores', 'heartbeatMs', 'pollMs', 'cacheTrials', 'maintenanceIntervalSeconds', 'connect', 'onSegment'];

/**
 * Starts a worker: registers it (backend, cores, throughput) in `epigenome_workers.workers`, then
 * takes segment jobs of its backend from pg-boss one at a time until `stop()`. A job's trial is
 * continued from the live copy kept from its previous segment when that copy is at the job's
 * point of history, else rebuilt from the job's checkpoint and replayed; the result is written
 * once per job (`ON CONFLICT DO NOTHING`: a segment finished twice is recorded once).
 *
 * Refuses a PGlite store or a non-PostgreSQL URL (`INVALID_ARGUMENT`), an unreachable server after
 * its retries (`STORE_FAILURE`), and a store or scale-out schema of another version (`CONFLICT`,
 * naming how to migrate).
 */
export async function startWorker(options: StartWorkerOptions): Promise<WorkerHandle> {
  checkOptions('options', options, KNOWN);
  const source = checkString('options.source', options.source, 'databaseUrl');
  checkServerUrl(options.databaseUrl, source);
  if (typeof options.createEngine !== 'function') throw invalidArgument('options.createEngine', options.createEngine, 'a function (spec) => TrainingEngine');
  const backend = checkString('options.backend', options.backend, '');
  const cores = checkInteger('options.cores', options.cores, availableParallelism(), 1, 4096);
  const heartbeatMs = checkInteger('options.heartbeatMs', options.heartbeatMs, 1000, 50, 600_000);
  const pollMs = checkInteger('options.pollMs', options.pollMs, 500, 10, 600_000);
  const cacheTrials = checkInteger('options.cacheTrials', options.cacheTrials, 32, 1, 100_000);
  const maintenance = checkInteger('options.maintenanceIntervalSeconds', options.maintenanceIntervalSeconds, 2, 1, 3600);
  const connect = checkOptions('options.connect', options.connect, ['attempts', 'backoffMs']);
  const pool = await openPool(options.databaseUrl, {
    attempts: checkInteger('options.connect.attempts', connect.attempts, 5, 1, 100),
    backoffMs: checkInteger('options.connect.backoffMs', connect.backoffMs, 500, 0, 60_000),
    poolSize: 4,
    source,
  });
  const id = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  let boss: PgBoss | undefined;
  let listener: pg.PoolClient | undefined;
  try {
    await checkStoreVersion(pool, source);
    await ensureWorkersSchema(pool);
    boss = await startBoss(pool, maintenance, () => undefined);
    const queue = queueName(backend);
    await ensureQueue(boss, queue);
    listener = await pool.connect();
    await listener.query(`listen ${READY_CHANNEL}`);
    await pool.query(`delete from epigenome_workers.workers where seen_at < now() - interval '1 day'`);
    await pool.query('insert into epigenome_workers.workers (id, host, pid, backend, cores) values ($1, $2, $3, $4, $5)', [id, hostname(), process.pid, backend, cores]);
  } catch (error) {
    listener?.release();
    await boss?.stop({ graceful: false, close: false }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw error;
  }
  return runWorker(id, pool, boss, listener, { ...options, backend, cores, heartbeatMs, pollMs, cacheTrials });
}

function runWorker(
  id: string,
  pool: pg.Pool,
  boss: PgBoss,
  listener: pg.PoolClient,
  o: StartWorkerOptions & { backend: string; cores: number; heartbeatMs: number; pollMs: number; cacheTrials: number },
): WorkerHandle {
  const queue = queueName(o.backend);
  // The listening connection also carries the worker row's statements (heartbeat, current job, result), in order.
  const row = listener;
  const cache = new TrialCache(o.cacheTrials);
  const engines = new Map<string, Promise<TrainingEngine>>();
  let wake: (() => void) | undefined;
  // Set by a NOTIFY that may come while the loop is not waiting yet (between an empty fetch and the wait).
  let woken = false;
  let stopping = false;
  let throughput = 0;
  listener.on('notification', (n) => {
    if (n.channel === READY_CHANNEL && (n.payload === queue || !n.payload)) {
      woken = true;
      wake?.();
    }
  });
  const host: SegmentHost = {
    engineFor(job: SegmentJob) {
      let engine = engines.get(job.engine.hash);
      if (!engine) {
        engine = Promise.resolve(o.createEngine(job.engine.spec));
        engines.set(job.engine.hash, engine);
        engine.catch(() => engines.delete(job.engine.hash));
      }
      return engine;
    },
    async getBlob(blob) {
      const { rows } = await pool.query<{ bytes: Buffer }>('select bytes from epigenome_workers.blobs where id = $1', [blob]);
      const found = rows[0];
      if (!found) throw new Error(`checkpoint blob ${blob} is not in epigenome_workers.blobs`);
      return new Uint8Array(found.bytes.buffer, found.bytes.byteOffset, found.bytes.byteLength);
    },
    async putBlob(blob, owner, bytes) {
      await pool.query('insert into epigenome_workers.blobs (id, owner, bytes) values ($1, $2, $3) on conflict (id) do nothing', [
        blob,
        owner,
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      ]);
    },
  };

  const heartbeat = setInterval(() => {
    row.query('update epigenome_workers.workers set seen_at = now(), throughput = $2 where id = $1', [id, throughput]).catch(() => undefined);
  }, o.heartbeatMs);

  async function processJob(job: PgBoss.Job<SegmentJob>): Promise<void> {
    // Not awaited: one connection runs the worker row's statements in order, so this lands before the result's.
    row.query('update epigenome_workers.workers set current_job = $2::uuid, seen_at = now() where id = $1', [id, job.id]).catch(() => undefined);
    const data = job.data;
    let result;
    try {
      result = await runSegment(data, job.id, host, cache);
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      await row.query('update epigenome_workers.workers set current_job = null where id = $1', [id]).catch(() => undefined);
      await boss.fail(queue, job.id, { message: error.message }).catch(() => undefined);
      o.onSegment?.({ jobId: job.id, trial: data.trial, action: data.op.action, steps: 0, seconds: 0, ok: false });
      return;
    }
    if (result.steps > 0 && result.seconds > 0) {
      const rate = result.steps / result.seconds;
      throughput = throughput === 0 ? rate : 0.8 * throughput + 0.2 * rate;
    }
    const output = JSON.stringify(result.output);
    // The output rides on the notification when it fits (NOTIFY payloads stop at 8000 bytes), saving the coordinator a read.
    const payload = output.length < 7000 ? JSON.stringify({ id: job.id, output: result.output }) : job.id;
    await row.query(
      `with r as (insert into epigenome_workers.results (job_id, owner, trial, output, worker_id) values ($1::uuid, $2, $3, $4::jsonb, $5) on conflict (job_id) do nothing returning job_id),
            w as (update epigenome_workers.workers set current_job = null, segments = segments + 1, throughput = $6, seen_at = now() where id = $5)
       select pg_notify($7, $8)`,
      [job.id, data.owner, data.trial, output, id, throughput, DONE_CHANNEL, payload],
    );
    await boss.complete(queue, job.id);
    o.onSegment?.({ jobId: job.id, trial: data.trial, action: data.op.action, steps: result.steps, seconds: result.seconds, ok: result.output.kind !== 'error' });
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      let job: PgBoss.Job<SegmentJob> | undefined;
      woken = false;
      try {
        [job] = await boss.fetch<SegmentJob>(queue, { batchSize: 1 });
        if (job) await processJob(job);
        failures = 0;
      } catch (error) {
        // The database is away: back off (0.5 s, 1 s, … 16 s) and give up after MAX_FAILURES in a row.
        // A job taken before the failure stays active until the coordinator or its expiry retries it.
        failures += 1;
        if (failures >= MAX_FAILURES) {
          throw new EpigenomeError({
            code: 'STORE_FAILURE',
            message: `worker ${id}: the database failed ${failures} times in a row (${error instanceof Error ? error.message : String(error)}); stopping`,
            cause: error,
          });
        }
        await sleep(Math.min(16_000, 500 * 2 ** (failures - 1)));
        continue;
      }
      if (job || woken) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, o.pollMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  const done = loop().finally(async () => {
    clearInterval(heartbeat);
    await row.query('update epigenome_workers.workers set stopped_at = now(), current_job = null where id = $1', [id]).catch(() => undefined);
    await listener.query(`unlisten ${READY_CHANNEL}`).catch(() => undefined);
    listener.release();
    await boss.stop({ graceful: false, wait: true, close: false }).catch(() => undefined);
    await cache.clear().catch(() => undefined);
    for (const e of engines.values()) await (await e.catch(() => undefined))?.dispose?.();
    await pool.end().catch(() => undefined);
  });
  done.catch(() => undefined);
  return {
    id,
    backend: o.backend,
    async stop() {
      stopping = true;
      wake?.();
      await done.catch(() => undefined);
    },
    done,
  };
}

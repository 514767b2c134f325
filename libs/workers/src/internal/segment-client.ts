import { EpigenomeError } from '@epigenome/core';
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { startBoss, ensureQueue } from './boss';
import { openPool, type ConnectOptions } from './connect';
import type { SegmentPort } from './remote-trial';
import { DONE_CHANNEL, READY_CHANNEL, jobId, queueName, type SegmentJob, type SegmentOutput } from './segment-protocol';
import { checkStoreVersion, ensureWorkersSchema } from './workers-schema';
import { fromFiniteJson } from '@epigenome/core';

/** Settings of a coordinator's connection (resolved options of `createDistributedEngine`). */
export interface SegmentClientSettings {
  readonly url: string;
  readonly owner: string;
  readonly backend: string;
  readonly engine: SegmentJob['engine'];
  readonly connect: ConnectOptions;
  readonly expireInSeconds: number;
  readonly retryLimit: number;
  readonly staleAfterMs: number;
  readonly pollMs: number;
  readonly maintenanceIntervalSeconds: number;
}

interface Waiter {
  resolve(output: SegmentOutput): void;
  reject(error: unknown): void;
}

/**
 * The coordinator's side of the job table: sends segment jobs, wakes idle workers (NOTIFY), hears
 * results (LISTEN, with polling as a fallback), fails the job of a worker whose heartbeat stopped
 * (pg-boss then retries it elsewhere), and moves checkpoint blobs.
 */
export class SegmentClient implements SegmentPort {
  readonly owner: string;
  readonly engine: SegmentJob['engine'];
  private readonly queue: string;
  private readonly waiters = new Map<string, Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private closed = false;

  private constructor(
    private readonly settings: SegmentClientSettings,
    private readonly pool: pg.Pool,
    private readonly boss: PgBoss,
    private readonly listener: pg.PoolClient,
  ) {
    this.owner = settings.owner;
    this.engine = settings.engine;
    this.queue = queueName(settings.backend);
  }

  static async open(settings: SegmentClientSettings): Promise<SegmentClient> {
    const pool = await openPool(settings.url, settings.connect);
    try {
      await checkStoreVersion(pool, settings.connect.source);
      await ensureWorkersSchema(pool);
      // What killed coordinators left behind (their dispose never ran): results are read within
      // seconds and anchors are replaced every round, so anything this old has no reader.
      await pool.query(`delete from epigenome_workers.results where created_at < now() - interval '1 day'`);
      await pool.query(`delete from epigenome_workers.blobs where created_at < now() - interval '7 days'`);
      const boss = await startBoss(pool, settings.maintenanceIntervalSeconds, () => undefined);
      await ensureQueue(boss, queueName(settings.backend));
      const listener = await pool.connect();
      await listener.query(`listen ${DONE_CHANNEL}`);
      const client = new SegmentClient(settings, pool, boss, listener);
      listener.on('notification', (n) => client.heard(n.payload));
      client.timer = setInterval(() => void client.check(undefined), settings.pollMs);
      client.timer.unref();
      return client;
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  async run(key: string, job: SegmentJob): Promise<SegmentOutput> {
    if (this.closed)
      throw new EpigenomeError({
        code: 'INVALID_ARGUMENT',
        field: 'engine',
        value: 'disposed',
        allowed: 'an engine not yet disposed',
        message: 'the distributed engine was disposed',
      });
    const id = jobId(key);
    const result = new Promise<SegmentOutput>((resolve, reject) => this.waiters.set(id, { resolve, reject }));
    try {
      await this.boss.send(this.queue, job as unknown as object, {
        id,
        retryLimit: this.settings.retryLimit,
        retryDelay: 0,
        expireInSeconds: this.settings.expireInSeconds,
      });
      // Not awaited: the job is committed; the wake-up only saves an idle worker its polling delay.
      this.pool.query('select pg_notify($1, $2)', [READY_CHANNEL, this.queue]).catch(() => undefined);
    } catch (error) {
      this.waiters.delete(id);
      throw error;
    }
    return result;
  }

  /** A DONE notification: the job id, or `{ id, output }` when the output fitted in the payload. */
  private heard(payload: string | undefined): void {
    if (!payload) return;
    if (payload.startsWith('{')) {
      const { id, output } = JSON.parse(payload) as { id: string; output: unknown };
      const w = this.waiters.get(id);
      this.waiters.delete(id);
      w?.resolve(fromFiniteJson<SegmentOutput>(output));
    } else if (this.waiters.has(payload)) void this.check([payload]);
  }

  /** Resolves the waiters whose results are in; rejects jobs pg-boss gave up on; fails jobs of silent workers. */
  private async check(ids: string[] | undefined): Promise<void> {
    if (this.checking && !ids) return;
    const wanted = ids ?? [...this.waiters.keys()];
    if (wanted.length === 0) return;
    if (!ids) this.checking = true;
    try {
      const { rows } = await this.pool.query<{ job_id: string; output: unknown }>('select job_id::text, output from epigenome_workers.results where job_id = any($1::uuid[])', [
        wanted,
      ]);
      for (const r of rows) {
        const w = this.waiters.get(r.job_id);
        this.waiters.delete(r.job_id);
        w?.resolve(fromFiniteJson<SegmentOutput>(r.output));
      }
      if (ids) return;
      const open = wanted.filter((id) => this.waiters.has(id));
      if (open.length === 0) return;
      const { rows: jobs } = await this.pool.query<{
        id: string;
        state: string;
        output: { value?: { message?: string }; message?: string } | null;
        retry_count: number;
        lost: boolean;
      }>(
        `select j.id::text, j.state::text, j.output, j.retry_count,
           (j.state = 'active' and (
             exists (select 1 from epigenome_workers.workers w where w.current_job = j.id and w.seen_at < now() - $2::int * interval '1 millisecond')
             or (j.started_on < now() - $2::int * interval '1 millisecond' and not exists (select 1 from epigenome_workers.workers w where w.current_job = j.id))
           )) as lost
         from pgboss.job j where j.name = $3 and j.id = any($1::uuid[])`,
        [open, this.settings.staleAfterMs, this.queue],
      );
      for (const j of jobs) {
        if (j.lost) await this.boss.fail(this.queue, j.id, { message: 'the worker running this segment stopped answering' });
        else if (j.state === 'failed' || j.state === 'cancelled') {
          // The result may have landed between the two reads.
          const { rows: late } = await this.pool.query('select 1 from epigenome_workers.results where job_id = $1::uuid', [j.id]);
          if (late.length > 0) continue;
          const w = this.waiters.get(j.id);
          this.waiters.delete(j.id);
          const why = j.output?.value?.message ?? j.output?.message ?? j.state;
          w?.reject(
            new EpigenomeError({
              code: 'ENGINE_FAILURE',
              message: `segment job ${j.id} on queue ${this.queue} ${j.state} after ${j.retry_count + 1} attempt${j.retry_count === 0 ? '' : 's'}: ${why}`,
            }),
          );
        }
      }
    } catch {
      // the next tick tries again; a database gone for good shows as jobs that never finish
    } finally {
      if (!ids) this.checking = false;
    }
  }

  async putBlob(id: string, bytes: Uint8Array): Promise<void> {
    await this.pool.query('insert into epigenome_workers.blobs (id, owner, bytes) values ($1, $2, $3) on conflict (id) do update set bytes = excluded.bytes', [
      id,
      this.owner,
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    ]);
  }

  async getBlob(id: string): Promise<Uint8Array> {
    const { rows } = await this.pool.query<{ bytes: Buffer }>('select bytes from epigenome_workers.blobs where id = $1', [id]);
    const found = rows[0];
    if (!found)
      throw new EpigenomeError({
        code: 'NOT_FOUND',
        field: 'checkpoint',
        value: id,
        allowed: 'a stored checkpoint blob',
        message: `checkpoint blob ${id} is not in epigenome_workers.blobs`,
      });
    return new Uint8Array(found.bytes.buffer, found.bytes.byteOffset, found.bytes.byteLength);
  }

  async deleteBlobs(ids: readonly string[]): Promise<void> {
    await this.pool.query('delete from epigenome_workers.blobs where id = any($1::text[])', [ids]);
  }

  /** Stops listening, removes this owner's blobs and results, and closes the pool. Pending calls are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const w of this.waiters.values()) w.reject(new EpigenomeError({ code: 'ENGINE_FAILURE', message: 'the distributed engine was disposed while a segment ran' }));
    this.waiters.clear();
    try {
      await this.listener.query(`unlisten ${DONE_CHANNEL}`).catch(() => undefined);
      this.listener.release();
      await this.boss.stop({ graceful: false, wait: true, close: false }).catch(() => undefined);
      await this.pool.query('delete from epigenome_workers.blobs where owner = $1', [this.owner]).catch(() => undefined);
      await this.pool.query('delete from epigenome_workers.results where owner = $1', [this.owner]).catch(() => undefined);
    } finally {
      await this.pool.end().catch(() => undefined);
    }
  }
}

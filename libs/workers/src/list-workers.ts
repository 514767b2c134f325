import { checkInteger, checkOptions, invalidArgument } from '@epigenome/core';
import type { PgPoolLike } from '@epigenome/memory';
import { openPool } from './internal/connect';

/** One registered worker, as {@link listWorkers} reports it. */
export interface WorkerInfo {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** Backend its engines use; it takes jobs of this backend only. */
  readonly backend: string;
  readonly cores: number;
  /** Recent training throughput, optimiser steps per second (moving average; 0 before its first segment). */
  readonly throughput: number;
  /** Segments finished. */
  readonly segments: number;
  /** Whether it runs a segment now. */
  readonly busy: boolean;
  /** Heartbeat within `staleAfterMs` and not stopped. */
  readonly alive: boolean;
  readonly startedAt: Date;
  readonly seenAt: Date;
  readonly stoppedAt: Date | null;
}

/** Options of {@link listWorkers}: a `pg` pool (e.g. the server's) or a URL to open one for the call. */
export interface ListWorkersOptions {
  readonly pool?: PgPoolLike;
  readonly databaseUrl?: string;
  /** A worker without a heartbeat for this long is reported not alive. Default 5000 ms. */
  readonly staleAfterMs?: number;
  /** Include stopped and silent workers. Default false. */
  readonly all?: boolean;
}

/**
 * The workers registered in `epigenome_workers.workers`, alive first then by id (only live ones
 * unless `all`). An empty list when no worker ever started on this database.
 */
export async function listWorkers(options: ListWorkersOptions): Promise<WorkerInfo[]> {
  checkOptions('options', options, ['pool', 'databaseUrl', 'staleAfterMs', 'all']);
  const stale = checkInteger('options.staleAfterMs', options.staleAfterMs, 5000, 1, 86_400_000);
  if (!options.pool && options.databaseUrl === undefined) throw invalidArgument('options', options, 'an object with pool or databaseUrl');
  const pool = options.pool ?? (await openPool(options.databaseUrl as string, { attempts: 1, backoffMs: 0, poolSize: 1, source: 'databaseUrl' }));
  try {
    const { rows: present } = await pool.query(`select to_regclass('epigenome_workers.workers')::text as t`);
    if (!(present[0] as { t: string | null } | undefined)?.t) return [];
    const { rows } = await pool.query(
      `select id, host, pid, backend, cores, throughput, segments, current_job is not null as busy,
         (stopped_at is null and seen_at >= now() - $1::int * interval '1 millisecond') as alive, started_at, seen_at, stopped_at
       from epigenome_workers.workers order by alive desc, id`,
      [stale],
    );
    return (rows as Record<string, unknown>[])
      .map((r) => ({
        id: r.id as string,
        host: r.host as string,
        pid: r.pid as number,
        backend: r.backend as string,
        cores: r.cores as number,
        throughput: Number(r.throughput),
        segments: r.segments as number,
        busy: r.busy as boolean,
        alive: r.alive as boolean,
        startedAt: r.started_at as Date,
        seenAt: r.seen_at as Date,
        stoppedAt: (r.stopped_at as Date | null) ?? null,
      }))
      .filter((w) => options.all === true || w.alive);
  } finally {
    if (!options.pool) await (pool as { end(): Promise<void> }).end();
  }
}

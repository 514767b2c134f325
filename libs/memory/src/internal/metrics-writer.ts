import { EpigenomeError, type MetricPoint } from '@epigenome/core';
import { ROLLUP_WIDTH } from '../schema';
import { metricPointsSchema } from '../schemas/metric-point-schema';
import type { Database, Executor } from './database';
import { parseInput } from './parse-input';
import { UPSERT_ROLLUPS } from './rollup-sql';

/** One `appendMetrics` call, validated, as columns. Written or dropped as a whole. */
interface Chunk {
  readonly trial: string[];
  readonly step: number[];
  readonly name: string[];
  readonly value: number[];
}

export interface MetricsWriterOptions {
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  /** Rows per INSERT statement inside one flush transaction. */
  readonly statementRows: number;
}

export interface MetricsWriter {
  append(points: readonly MetricPoint[]): void;
  flush(): Promise<void>;
  readonly pending: number;
  /** Stops the timer; the caller flushes first. */
  stop(): void;
}

const INSERT_SERIES = `insert into metric_series (trial_id, name)
select * from unnest($1::text[], $2::text[]) on conflict (trial_id, name) do nothing`;

const SELECT_SERIES = `select s.id, s.trial_id, s.name from metric_series s
join unnest($1::text[], $2::text[]) as k(trial_id, name) on s.trial_id = k.trial_id and s.name = k.name`;

const INSERT_METRICS = `insert into metrics (series_id, step, value)
select * from unnest($1::int[], $2::int[], $3::float8[])`;

interface Rollup {
  series: number;
  block: number;
  n: number;
  minValue: number;
  minStep: number;
  maxValue: number;
  maxStep: number;
  firstStep: number;
  lastStep: number;
  /** The value at `lastStep` (of the point written last, when a step repeats). */
  lastValue: number;
}

function validateChunk(input: readonly MetricPoint[]): Chunk {
  const points = parseInput(metricPointsSchema, input, 'points');
  const chunk: Chunk = { trial: [], step: [], name: [], value: [] };
  for (const p of points) {
    chunk.trial.push(p.trialId);
    chunk.step.push(p.step);
    chunk.name.push(p.name);
    chunk.value.push(p.value);
  }
  return chunk;
}

/** The series id of each (trial, name) key, creating missing series; cached across flushes. */
async function resolveSeries(db: Executor, chunks: readonly Chunk[], cache: Map<string, number>): Promise<void> {
  const missing = new Map<string, [string, string]>();
  for (const c of chunks) {
    for (let i = 0; i < c.trial.length; i++) {
      const key = `${c.trial[i]}\u0000${c.name[i]}`;
      if (!cache.has(key) && !missing.has(key)) missing.set(key, [c.trial[i] as string, c.name[i] as string]);
    }
  }
  if (missing.size === 0) return;
  const keys = [...missing.values()].sort();
  const params = [keys.map((k) => k[0]), keys.map((k) => k[1])];
  await db.query(INSERT_SERIES, params);
  for (const r of await db.query<{ id: number; trial_id: string; name: string }>(SELECT_SERIES, params)) cache.set(`${r.trial_id}\u0000${r.name}`, Number(r.id));
}

async function writeChunks(tx: Executor, chunks: readonly Chunk[], cache: Map<string, number>, statementRows: number): Promise<void> {
  const series: number[] = [];
  const step: number[] = [];
  const value: number[] = [];
  const rollups = new Map<string, Rollup>();
  for (const c of chunks) {
    for (let i = 0; i < c.trial.length; i++) {
      const id = cache.get(`${c.trial[i]}\u0000${c.name[i]}`) as number;
      const s = c.step[i] as number;
      const v = c.value[i] as number;
      series.push(id);
      step.push(s);
      value.push(v);
      const block = Math.floor(s / ROLLUP_WIDTH);
      const key = `${id}:${block}`;
      const r = rollups.get(key);
      if (!r) rollups.set(key, { series: id, block, n: 1, minValue: v, minStep: s, maxValue: v, maxStep: s, firstStep: s, lastStep: s, lastValue: v });
      else {
        r.n++;
        if (v < r.minValue) {
          r.minValue = v;
          r.minStep = s;
        }
        if (v > r.maxValue) {
          r.maxValue = v;
          r.maxStep = s;
        }
        if (s < r.firstStep) r.firstStep = s;
        if (s >= r.lastStep) {
          r.lastStep = s;
          r.lastValue = v;
        }
      }
    }
  }
  for (let at = 0; at < series.length; at += statementRows) {
    const end = at + statementRows;
    await tx.query(INSERT_METRICS, [series.slice(at, end), step.slice(at, end), value.slice(at, end)]);
  }
  // Sorted keys: concurrent writers on PostgreSQL lock rollup rows in the same order (no deadlock).
  const sorted = [...rollups.values()].sort((a, b) => a.series - b.series || a.block - b.block);
  for (let at = 0; at < sorted.length; at += statementRows) {
    const part = sorted.slice(at, at + statementRows);
    await tx.query(UPSERT_ROLLUPS, [
      part.map((r) => r.series),
      part.map((r) => r.block),
      part.map((r) => r.n),
      part.map((r) => r.minValue),
      part.map((r) => r.minStep),
      part.map((r) => r.maxValue),
      part.map((r) => r.maxStep),
      part.map((r) => r.firstStep),
      part.map((r) => r.lastStep),
      part.map((r) => r.lastValue),
    ]);
  }
}

/**
 * Buffers metric points and writes them in one transaction per flush (multi-row `unnest` inserts
 * plus the rollup upsert), by size (`batchSize` points) or time (`flushIntervalMs`), and on
 * `flush()`. Flushes run one after another, so `flush()` resolving means every point appended
 * before it is committed. A chunk naming an unknown trial is dropped whole and the flush rejects
 * with NOT_FOUND; on a database failure the chunks go back to the buffer for the next flush.
 */
export function createMetricsWriter(db: Database, knownTrials: Set<string>, options: MetricsWriterOptions): MetricsWriter {
  let buffer: Chunk[] = [];
  let pending = 0;
  let chain: Promise<void> = Promise.resolve();
  let errors: unknown[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seriesIds = new Map<string, number>();

  const write = async (chunks: Chunk[]): Promise<void> => {
    if (chunks.length === 0) return;
    const unknown = new Set<string>();
    for (const c of chunks) for (const t of c.trial) if (!knownTrials.has(t)) unknown.add(t);
    let good = chunks;
    let missing: string[] = [];
    if (unknown.size > 0) {
      const found = await db.query<{ id: string }>('select id from trials where id = any($1::text[])', [[...unknown]]);
      for (const r of found) knownTrials.add(r.id);
      missing = [...unknown].filter((t) => !knownTrials.has(t));
      if (missing.length > 0) good = chunks.filter((c) => !c.trial.some((t) => missing.includes(t)));
    }
    try {
      if (good.length > 0) {
        await resolveSeries(db, good, seriesIds);
        await db.transaction((tx) => writeChunks(tx, good, seriesIds, options.statementRows));
      }
    } catch (error) {
      buffer = [...good, ...buffer];
      pending += good.reduce((n, c) => n + c.trial.length, 0);
      throw new EpigenomeError({ code: 'STORE_FAILURE', message: `writing ${good.length} metric batches failed; they stay buffered for the next flush`, cause: error });
    }
    if (missing.length > 0) {
      throw new EpigenomeError({
        code: 'NOT_FOUND',
        message: `trial ${JSON.stringify(missing[0])} not found (points[].trialId)${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}; the appendMetrics calls naming it were dropped, the others written`,
        field: 'points[].trialId',
        value: missing[0],
        allowed: 'the id of a stored trial',
      });
    }
  };

  const enqueue = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const taken = buffer;
    buffer = [];
    pending = 0;
    chain = chain.then(() => write(taken).catch((error: unknown) => void errors.push(error)));
    return chain;
  };

  return {
    append(points) {
      const chunk = validateChunk(points);
      if (chunk.trial.length === 0) return;
      buffer.push(chunk);
      pending += chunk.trial.length;
      if (pending >= options.batchSize) void enqueue();
      else if (!timer && options.flushIntervalMs > 0) {
        timer = setTimeout(() => void enqueue(), options.flushIntervalMs);
        timer.unref?.();
      }
    },
    async flush() {
      await enqueue();
      if (errors.length > 0) {
        const [first] = errors;
        errors = [];
        throw first;
      }
    },
    get pending() {
      return pending;
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

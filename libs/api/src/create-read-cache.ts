import { checkInteger, checkNumber, checkOptions, type MetricPoint } from '@epigenome/core';
import type { Memory } from '@epigenome/memory';
import type { ReadTracker } from './create-read-tracker';
import { MEMORY_WRITES as WRITES, OTHER_READS, READ_TABLES, RECORD_READS, WRITE_TABLES, type RecordTable } from './internal/memory-methods';

/** Options of {@link createReadCache}. */
export interface ReadCacheOptions {
  /**
   * Answers kept for repeated reads (least recently used dropped first). Default 256; `0` keeps
   * none (single-flight only) — right when other processes write the same database (PostgreSQL),
   * since only writes made through this wrapper move its versions.
   */
  readonly maxEntries?: number;
  /** Metric points handed to `appendMetrics` are flushed (and their trial's series version bumped) this long after, in ms. Default 100. */
  readonly flushDelayMs?: number;
  /**
   * Told what tracked work reads: each cached read `depend`s on its version staying the same;
   * any other read, and every write, `taint`s the work (see the server's response cache).
   */
  readonly tracker?: ReadTracker;
}

/** What a {@link createReadCache} wrapper counts (for tests and diagnostics). */
export interface ReadCacheStats {
  /** Reads that reached the store. */
  storeReads: number;
  /** Reads that joined an identical read already in flight. */
  shared: number;
  /** Reads answered from the cache. */
  hits: number;
  /** Writes made through the wrapper, by method (`flush` counts the flushes of metric points). */
  readonly writes: Record<string, number>;
}

/** A `Memory` with shared reads and a versioned cache; see {@link createReadCache}. */
export interface ReadCachedMemory extends Memory {
  readonly stats: ReadCacheStats;
  /** Moves whenever a write made through this wrapper completes (records written, points flushed, data deleted). */
  readonly epoch: number;
  /**
   * A costly answer derived from the store (e.g. the impact of every event of an experiment), kept
   * under `key` until any write through this wrapper completes; identical concurrent calls share
   * one `compute`. Tracked work depends on that version, so a response built on it can be kept
   * too. With `maxEntries: 0` every call computes.
   */
  keep<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

/** Freezes plain objects and arrays (not typed arrays, maps, dates): a cached answer is shared, so nobody may change it. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return value;
}

/**
 * Wraps `memory` so that reads are shared and cached without ever answering stale:
 *
 * - **Single-flight**: identical concurrent reads (same method, same arguments, same data
 *   version) share one store query.
 * - **Cache** (repeatable reads that do not depend on the clock: `experimentPage`,
 *   `seriesBuckets`, `series`, `populationSeries`, `getExperiment`, `getTrial`, `listTrials`): an answer is kept under
 *   the data version it was read at. Versions move when a write made **through this wrapper**
 *   completes, before the writer is answered: a record write moves the versions of the tables it
 *   changes (`WRITE_TABLES`: an appended event leaves the experiments list and the trials
 *   cached); metric points move their trial's series version when the flush that
 *   wrote them resolves (a flush follows `flushDelayMs` after every append, and every `flush()`);
 *   `truncateTrial` moves its trial's, `deleteExperiment` every series'. A read takes the version
 *   when it starts, so **a read that starts after a write was acknowledged never gets an answer
 *   read before it**; an answer read before a write is only ever kept under the older version.
 *
 * Correct only when every write to the store goes through this wrapper (the server's own
 * embedded store); otherwise use `maxEntries: 0` (single-flight only, which is always fresh:
 * shared reads overlap in time). Cached answers are frozen: callers must not change them.
 */
export function createReadCache(memory: Memory, options: ReadCacheOptions = {}): ReadCachedMemory {
  checkOptions('options', options, ['maxEntries', 'flushDelayMs', 'tracker']);
  const maxEntries = checkInteger('options.maxEntries', options.maxEntries, 256, 0);
  const flushDelayMs = checkNumber('options.flushDelayMs', options.flushDelayMs, 100, { min: 0 });
  const tracker = options.tracker;
  const stats: ReadCacheStats = { storeReads: 0, shared: 0, hits: 0, writes: {} };
  let records = 0;
  const tables: Record<RecordTable, number> = { experiments: 0, trials: 0, events: 0, lineage: 0, checkpoints: 0, marks: 0 };
  const tableVersion = (names: readonly RecordTable[]) => `r${names.map((n) => tables[n]).join('.')}`;
  let points = 0;
  let deletions = 0;
  const trialPoints = new Map<string, number>();
  const cache = new Map<string, unknown>();
  const inFlight = new Map<string, Promise<unknown>>();
  let unflushed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let autoFlushError: unknown;

  const seriesVersion = (trialId: unknown) => `d${deletions}.t${trialPoints.get(String(trialId)) ?? 0}`;
  /** The version of a cached read's answer, or undefined for reads that are only shared. */
  const cachedVersion: Record<string, (args: readonly unknown[]) => string> = {
    'queries.seriesBuckets': (args) => seriesVersion(args[0]),
    'queries.series': (args) => seriesVersion(args[0]),
    // Many trials' series: any flush or deletion may change it.
    'queries.populationSeries': () => `d${deletions}.p${points}`,
    ...Object.fromEntries(Object.entries(READ_TABLES).map(([m, names]) => [m, () => tableVersion(names)])),
    // `keep`: a derived answer that may read anything, so any write moves it.
    keep: () => `k${records}.p${points}.d${deletions}`,
  };

  function read(path: string, args: readonly unknown[], run: () => Promise<unknown>): Promise<unknown> {
    const versioned = maxEntries > 0 ? cachedVersion[path] : undefined;
    const version = versioned?.(args);
    if (tracker) {
      if (versioned) tracker.depend(() => versioned(args) === version);
      else tracker.taint();
    }
    const key = `${version ?? `r${records}.p${points}.d${deletions}`}|${path}|${JSON.stringify(args)}`;
    if (versioned && cache.has(key)) {
      const value = cache.get(key);
      cache.delete(key);
      cache.set(key, value);
      stats.hits++;
      return Promise.resolve(value);
    }
    const flying = inFlight.get(key);
    if (flying) {
      stats.shared++;
      return flying;
    }
    stats.storeReads++;
    // A kept computation is shared by later callers: what it reads is not theirs to track (they
    // depend on its version above), nor the first caller's.
    const p = (path === 'keep' && tracker ? tracker.untracked(run) : run()).then(
      (value) => {
        inFlight.delete(key);
        if (versioned) {
          cache.set(key, deepFreeze(value));
          if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
        }
        return value;
      },
      (error: unknown) => {
        inFlight.delete(key);
        throw error;
      },
    );
    inFlight.set(key, p);
    return p;
  }

  function wrote(method: (typeof WRITES)[number] | 'flush', args: readonly unknown[]) {
    stats.writes[method] = (stats.writes[method] ?? 0) + 1;
    if (method === 'flush') return;
    records++;
    for (const table of WRITE_TABLES[method]) tables[table]++;
    if (method === 'truncateTrial') {
      points++;
      trialPoints.set(String(args[0]), (trialPoints.get(String(args[0])) ?? 0) + 1);
    } else if (method === 'deleteExperiment') {
      points++;
      deletions++;
    }
  }

  async function flushNow(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const trials = unflushed;
    unflushed = new Set();
    try {
      await memory.flush();
    } finally {
      wrote('flush', []);
      points++;
      for (const t of trials) trialPoints.set(t, (trialPoints.get(t) ?? 0) + 1);
    }
  }

  const call = (name: string) => (memory as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!.bind(memory);
  const reads = Object.fromEntries(
    [...RECORD_READS, ...OTHER_READS].map((m) => {
      const fn = call(m);
      return [m, (...args: unknown[]) => read(m, args, () => fn(...args))];
    }),
  );
  const writes = Object.fromEntries(
    WRITES.map((m) => {
      const fn = call(m);
      return [
        m,
        async (...args: unknown[]) => {
          tracker?.taint();
          try {
            return await fn(...args);
          } finally {
            wrote(m, args);
          }
        },
      ];
    }),
  );
  const queries = new Proxy(memory.queries, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof name !== 'string' || typeof value !== 'function') return value;
      return (...args: unknown[]) => read(`queries.${name}`, args, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });

  return {
    ...(reads as unknown as Memory),
    ...(writes as unknown as Memory),
    stats,
    queries,
    keep<T>(key: string, compute: () => Promise<T>): Promise<T> {
      return read('keep', [key], compute) as Promise<T>;
    },
    get epoch() {
      return records + points;
    },
    get driver() {
      return memory.driver;
    },
    get db() {
      tracker?.taint();
      return memory.db;
    },
    get pendingMetrics() {
      tracker?.taint();
      return memory.pendingMetrics;
    },
    appendMetrics(batch: readonly MetricPoint[]) {
      tracker?.taint();
      memory.appendMetrics(batch);
      for (const p of batch) unflushed.add(p.trialId);
      if (timer === undefined) {
        timer = setTimeout(() => void flushNow().catch((error: unknown) => (autoFlushError ??= error)), flushDelayMs);
        timer.unref?.();
      }
    },
    async flush() {
      tracker?.taint();
      await flushNow();
      if (autoFlushError !== undefined) {
        const error = autoFlushError;
        autoFlushError = undefined;
        throw error;
      }
    },
    async close() {
      clearTimeout(timer);
      timer = undefined;
      await memory.close();
    },
  };
}

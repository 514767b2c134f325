import { checkOptions } from '@epigenome/core';
import { createDashboardQueries } from './dashboard-queries';
import { checkpointMethods } from './internal/checkpoint-methods';
import { deleteExperiment } from './internal/delete-experiment';
import { eventMethods } from './internal/event-methods';
import { experimentMethods } from './internal/experiment-methods';
import { markMethods } from './internal/mark-methods';
import { metricMethods } from './internal/metric-methods';
import { createMetricsWriter } from './internal/metrics-writer';
import { openDatabase } from './internal/open-database';
import { parseInput } from './internal/parse-input';
import { integer, positiveNumber, unitNumber } from './internal/schema-parts';
import { createStoreContext } from './internal/store-context';
import { guardStore } from './internal/store-guard';
import { createStoreHousekeeping } from './internal/store-housekeeping';
import type { Memory } from './memory';
import type { OpenMemoryOptions } from './open-memory-options';

export type { Memory } from './memory';
export type { OpenMemoryOptions } from './open-memory-options';

// Every option named once (the record's type refuses one left out or one unknown).
const OPTION_KEYS = Object.keys({
  url: true,
  source: true,
  client: true,
  db: true,
  dir: true,
  inMemory: true,
  env: true,
  migrate: true,
  poolSize: true,
  metrics: true,
  maxCheckpointBytes: true,
  keepCheckpoints: true,
  markFloor: true,
  now: true,
} satisfies Record<keyof OpenMemoryOptions, true>);
const METRICS_KEYS = Object.keys({ batchSize: true, flushIntervalMs: true } satisfies Record<keyof NonNullable<OpenMemoryOptions['metrics']>, true>);

/**
 * Opens the epigenetic memory store, applying the bundled migrations.
 *
 * - `openMemory()`: embedded PGlite in `.epigenome/db` under the working directory (or
 *   PostgreSQL when `DATABASE_URL` is set).
 * - `openMemory({ dir })`, `openMemory({ inMemory: true })`: PGlite elsewhere / in memory.
 * - `openMemory({ url })`: PostgreSQL through `pg` (loaded only then).
 * - `openMemory({ client })` / `openMemory({ db })`: a caller's PGlite, `pg` Pool or drizzle db.
 *
 * @example
 * const memory = await openMemory();
 * const exp = await memory.createExperiment({ name: 'mnist', spec: {}, seed: 1, backend: 'wasm' });
 * await memory.close();
 */
export async function openMemory(options: OpenMemoryOptions = {}): Promise<Memory> {
  // A misspelt key (`dri` for `dir`) would otherwise open the default store without a word.
  checkOptions('options', options, OPTION_KEYS);
  checkOptions('options.metrics', options.metrics, METRICS_KEYS);
  const now = options.now ?? Date.now;
  const maxCheckpointBytes = parseInput(positiveNumber(), options.maxCheckpointBytes ?? 268_435_456, 'maxCheckpointBytes');
  const keep = parseInput(integer(1, 1_000_000), options.keepCheckpoints ?? 2, 'keepCheckpoints');
  const floor = parseInput(unitNumber(), options.markFloor ?? 0.05, 'markFloor');
  const batchSize = parseInput(integer(1, 10_000_000), options.metrics?.batchSize ?? 5000, 'metrics.batchSize');
  const flushIntervalMs = parseInput(integer(0, 3_600_000), options.metrics?.flushIntervalMs ?? 1000, 'metrics.flushIntervalMs');
  const database = await openDatabase(options);
  const store = createStoreContext(database, now);
  const writer = createMetricsWriter(database, store.knownTrials, { batchSize, flushIntervalMs, statementRows: 20_000 });
  const housekeeping = createStoreHousekeeping(database);
  let closed = false;

  const memory: Memory = {
    driver: database.kind,
    db: database.db,
    queries: createDashboardQueries(database, now),
    get pendingMetrics() {
      return writer.pending;
    },
    ...experimentMethods(store),
    ...metricMethods(store, writer, () => closed),
    ...eventMethods(store),
    ...checkpointMethods(store, { maxCheckpointBytes, keep }, housekeeping),
    ...markMethods(store, floor),

    async deleteExperiment(experimentId) {
      await writer.flush();
      const deleted = await deleteExperiment((fn) => database.transaction(fn), experimentId);
      for (const id of deleted) store.knownTrials.delete(id);
    },

    async close() {
      if (closed) return;
      closed = true;
      writer.stop();
      try {
        await writer.flush();
        await housekeeping.beforeClose();
      } finally {
        await database.close();
      }
    },
  };
  return guardStore(memory);
}

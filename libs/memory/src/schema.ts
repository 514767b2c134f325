import { sql } from 'drizzle-orm';
import { bigint, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

/** `bytea` as a `Uint8Array` on both drivers. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  // `pg` sends and returns Buffers; callers get a plain Uint8Array from either driver.
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => (Buffer.isBuffer(value) ? new Uint8Array(value) : value),
});

/** Milliseconds since the epoch, stored as `bigint`, read as a JS number. */
const millis = (name: string) => bigint(name, { mode: 'number' });

/** Experiments: one row per experiment, written in one statement (never half-written). */
export const experiments = pgTable(
  'experiments',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    spec: jsonb('spec'),
    seed: bigint('seed', { mode: 'number' }).notNull(),
    backend: text('backend').notNull(),
    context: jsonb('context'),
    summary: jsonb('summary'),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
  },
  (t) => [index('experiments_created_at_idx').on(t.createdAt)],
);

/** Trials of an experiment; `id` is unique across experiments. */
export const trials = pgTable(
  'trials',
  {
    id: text('id').primaryKey(),
    experimentId: text('experiment_id')
      .notNull()
      .references(() => experiments.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    config: jsonb('config').notNull(),
    seed: bigint('seed', { mode: 'number' }).notNull(),
    parentId: text('parent_id'),
    generation: integer('generation').notNull().default(0),
    step: integer('step').notNull().default(0),
    fitness: doublePrecision('fitness'),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
  },
  (t) => [index('trials_experiment_idx').on(t.experimentId, t.fitness)],
);

/** One metric series: a (trial, metric name) pair, numbered so the big table stays narrow. */
export const metricSeries = pgTable(
  'metric_series',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    trialId: text('trial_id')
      .notNull()
      .references(() => trials.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('metric_series_trial_name_idx').on(t.trialId, t.name)],
);

/**
 * The big table: one row per metric value, 16 bytes of data. Written only by the metrics writer,
 * with series ids it resolved through `metric_series` (whose trial foreign key holds); no
 * foreign key here, as its per-row check halves ingest throughput.
 */
export const metrics = pgTable(
  'metrics',
  {
    seriesId: integer('series_id').notNull(),
    step: integer('step').notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [index('metrics_series_step_idx').on(t.seriesId, t.step)],
);

/**
 * Per (series, block of {@link ROLLUP_WIDTH} steps): count, extremes with their steps, first and
 * last step, and the last step's value. Maintained in the same transaction as `metrics`, so downsampled series over
 * millions of points read thousands of rows.
 */
export const metricRollups = pgTable(
  'metric_rollups',
  {
    seriesId: integer('series_id').notNull(),
    block: integer('block').notNull(),
    n: integer('n').notNull(),
    minValue: doublePrecision('min_value').notNull(),
    minStep: integer('min_step').notNull(),
    maxValue: doublePrecision('max_value').notNull(),
    maxStep: integer('max_step').notNull(),
    firstStep: integer('first_step').notNull(),
    lastStep: integer('last_step').notNull(),
    /** The value at `lastStep`: a bucket of whole blocks ends on it without a lookup in `metrics`. */
    lastValue: doublePrecision('last_value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.block] })],
);

/** Every effective change made by regulation. */
export const regulationEvents = pgTable(
  'regulation_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    experimentId: text('experiment_id')
      .notNull()
      .references(() => experiments.id, { onDelete: 'cascade' }),
    trialId: text('trial_id')
      .notNull()
      .references(() => trials.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    level: text('level').notNull(),
    regulator: text('regulator').notNull(),
    kind: text('kind').notNull(),
    param: text('param').notNull(),
    from: jsonb('from_value'),
    to: jsonb('to_value'),
    reason: text('reason').notNull(),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [index('regulation_events_level_step_idx').on(t.experimentId, t.level, t.step), index('regulation_events_trial_idx').on(t.trialId, t.step)],
);

/** Checkpoints; pruned by the retention rule (see README). */
export const checkpoints = pgTable(
  'checkpoints',
  {
    trialId: text('trial_id')
      .notNull()
      .references(() => trials.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    size: integer('size').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.trialId, t.step] })],
);

/** Exploit edges: `child` took over `parent`'s state at `step`. */
export const lineage = pgTable(
  'lineage',
  {
    experimentId: text('experiment_id')
      .notNull()
      .references(() => experiments.id, { onDelete: 'cascade' }),
    childId: text('child_id')
      .notNull()
      .references(() => trials.id, { onDelete: 'cascade' }),
    parentId: text('parent_id')
      .notNull()
      .references(() => trials.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.childId, t.parentId, t.step] }), index('lineage_experiment_idx').on(t.experimentId), index('lineage_parent_idx').on(t.parentId, t.step)],
);

/** Epigenetic marks: context → regulation, with strength, half-life and soft erasure. */
export const marks = pgTable(
  'marks',
  {
    id: text('id').primaryKey(),
    context: jsonb('context').notNull(),
    /** Canonical JSON of the context: marks of the same context share it. */
    contextKey: text('context_key').notNull(),
    datasetName: text('dataset_name').notNull(),
    modelFamily: text('model_family').notNull(),
    regulation: jsonb('regulation').notNull(),
    /** Canonical JSON of the regulation. */
    regulationKey: text('regulation_key').notNull(),
    fitness: doublePrecision('fitness').notNull(),
    strength: doublePrecision('strength').notNull(),
    halfLifeDays: doublePrecision('half_life_days').notNull(),
    sourceExperimentId: text('source_experiment_id'),
    sourceTrialId: text('source_trial_id'),
    /** Set when erased (softly: a later `mark` of the same context and regulation revives it). */
    erasedAt: millis('erased_at'),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('marks_context_regulation_idx').on(t.contextKey, t.regulationKey),
    index('marks_live_idx')
      .on(t.datasetName, t.modelFamily)
      .where(sql`${t.erasedAt} is null`),
  ],
);

/** The whole schema, for `drizzle(client, { schema })` and drizzle-kit. */
export const memorySchema = { experiments, trials, metricSeries, metrics, metricRollups, regulationEvents, checkpoints, lineage, marks };

/** Steps per block of `metric_rollups`. */
export const ROLLUP_WIDTH = 64;

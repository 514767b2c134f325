import type { ExperimentRecord, InheritedMark, LineageEdge, RegulationEvent, TaskContext, TrialRecord, Level } from '@epigenome/core';
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { contextSimilarity } from './context-similarity';
import { decayedStrength } from './decayed-strength';
import { LEVELS } from '@epigenome/core';
import type { Database } from './internal/database';
import { eventBuckets, type EventBuckets, type EventBucketsOptions } from './internal/event-buckets';
import { eventPage, type EventPageOptions } from './internal/event-page';
import { experimentListing, type ExperimentListing } from './internal/experiment-listing';
import { experimentPage, type ExperimentPage, type ExperimentPageOptions } from './internal/experiment-page';
import { experimentSeries, pointsAfter, trialStates, type SeriesRef, type TrialState } from './internal/live-queries';
import { populationBands, type PopulationBands, type PopulationBandsOptions } from './internal/population-bands';
import { populationBest, type PopulationBest, type PopulationBestOptions } from './internal/population-best';
import { populationSeries, type PopulationSeries, type PopulationSeriesOptions } from './internal/population-series';
import { seriesBuckets, type BucketedSeries, type SeriesBucketsOptions } from './internal/series-buckets';
import { parseId, parseInput } from './internal/parse-input';
import { toExperiment, toMark, toStoredEvent, toTrial } from './internal/records';
import { bestByMetric, RAW_BUCKETS, ROLLUP_BUCKETS, SERIES_STATS } from './internal/rollup-sql';
import { integer, oneOf } from './internal/schema-parts';
import { createStoreContext } from './internal/store-context';
import { taskContextSchema } from './schemas/task-context-schema';
import { experiments, lineage, marks, regulationEvents, ROLLUP_WIDTH, trials } from './schema';

export type { ExperimentListing } from './internal/experiment-listing';
export type { ExperimentPage, ExperimentPageItem, ExperimentPageOptions, ExperimentSort } from './internal/experiment-page';
export type { BucketedSeries, SeriesBucketsOptions } from './internal/series-buckets';
export type { EventPageOptions } from './internal/event-page';
export type { PopulationBest, PopulationBestOptions } from './internal/population-best';
export type { PopulationBand, PopulationBands, PopulationBandsOptions } from './internal/population-bands';
export type { PopulationSeries, PopulationSeriesOptions } from './internal/population-series';
export type { EventBucket, EventBuckets, EventBucketsOptions } from './internal/event-buckets';
export type { SeriesRef, TrialState } from './internal/live-queries';

/** An experiment with its trial count and best result, for the experiments list. */
export interface ExperimentSummary extends ExperimentRecord {
  /** Number of trials. */
  readonly trials: number;
  /** The best trial by fitness, or by `metric` when asked; undefined before any value. */
  readonly best: { readonly trialId: string; readonly value: number } | undefined;
}

/** A downsampled metric series. */
export interface Series {
  readonly trialId: string;
  readonly name: string;
  /** Points ordered by step; at most `maxPoints`. */
  readonly points: { readonly step: number; readonly value: number }[];
  /** Points stored for this series (in the requested step range, at block granularity). */
  readonly total: number;
  /** `raw`: every stored point; `minmax`: each bucket's minimum and maximum point. */
  readonly method: 'raw' | 'minmax';
}

/** A stored regulation event with its row id and write time (ms since epoch). */
export interface StoredEvent extends RegulationEvent {
  readonly id: number;
  readonly createdAt: number;
}

/** A mark scored against a context, possibly erased. */
export interface ScoredMark extends InheritedMark {
  /** Whether the mark is (softly) erased. */
  readonly erased: boolean;
}

/**
 * Read-only queries for the dashboard, each designed to answer in well under 100 ms on a store
 * of 1,000,000 metric points (see the `memory` benchmark).
 */
export interface DashboardQueries {
  /**
   * Experiments, newest first, with trial count and best result: by default the highest trial
   * fitness; with `metric`, the best value of that metric over all trials (`mode` `max`, the
   * default, or `min`), read from the rollups.
   */
  experiments(options?: { metric?: string; mode?: 'max' | 'min'; limit?: number; offset?: number }): Promise<ExperimentSummary[]>;
  /**
   * Every experiment, newest first, with its trial, metric-point and event counts and its best
   * trial by fitness (highest finite value, first created among equals): two queries in all, for
   * a listing such as `epigenome ls`.
   */
  experimentListing(): Promise<ExperimentListing[]>;
  /**
   * A page of experiments filtered by statuses, name substring and tag, sorted by `created`,
   * `name`, `best` (the objective metric's best value by its mode), `duration` or `status`, with
   * an opaque keyset cursor: filtering, sorting and paging in SQL, so large stores page fast.
   */
  experimentPage(options?: ExperimentPageOptions): Promise<ExperimentPage>;
  /**
   * One trial's series as at most `buckets` (2..5000, default 1000) buckets with min, max and last
   * point each, or its raw points when they fit; `fromStep`/`toStep` zoom into a range. In columns
   * (parallel arrays, see {@link BucketedSeries}); `seriesRows` gives rows.
   */
  seriesBuckets(trialId: string, name: string, options?: SeriesBucketsOptions): Promise<BucketedSeries>;
  /** The population's best-so-far curve of a metric and its best trial (see {@link PopulationBestOptions}); NOT_FOUND if the experiment is unknown. */
  populationBest(options: PopulationBestOptions): Promise<PopulationBest>;
  /**
   * The population on one metric as quantile bands per step bucket (each trial's best value in the
   * bucket, then min, 10/25/50/75/90th percentiles and max over trials), from the rollups; for
   * experiments too large to draw a line per trial. NOT_FOUND if the experiment is unknown.
   */
  populationBands(options: PopulationBandsOptions): Promise<PopulationBands>;
  /**
   * Every trial's series of one metric (or of `trialIds`) in one SQL statement, on step buckets
   * common to all trials: per trial its raw points when they fit `buckets` (default 1000), else
   * buckets with min, max and last point, as {@link seriesBuckets} gives one trial's. For a chart
   * of one line per trial without a request per trial. NOT_FOUND if the experiment is unknown.
   */
  populationSeries(options: PopulationSeriesOptions): Promise<PopulationSeries>;
  /** The metric series of an experiment's trials (numeric id, trial, name), by id: what a live feed walks. */
  experimentSeries(experimentId: string): Promise<SeriesRef[]>;
  /** Points of a series (by its numeric id) above `afterStep`, by step, at most `limit` (1..100,000). */
  pointsAfter(seriesId: number, afterStep: number, limit: number): Promise<{ step: number; value: number }[]>;
  /** The trials of an experiment in creation order with the time each row last changed. */
  trialStates(experimentId: string): Promise<TrialState[]>;
  /** The metric names stored for an experiment's trials, sorted; NOT_FOUND if it is unknown. */
  metricNames(experimentId: string): Promise<string[]>;
  /** Regulation events by id with filters and an `afterId` cursor (see {@link EventPageOptions}); NOT_FOUND if the experiment is unknown. */
  eventPage(options: EventPageOptions): Promise<{ items: StoredEvent[]; nextAfterId: number | undefined }>;
  /** Regulation events counted per step bucket and level (see {@link EventBucketsOptions}); NOT_FOUND if the experiment is unknown. */
  eventBuckets(options: EventBucketsOptions): Promise<EventBuckets>;
  /**
   * How many stored experiments inherited each mark (its id in their runner state's `stateMarks`
   * or their result's `inheritedStates`), by mark id.
   */
  markInheritance(markIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * One trial's metric series, downsampled on the server to at most `maxPoints` (default 1000,
   * ≥ 2): when more points are stored, the step range is cut into `maxPoints / 2` buckets and each
   * bucket gives its minimum and maximum point (min/max buckets keep spikes, unlike averaging).
   * Wide buckets read the 64-step rollups instead of the raw points. `fromStep`/`toStep`
   * (inclusive) restrict the range.
   */
  series(trialId: string, name: string, options?: { maxPoints?: number; fromStep?: number; toStep?: number }): Promise<Series>;
  /** Regulation events of an experiment by level(s), trial and step range (inclusive), by step; `limit` default 1000. */
  events(options: { experimentId: string; levels?: readonly Level[]; trialId?: string; fromStep?: number; toStep?: number; limit?: number }): Promise<StoredEvent[]>;
  /** The lineage graph of an experiment: its trials as nodes and the exploit edges. */
  lineage(experimentId: string): Promise<{ nodes: TrialRecord[]; edges: LineageEdge[] }>;
  /**
   * Marks ranked for a context by similarity × decayed strength, best first, `limit` default 50;
   * with `includeErased`, erased marks too (flagged).
   */
  marksByContext(context: TaskContext, options?: { limit?: number; includeErased?: boolean }): Promise<ScoredMark[]>;
}

type Num = number | string | null;
const num = (v: Num): number => (v === null ? Number.NaN : Number(v));

const int = (min?: number, max?: number) => integer(min, max);
const levelSchema = oneOf(LEVELS as readonly Level[] as [Level, ...Level[]]);
const modeSchema = oneOf(['max', 'min']);

export function createDashboardQueries(database: Database, now: () => number): DashboardQueries {
  const { db } = database;
  const { requireExperiment } = createStoreContext(database, now);

  return {
    async experiments(options = {}) {
      const limit = parseInput(int(1, 10_000), options.limit ?? 100, 'limit');
      const offset = parseInput(int(), options.offset ?? 0, 'offset');
      const mode = parseInput(modeSchema, options.mode ?? 'max', 'mode');
      const rows = await db.select().from(experiments).orderBy(desc(experiments.createdAt), asc(experiments.id)).limit(limit).offset(offset);
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      const counts = await db
        .select({ experimentId: trials.experimentId, n: sql<Num>`count(*)` })
        .from(trials)
        .where(inArray(trials.experimentId, ids))
        .groupBy(trials.experimentId);
      let best: { experiment_id: string; trial_id: string; value: Num }[];
      if (options.metric === undefined) {
        best = await database.query(
          `select distinct on (experiment_id) experiment_id, id as trial_id, fitness as value
           from trials where experiment_id = any($1::text[]) and fitness is not null
           order by experiment_id, fitness desc`,
          [ids],
        );
      } else {
        parseId('metric', options.metric);
        best = await database.query(bestByMetric(mode), [ids, options.metric]);
      }
      const countOf = new Map(counts.map((c) => [c.experimentId, num(c.n)]));
      const bestOf = new Map(best.map((b) => [b.experiment_id, { trialId: b.trial_id, value: num(b.value) }]));
      return rows.map((r) => ({ ...toExperiment(r), trials: countOf.get(r.id) ?? 0, best: bestOf.get(r.id) }));
    },

    experimentListing: () => experimentListing(database),

    experimentPage: (options) => experimentPage(database, options),

    seriesBuckets: (trialId, name, options) => seriesBuckets(database, trialId, name, options),

    async populationBest(options) {
      await requireExperiment(options?.experimentId);
      return populationBest(database, options);
    },

    async populationBands(options) {
      await requireExperiment(options?.experimentId);
      return populationBands(database, options);
    },

    async populationSeries(options) {
      await requireExperiment(options?.experimentId);
      return populationSeries(database, options);
    },

    experimentSeries: (experimentId) => experimentSeries(database, experimentId),
    pointsAfter: (seriesId, afterStep, limit) => pointsAfter(database, seriesId, afterStep, limit),
    trialStates: (experimentId) => trialStates(database, experimentId),

    async metricNames(experimentId) {
      await requireExperiment(experimentId);
      const rows = await database.query<{ name: string }>(
        'select distinct s.name from metric_series s join trials t on t.id = s.trial_id where t.experiment_id = $1 order by s.name',
        [experimentId],
      );
      return rows.map((r) => r.name);
    },

    async eventPage(options) {
      await requireExperiment(options?.experimentId);
      return eventPage(database, options);
    },

    async eventBuckets(options) {
      await requireExperiment(options?.experimentId);
      return eventBuckets(database, options);
    },

    async markInheritance(markIds) {
      parseInput(z.array(z.string()).max(100_000), markIds, 'markIds');
      const rows = await database.query<{ id: string; n: Num }>(
        `select m.id, (select count(*) from experiments e
           where coalesce(e.summary->'runner'->'stateMarks', '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('id', m.id))
              or exists (select 1 from jsonb_each_text(case when jsonb_typeof(e.summary->'result'->'inheritedStates') = 'object' then e.summary->'result'->'inheritedStates' else '{}'::jsonb end) v where v.value = m.id)) as n
         from unnest($1::text[]) as m(id)`,
        [markIds],
      );
      return new Map(rows.map((r) => [r.id, num(r.n)]));
    },

    async series(trialId, name, options = {}) {
      parseId('trialId', trialId);
      parseId('name', name);
      const maxPoints = parseInput(int(2, 1_000_000), options.maxPoints ?? 1000, 'maxPoints');
      const from = options.fromStep === undefined ? undefined : parseInput(int(), options.fromStep, 'fromStep');
      const to = options.toStep === undefined ? undefined : parseInput(int(), options.toStep, 'toStep');
      const fromBlock = from === undefined ? 0 : Math.floor(from / ROLLUP_WIDTH);
      const toBlock = to === undefined ? 2 ** 31 - 1 : Math.floor(to / ROLLUP_WIDTH);
      const [found] = await database.query<{ id: number }>('select id from metric_series where trial_id = $1 and name = $2', [trialId, name]);
      if (!found) return { trialId, name, points: [], total: 0, method: 'raw' };
      const id = Number(found.id);
      const [stats] = await database.query<{ n: Num; lo: Num; hi: Num }>(SERIES_STATS, [id, fromBlock, toBlock]);
      const total = stats?.n === null || stats === undefined ? 0 : num(stats.n);
      if (total === 0) return { trialId, name, points: [], total: 0, method: 'raw' };
      const lo = Math.max(from ?? 0, num(stats!.lo));
      const hi = Math.min(to ?? 2 ** 31 - 1, num(stats!.hi));
      if (total <= maxPoints) {
        // Two arrays in one row, not a row per point: PGlite parses ~4× faster (100k points ≈ 1 s, not 4 s, on a loaded machine).
        const [row] = await database.query<{ steps: number[] | null; vals: number[] | null }>(
          'select array_agg(step order by step) as steps, array_agg(value order by step) as vals from metrics where series_id = $1 and step between $2 and $3',
          [id, lo, hi],
        );
        const steps = row?.steps ?? [];
        const vals = row?.vals ?? [];
        return { trialId, name, points: steps.map((step, i) => ({ step: Number(step), value: Number(vals[i]) })), total, method: 'raw' };
      }
      const buckets = Math.floor(maxPoints / 2);
      const width = Math.ceil((hi - lo + 1) / buckets);
      let rows: { lo: number[]; hi: number[] }[];
      if (width >= 4 * ROLLUP_WIDTH) {
        const loBlock = Math.floor(lo / ROLLUP_WIDTH);
        const hiBlock = Math.floor(hi / ROLLUP_WIDTH);
        const blocksPerBucket = Math.ceil((hiBlock - loBlock + 1) / buckets);
        rows = await database.query(ROLLUP_BUCKETS, [id, loBlock, hiBlock, blocksPerBucket]);
      } else {
        rows = await database.query(RAW_BUCKETS, [id, lo, hi, width]);
      }
      const points: { step: number; value: number }[] = [];
      for (const r of rows) {
        const a = { step: Number(r.lo[1]), value: Number(r.lo[0]) };
        const b = { step: Number(r.hi[1]), value: Number(r.hi[0]) };
        const pair = a.step === b.step ? [a] : a.step < b.step ? [a, b] : [b, a];
        for (const p of pair) if (p.step >= lo && p.step <= hi) points.push(p);
      }
      return { trialId, name, points, total, method: 'minmax' };
    },

    async events(options) {
      await requireExperiment(options.experimentId);
      const limit = parseInput(int(1, 100_000), options.limit ?? 1000, 'limit');
      const where: SQL[] = [eq(regulationEvents.experimentId, options.experimentId)];
      if (options.levels !== undefined) {
        parseInput(z.array(levelSchema), options.levels, 'levels');
        where.push(inArray(regulationEvents.level, [...options.levels]));
      }
      if (options.trialId !== undefined) where.push(eq(regulationEvents.trialId, parseId('trialId', options.trialId)));
      if (options.fromStep !== undefined) where.push(gte(regulationEvents.step, parseInput(int(), options.fromStep, 'fromStep')));
      if (options.toStep !== undefined) where.push(lte(regulationEvents.step, parseInput(int(), options.toStep, 'toStep')));
      const rows = await db
        .select()
        .from(regulationEvents)
        .where(and(...where))
        .orderBy(asc(regulationEvents.step), asc(regulationEvents.id))
        .limit(limit);
      return rows.map(toStoredEvent);
    },

    async lineage(experimentId) {
      await requireExperiment(experimentId);
      const [nodes, edges] = await Promise.all([
        db.select().from(trials).where(eq(trials.experimentId, experimentId)).orderBy(asc(trials.createdAt), asc(trials.id)),
        db.select().from(lineage).where(eq(lineage.experimentId, experimentId)).orderBy(asc(lineage.step), asc(lineage.childId)),
      ]);
      return {
        nodes: nodes.map(toTrial),
        edges: edges.map((e) => ({ experimentId: e.experimentId, childId: e.childId, parentId: e.parentId, step: e.step })),
      };
    },

    async marksByContext(context, options = {}) {
      parseInput(taskContextSchema, context, 'context');
      const limit = parseInput(int(1, 100_000), options.limit ?? 50, 'limit');
      const rows = await db
        .select()
        .from(marks)
        .where(options.includeErased ? undefined : isNull(marks.erasedAt));
      const t = now();
      return rows
        .map((row) => {
          const mark = toMark(row);
          const similarity = contextSimilarity(context, mark.context);
          const decayed = decayedStrength(mark, t);
          return { ...mark, similarity, decayedStrength: decayed, score: similarity * decayed, erased: row.erasedAt !== null };
        })
        .sort((a, b) => b.score - a.score || b.fitness - a.fitness)
        .slice(0, limit);
    },
  };
}

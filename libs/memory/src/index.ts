export { openMemory } from './open-memory';
export type { Memory, OpenMemoryOptions } from './open-memory';
export type { PgPoolClientLike, PgPoolLike, PgQueryResultLike } from './pg-pool-like';
export { DEFAULT_REINFORCE_AMOUNT } from './default-reinforce-amount';
export type {
  BucketedSeries,
  DashboardQueries,
  EventBucket,
  EventBuckets,
  EventBucketsOptions,
  EventPageOptions,
  ExperimentListing,
  ExperimentPage,
  ExperimentPageItem,
  ExperimentPageOptions,
  ExperimentSort,
  ExperimentSummary,
  PopulationBand,
  PopulationBands,
  PopulationBandsOptions,
  PopulationSeries,
  PopulationSeriesOptions,
  PopulationBest,
  PopulationBestOptions,
  ScoredMark,
  Series,
  SeriesRef,
  TrialState,
  SeriesBucketsOptions,
  StoredEvent,
} from './dashboard-queries';
export { seriesRows } from './series-rows';
export type { SeriesBucket, SeriesPoint } from './series-rows';
export { contextSimilarity } from './context-similarity';
export { redactUrl } from './redact-url';
export { decayedStrength } from './decayed-strength';
export { migrationsFolder } from './migrations-folder';
export { checkpoints, experiments, lineage, marks, memorySchema, metricRollups, metricSeries, metrics, regulationEvents, ROLLUP_WIDTH, trials } from './schema';
export type { MemoryDrizzle } from './internal/database';
export { datasetDescriptorSchema, taskContextSchema } from './schemas/task-context-schema';
export { regulationEventSchema, regulationEventsSchema } from './schemas/regulation-event-schema';
export { metricPointSchema, metricPointsSchema } from './schemas/metric-point-schema';
export { lineageEdgeSchema } from './schemas/lineage-edge-schema';
export { checkpointInputSchema, putCheckpointOptionsSchema } from './schemas/checkpoint-input-schema';
export { markInputSchema, markRegulationSchema } from './schemas/mark-input-schema';
export {
  createExperimentInputSchema,
  createTrialInputSchema,
  experimentStatusSchema,
  trialStatusSchema,
  updateExperimentInputSchema,
  updateTrialInputSchema,
} from './schemas/experiment-input-schemas';

export { openMemory } from './open-memory';
export type { Memory, OpenMemoryOptions } from './open-memory';
export type { DashboardQueries, ExperimentSummary, ScoredMark, Series, StoredEvent } from './dashboard-queries';
export { contextSimilarity } from './context-similarity';
export { decayedStrength } from './decayed-strength';
export { migrationsFolder } from './migrations-folder';
export { checkpoints, experiments, lineage, marks, memorySchema, metricRollups, metricSeries, metrics, regulationEvents, ROLLUP_WIDTH, trials } from './schema';
export type { MemoryDrizzle } from './internal/database';

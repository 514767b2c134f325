/** `Memory` methods that read records only (no metric points): their answers move with record writes. */
export const RECORD_READS = ['getExperiment', 'listTrials', 'getTrial'] as const;

/** The other top-level `Memory` methods that only read (every `queries.*` method reads too). */
export const OTHER_READS = ['listExperiments', 'getCheckpoint', 'inherit', 'getMark', 'counts', 'listMarks'] as const;

/** `Memory` methods that write, besides `appendMetrics` (buffered) and `flush`/`close`. */
export const MEMORY_WRITES = [
  'createExperiment',
  'updateExperiment',
  'createTrial',
  'updateTrial',
  'appendEvents',
  'addLineage',
  'truncateTrial',
  'putCheckpoint',
  'mark',
  'reinforce',
  'weaken',
  'erase',
  'revive',
  'pruneCheckpoints',
  'deleteExperiment',
] as const;

/** The record tables a read cache versions separately (metric points have versions of their own). */
export type RecordTable = 'experiments' | 'trials' | 'events' | 'lineage' | 'checkpoints' | 'marks';

/**
 * The record tables each write may change: a cached read is invalidated only by writes to what it
 * read (an event appended leaves the experiments list as it was). `deleteExperiment` removes an
 * experiment with all its records (its marks stay, see `Memory.deleteExperiment`).
 */
export const WRITE_TABLES: Record<(typeof MEMORY_WRITES)[number], readonly RecordTable[]> = {
  createExperiment: ['experiments'],
  updateExperiment: ['experiments'],
  createTrial: ['trials'],
  updateTrial: ['trials'],
  appendEvents: ['events'],
  addLineage: ['lineage'],
  truncateTrial: ['events', 'lineage'],
  putCheckpoint: ['checkpoints'],
  pruneCheckpoints: ['checkpoints'],
  mark: ['marks'],
  reinforce: ['marks'],
  weaken: ['marks'],
  erase: ['marks'],
  revive: ['marks'],
  deleteExperiment: ['experiments', 'trials', 'events', 'lineage', 'checkpoints'],
};

/** The record tables each cached record read depends on. */
export const READ_TABLES: Record<(typeof RECORD_READS)[number] | 'queries.experimentPage', readonly RecordTable[]> = {
  getExperiment: ['experiments'],
  listTrials: ['trials'],
  getTrial: ['trials'],
  'queries.experimentPage': ['experiments', 'trials'],
};

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

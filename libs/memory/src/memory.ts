import type { Mark, MemoryStore, TrialRecord } from '@epigenome/core';
import type { DashboardQueries } from './dashboard-queries';
import type { MemoryDrizzle } from './internal/database';

/** The store {@link openMemory} returns: the `MemoryStore` contract plus a few extras. */
export interface Memory extends MemoryStore {
  /** `pglite` (embedded) or `postgres` (server through `pg`). */
  readonly driver: 'pglite' | 'postgres';
  /** The drizzle database, typed with {@link memorySchema}, for queries of one's own. */
  readonly db: MemoryDrizzle;
  /** Dashboard queries on the same database. */
  readonly queries: DashboardQueries;
  /** Metric points buffered and not yet written. */
  readonly pendingMetrics: number;
  /** A trial by id; NOT_FOUND if unknown. */
  getTrial(id: string): Promise<TrialRecord>;
  /** A mark by id, erased or not (`erased` says which); NOT_FOUND if unknown. */
  getMark(id: string): Promise<Mark & { readonly erased: boolean }>;
  /** Undoes an erasure: the mark is live again with `strength` (default 0.5). */
  revive(markId: string, strength?: number): Promise<Mark>;
  /** Applies the checkpoint retention rule to every trial; resolves to the number deleted. */
  pruneCheckpoints(): Promise<number>;
  /** Stored metric points and regulation events of an experiment (NOT_FOUND if unknown). */
  counts(experimentId: string): Promise<{ metrics: number; events: number }>;
  /**
   * Deletes an experiment with its trials, metric points, rollups, events, checkpoints and lineage,
   * in one transaction (metrics buffered before the call are flushed first); marks it wrote stay.
   * NOT_FOUND if unknown. Do not delete an experiment a runner is still writing.
   */
  deleteExperiment(experimentId: string): Promise<void>;
  /** Live (not erased) marks, strongest first after decay; `limit` default 100. */
  listMarks(options?: { limit?: number }): Promise<Mark[]>;
}

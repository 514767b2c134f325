import { createHash } from 'node:crypto';
import type { Config, StepStats } from '@epigenome/core';

/** One change of a trial's state, replayed in order: configs applied, then `steps` trained (0: none). */
export interface LoggedOp {
  readonly apply: readonly Config[];
  readonly steps: number;
}

/** What a job does after replaying: train (the op's steps), evaluate then save, or save. */
export type SegmentAction = 'train' | 'evaluate' | 'save';

/**
 * One pg-boss job: bring trial `trial` to its current state — from the worker's cached live trial
 * when it is at a known point of this history, else created from `config`/`seed`, loaded from
 * `anchor` and replayed through `log` — then run `op` and report.
 */
export interface SegmentJob {
  readonly v: 1;
  /** The coordinator's engine instance: scopes blobs and results. */
  readonly owner: string;
  /** The trial, unique within `owner`. */
  readonly trial: string;
  /** The configuration and seed the trial was created with. */
  readonly config: Config;
  readonly seed: number;
  /** Bumped by each `load()`: a cached trial of another epoch is stale. */
  readonly epoch: number;
  /** Blob of the checkpoint the log starts from; undefined: the freshly created trial. */
  readonly anchor?: string;
  /** Ops applied in this epoch before the anchor. */
  readonly anchorSeq: number;
  /** Ops since the anchor (seq anchorSeq+1 …). */
  readonly log: readonly LoggedOp[];
  /** This job's own change (seq anchorSeq+log.length+1 when it changes anything) and action. */
  readonly op: LoggedOp & { readonly action: SegmentAction };
  /** Engine description (JSON) and its hash: workers cache one engine per hash. */
  readonly engine: { readonly hash: string; readonly spec: unknown };
}

/** A checkpoint a worker wrote to the blob table. */
export interface BlobCheckpoint {
  readonly blob: string;
  readonly step: number;
  readonly config: Config;
}

/** What a job reports (its row in `epigenome_workers.results`). */
export type SegmentOutput =
  | { readonly kind: 'train'; readonly stats: StepStats }
  | { readonly kind: 'evaluate'; readonly metrics: Record<string, number>; readonly checkpoint: BlobCheckpoint }
  | { readonly kind: 'save'; readonly checkpoint: BlobCheckpoint }
  | { readonly kind: 'error'; readonly error: { readonly code: string; readonly message: string; readonly field?: string; readonly allowed?: string } };

/** The pg-boss queue of a backend: a job that needs `wasm` waits for a `wasm` worker. */
export function queueName(backend: string): string {
  return `epigenome-segment-${backend.replace(/[^\w-]/g, '_')}`;
}

/** NOTIFY channel waking idle workers when a job is sent. */
export const READY_CHANNEL = 'epigenome_segment_ready';
/** NOTIFY channel telling coordinators a result was written (payload: the job id). */
export const DONE_CHANNEL = 'epigenome_segment_done';

/** A deterministic job id (UUID-shaped) from its key, so sending a job twice is one job (`ON CONFLICT DO NOTHING`). */
export function jobId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Stable hash of an engine spec (key order ignored). */
export function specHash(spec: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(spec)))
    .digest('hex')
    .slice(0, 16);
}

import { EpigenomeError, toFiniteJson, type Trial, type TrainingEngine } from '@epigenome/core';
import type { BlobCheckpoint, SegmentJob, SegmentOutput } from './segment-protocol';

/** What running a segment needs from the worker: engines by spec, and the blob table. */
export interface SegmentHost {
  engineFor(job: SegmentJob): Promise<TrainingEngine>;
  getBlob(id: string): Promise<Uint8Array>;
  putBlob(id: string, owner: string, bytes: Uint8Array): Promise<void>;
}

/** A failure of the database, not of the segment: the job is failed so pg-boss retries it. */
export class TransientError extends Error {}

async function transient<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (EpigenomeError.isInstance(error)) throw error;
    throw new TransientError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

interface Cached {
  trial: Trial;
  epoch: number;
  /** Ops of the epoch applied to `trial`. */
  seq: number;
}

/**
 * Live trials a worker keeps between segments, keyed by owner + trial and tagged with the point
 * of their history they are at; the least recently used is disposed beyond `capacity`.
 */
export class TrialCache {
  private readonly entries = new Map<string, Cached>();
  constructor(private readonly capacity: number) {}

  take(key: string): Cached | undefined {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry;
  }

  async put(key: string, entry: Cached): Promise<void> {
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) {
      const [oldest, value] = this.entries.entries().next().value as [string, Cached];
      this.entries.delete(oldest);
      await value.trial.dispose();
    }
  }

  async clear(): Promise<void> {
    for (const e of this.entries.values()) await e.trial.dispose();
    this.entries.clear();
  }
}

/** Replays or continues the job's trial to its current point, runs the job's op, and reports. */
export async function runSegment(job: SegmentJob, jobKey: string, host: SegmentHost, cache: TrialCache): Promise<{ output: SegmentOutput; steps: number; seconds: number }> {
  if (job?.v !== 1) {
    const v = (job as { v?: unknown } | undefined)?.v;
    return {
      output: {
        kind: 'error',
        error: {
          code: 'CONFLICT',
          message: `segment job of protocol version ${String(v)}; this worker speaks version 1: run one release of @epigenome/workers on the coordinator and every worker`,
        },
      },
      steps: 0,
      seconds: 0,
    };
  }
  const key = `${job.owner}/${job.trial}`;
  let entry = cache.take(key);
  const end = job.anchorSeq + job.log.length;
  if (entry && !(entry.epoch === job.epoch && entry.seq >= job.anchorSeq && entry.seq <= end)) {
    await entry.trial.dispose();
    entry = undefined;
  }
  try {
    if (!entry) {
      const engine = await host.engineFor(job);
      const trial = await engine.createTrial(job.config, job.seed);
      entry = { trial, epoch: job.epoch, seq: job.anchorSeq };
      if (job.anchor) {
        const bytes = await transient(host.getBlob(job.anchor));
        // `step` and `config` come from the bytes themselves (engine-defined); these are placeholders.
        await trial.load({ step: 0, config: job.config, bytes });
      }
    }
    for (const op of job.log.slice(entry.seq - job.anchorSeq)) {
      for (const c of op.apply) entry.trial.apply(c);
      if (op.steps > 0) await entry.trial.train(op.steps);
      entry.seq += 1;
    }
    for (const c of job.op.apply) entry.trial.apply(c);
    const changes = job.op.apply.length > 0 || job.op.steps > 0;
    let output: SegmentOutput;
    let steps = 0;
    let seconds = 0;
    const saveTo = async (suffix: string): Promise<BlobCheckpoint> => {
      const c = await (entry as Cached).trial.save();
      const blob = `${jobKey}/${suffix}`;
      await transient(host.putBlob(blob, job.owner, c.bytes));
      return { blob, step: c.step, config: c.config };
    };
    if (job.op.action === 'train') {
      const stats = await entry.trial.train(job.op.steps);
      steps = stats.steps;
      seconds = stats.seconds;
      output = { kind: 'train', stats: toFiniteJson(stats) as typeof stats };
    } else if (job.op.action === 'evaluate') {
      const metrics = await entry.trial.evaluate();
      output = { kind: 'evaluate', metrics: toFiniteJson(metrics) as Record<string, number>, checkpoint: await saveTo('evaluated') };
    } else output = { kind: 'save', checkpoint: await saveTo('saved') };
    if (changes) entry.seq += 1;
    await cache.put(key, entry);
    return { output, steps, seconds };
  } catch (error) {
    // A failed op may have half-changed the trial: never reuse it.
    await entry?.trial.dispose();
    if (error instanceof TransientError) throw error;
    return { output: errorOutput(error), steps: 0, seconds: 0 };
  }
}

/** An error as a job output: an `EpigenomeError` keeps its code and field; anything else is `ENGINE_FAILURE`. */
export function errorOutput(error: unknown): SegmentOutput {
  if (EpigenomeError.isInstance(error)) {
    return {
      kind: 'error',
      error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...(error.allowed ? { allowed: error.allowed } : {}) },
    };
  }
  return { kind: 'error', error: { code: 'ENGINE_FAILURE', message: `worker: ${error instanceof Error ? error.message : String(error)}` } };
}

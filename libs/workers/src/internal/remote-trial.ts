import { EpigenomeError, type Checkpoint, type Config, type EpigenomeErrorCode, type StepStats, type Trial } from '@epigenome/core';
import type { LoggedOp, SegmentAction, SegmentJob, SegmentOutput } from './segment-protocol';

/** What a remote trial needs of its engine's connection. */
export interface SegmentPort {
  readonly owner: string;
  readonly engine: SegmentJob['engine'];
  /** Sends the job keyed `key` (idempotent) and resolves with its one recorded output. */
  run(key: string, job: SegmentJob): Promise<SegmentOutput>;
  putBlob(id: string, bytes: Uint8Array): Promise<void>;
  getBlob(id: string): Promise<Uint8Array>;
  deleteBlobs(ids: readonly string[]): Promise<void>;
}

function disposedError(op: string): EpigenomeError {
  return new EpigenomeError({ code: 'INVALID_ARGUMENT', field: 'trial', value: 'disposed', allowed: 'a trial not yet disposed', message: `${op}() on a disposed trial` });
}

/**
 * A trial living on the workers. Its state is a history: an anchor (the created trial, or a
 * checkpoint) and the ops since. Each call is one job carrying that history, so any worker can
 * rebuild the state exactly (a worker holding it live skips the replay). After each saved
 * checkpoint the anchor moves up to the *previous* one: replay then covers the train call before
 * the newest save, which restores what a checkpoint leaves out (the last update direction, which a
 * one-step call compares its gradient with), and a rebuild trains at most two rounds again.
 */
export class RemoteTrial implements Trial {
  private epoch = 0;
  private anchor: string | undefined;
  private anchorSeq = 0;
  private log: LoggedOp[] = [];
  private pending: Config[] = [];
  private lastSave: { blob: string; seq: number; checkpoint: Checkpoint } | undefined;
  private jobs = 0;
  private disposed = false;
  private readonly blobs = new Set<string>();

  constructor(
    private readonly port: SegmentPort,
    readonly key: string,
    private readonly config: Config,
    private readonly seed: number,
  ) {}

  private get seq(): number {
    return this.anchorSeq + this.log.length;
  }

  apply(config: Readonly<Config>): void {
    if (this.disposed) throw disposedError('apply');
    if (typeof config !== 'object' || config === null)
      throw new EpigenomeError({
        code: 'INVALID_CONFIG',
        field: 'config',
        value: config,
        allowed: 'an object of hyperparameter name → value',
        message: 'config must be an object of hyperparameter name → value',
      });
    this.pending.push({ ...config });
  }

  private async call(action: SegmentAction, steps: number): Promise<SegmentOutput> {
    if (this.disposed) throw disposedError(action);
    const op: LoggedOp = { apply: this.pending, steps };
    const job: SegmentJob = {
      v: 1,
      owner: this.port.owner,
      trial: this.key,
      config: this.config,
      seed: this.seed,
      epoch: this.epoch,
      ...(this.anchor ? { anchor: this.anchor } : {}),
      anchorSeq: this.anchorSeq,
      log: this.log,
      op: { ...op, action },
      engine: this.port.engine,
    };
    const out = await this.port.run(`${this.port.owner}/${this.key}/${this.jobs++}`, job);
    this.pending = [];
    if (out.kind === 'error') {
      const e = out.error;
      throw new EpigenomeError({ code: e.code as EpigenomeErrorCode, message: e.message, ...(e.field ? { field: e.field } : {}), ...(e.allowed ? { allowed: e.allowed } : {}) });
    }
    if (op.apply.length > 0 || op.steps > 0) this.log = [...this.log, op];
    return out;
  }

  async train(steps: number): Promise<StepStats> {
    if (!(Number.isInteger(steps) && steps >= 1))
      throw new EpigenomeError({
        code: 'INVALID_ARGUMENT',
        field: 'steps',
        value: steps,
        allowed: 'an integer ≥ 1',
        message: `steps must be an integer ≥ 1; got ${String(steps)}`,
      });
    const out = await this.call('train', steps);
    return (out as Extract<SegmentOutput, { kind: 'train' }>).stats;
  }

  async evaluate(): Promise<Record<string, number>> {
    const out = (await this.call('evaluate', 0)) as Extract<SegmentOutput, { kind: 'evaluate' }>;
    await this.saved(out.checkpoint.blob, out.checkpoint.step, out.checkpoint.config);
    return out.metrics;
  }

  async save(): Promise<Checkpoint> {
    if (this.lastSave && this.lastSave.seq === this.seq && this.pending.length === 0 && !this.disposed) return this.lastSave.checkpoint;
    const out = (await this.call('save', 0)) as Extract<SegmentOutput, { kind: 'save' }>;
    return this.saved(out.checkpoint.blob, out.checkpoint.step, out.checkpoint.config);
  }

  /** Records a checkpoint the worker stored, and moves the anchor to the previous one. */
  private async saved(blob: string, step: number, config: Config): Promise<Checkpoint> {
    const checkpoint: Checkpoint = { step, config, bytes: await this.port.getBlob(blob) };
    this.blobs.add(blob);
    const seq = this.seq;
    if (this.lastSave && this.lastSave.seq < seq) {
      this.log = this.log.slice(this.lastSave.seq - this.anchorSeq);
      this.anchor = this.lastSave.blob;
      this.anchorSeq = this.lastSave.seq;
    }
    this.lastSave = { blob, seq, checkpoint };
    await this.dropUnused();
    return checkpoint;
  }

  private async dropUnused(): Promise<void> {
    const keep = new Set([this.anchor, this.lastSave?.blob]);
    const drop = [...this.blobs].filter((b) => !keep.has(b));
    for (const b of drop) this.blobs.delete(b);
    if (drop.length > 0) await this.port.deleteBlobs(drop);
  }

  async load(checkpoint: Checkpoint): Promise<void> {
    if (this.disposed) throw disposedError('load');
    if (typeof checkpoint !== 'object' || checkpoint === null || !(checkpoint.bytes instanceof Uint8Array)) {
      throw new EpigenomeError({
        code: 'INVALID_ARGUMENT',
        field: 'checkpoint',
        value: checkpoint,
        allowed: 'a Checkpoint from save()',
        message: 'checkpoint must be a Checkpoint from save() (with bytes)',
      });
    }
    const blob = `${this.port.owner}/${this.key}/load-${this.epoch + 1}`;
    await this.port.putBlob(blob, checkpoint.bytes);
    this.blobs.add(blob);
    this.epoch += 1;
    this.anchor = blob;
    this.anchorSeq = 0;
    this.log = [];
    this.pending = [];
    this.lastSave = undefined;
    await this.dropUnused();
  }

  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    const all = [...this.blobs];
    this.blobs.clear();
    return all.length > 0 ? this.port.deleteBlobs(all) : Promise.resolve();
  }
}

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Checkpoint, Config, StepStats } from '@epigenome/core';
import { EpigenomeError, type EpigenomeErrorCode } from '@epigenome/core';
import { validateHyperparameters } from '../../engine/hyperparameters';
import type { CnnSpec, MlpSpec } from '../../model/model-spec';
import { widthsIn } from '../../spec/structural-params';
import type { TfjsTrial, TrialMetadata } from '../../engine/tfjs-trial';
import type { Reply, Request, TrialState, WorkerInit } from './protocol';

type Pending = { resolve: (r: Extract<Reply, { ok: true }>) => void; reject: (e: unknown) => void };
type Op = Request extends infer R ? (R extends { op: infer O } ? O : never) : never;

/**
 * Where the worker entry lives. From the built package: `trial-worker.js`/`.cjs` beside the
 * bundle. From TypeScript sources (tests, tsx): `trial-worker.ts` run through tsx's loader
 * (`--import tsx`), so tests exercise the same code without a build.
 */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Node 20 workers ignore `--import` in execArgv: register tsx's hooks inside the worker, then load the entry
    const api = pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const entry = new URL('./trial-worker.ts', here).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); }).catch((e) => { setTimeout(() => { throw e; }); });`;
    return new Worker(code, { eval: true });
  }
  return new Worker(new URL(here.endsWith('.cjs') ? './trial-worker.cjs' : './trial-worker.js', here));
}

function failure(message: string, cause?: unknown): EpigenomeError {
  return new EpigenomeError({ code: 'ENGINE_FAILURE', message, cause });
}

/** One worker thread and its request channel. */
class PoolWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  dead: Error | undefined;
  trials = 0;

  constructor(readonly index: number) {
    this.worker = spawnWorker();
    this.worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply);
      else {
        const e = reply.error;
        p.reject(new EpigenomeError({ code: e.code as EpigenomeErrorCode, message: e.message, field: e.field, allowed: e.allowed, value: e.value }));
      }
    });
    const die = (error: Error) => {
      this.dead ??= error;
      for (const p of this.pending.values()) p.reject(failure(`worker ${index} stopped: ${error.message}`, error));
      this.pending.clear();
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`exit code ${code}`)));
  }

  request(req: Omit<Request, 'id'> & { op: Op }, transfer: ArrayBuffer[] = []): Promise<Extract<Reply, { ok: true }>> {
    if (this.dead) return Promise.reject(failure(`worker ${this.index} is not running: ${this.dead.message}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id }, transfer);
    });
  }

  async terminate(): Promise<void> {
    this.dead ??= new Error('terminated');
    await this.worker.terminate();
  }
}

/** A trial living in a worker thread; every call is a message. */
class RemoteTrial implements TfjsTrial {
  step = 0;
  diverged = false;
  config: Readonly<Config>;
  private deferred: unknown;
  private disposed = false;

  constructor(
    private readonly worker: PoolWorker,
    private readonly id: number,
    public metadata: TrialMetadata,
    state: TrialState,
    private readonly maxBatch: number,
    private readonly model: MlpSpec | CnnSpec,
  ) {
    this.config = state.config;
  }

  private async call(req: Record<string, unknown> & { op: Op }, transfer?: ArrayBuffer[]): Promise<unknown> {
    if (this.disposed)
      throw new EpigenomeError({ code: 'INVALID_ARGUMENT', field: 'trial', value: 'disposed', allowed: 'a trial not yet disposed', message: `${req.op}() on a disposed trial` });
    if (this.deferred) {
      const e = this.deferred;
      this.deferred = undefined;
      throw e;
    }
    const reply = await this.worker.request({ ...req, trial: this.id } as never, transfer);
    if (reply.state) {
      this.step = reply.state.step;
      this.diverged = reply.state.diverged;
      this.config = reply.state.config;
      this.metadata = { ...this.metadata, parameters: reply.state.parameters, flops: reply.state.flops };
    }
    return reply.result;
  }

  apply(config: Readonly<Config>): void {
    if (this.disposed)
      throw new EpigenomeError({ code: 'INVALID_ARGUMENT', field: 'trial', value: 'disposed', allowed: 'a trial not yet disposed', message: 'apply() on a disposed trial' });
    const h = validateHyperparameters(config, validateHyperparameters(this.config, undefined, this.maxBatch), this.maxBatch);
    this.config = { ...this.config, ...h, ...widthsIn(config, this.model) };
    // ordered channel: the worker applies it before the next train; a late failure surfaces on the next call
    this.worker.request({ op: 'apply', trial: this.id, config: { ...config } } as never).catch((e) => (this.deferred = e));
  }

  async train(steps: number): Promise<StepStats> {
    return (await this.call({ op: 'train', steps })) as StepStats;
  }

  async evaluate(): Promise<Record<string, number>> {
    return (await this.call({ op: 'evaluate' })) as Record<string, number>;
  }

  async save(): Promise<Checkpoint> {
    return (await this.call({ op: 'save' })) as Checkpoint;
  }

  async load(checkpoint: Checkpoint): Promise<void> {
    const bytes = checkpoint?.bytes instanceof Uint8Array ? checkpoint.bytes.slice() : checkpoint?.bytes;
    await this.call({ op: 'load', step: checkpoint?.step, config: { ...checkpoint?.config }, bytes }, bytes instanceof Uint8Array ? [bytes.buffer as ArrayBuffer] : []);
  }

  async predict(inputs: Float32Array): Promise<Float32Array> {
    const copy = inputs instanceof Float32Array ? inputs.slice() : inputs;
    return (await this.call({ op: 'predict', inputs: copy }, copy instanceof Float32Array ? [copy.buffer as ArrayBuffer] : [])) as Float32Array;
  }

  async readWeights(): Promise<Float32Array> {
    return (await this.call({ op: 'readWeights' })) as Float32Array;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.worker.trials -= 1;
    if (!this.worker.dead) await this.worker.request({ op: 'dispose', trial: this.id } as never).catch(() => undefined);
  }
}

/** Worker threads, one backend each, running trials concurrently (trials go to the least-loaded worker). */
export class WorkerPool {
  private workers: PoolWorker[] = [];
  private nextTrial = 1;

  constructor(
    readonly size: number,
    private readonly init: WorkerInit,
  ) {}

  /** Spawns and initialises the workers; resolves with their backend. */
  async start(): Promise<string> {
    this.workers = Array.from({ length: this.size }, (_, i) => new PoolWorker(i));
    const backends = await Promise.all(this.workers.map((w) => w.request({ op: 'init', init: this.init } as never)));
    return backends[0]?.result as string;
  }

  async createTrial(config: Readonly<Config>, seed: number): Promise<TfjsTrial> {
    const alive = this.workers.filter((w) => !w.dead);
    if (alive.length === 0) throw failure('no worker of the pool is running');
    const worker = alive.reduce((a, b) => (b.trials < a.trials ? b : a));
    const id = this.nextTrial++;
    worker.trials += 1;
    try {
      const reply = await worker.request({ op: 'create', trial: id, config: { ...config }, seed } as never);
      const metadata = { ...(reply.result as TrialMetadata), worker: worker.index };
      return new RemoteTrial(worker, id, metadata, reply.state as TrialState, this.init.data.train.count, this.init.model);
    } catch (error) {
      worker.trials -= 1;
      throw error;
    }
  }

  /** Live tensors in each worker (for leak checks). */
  async memory(): Promise<number[]> {
    const r = await Promise.all(this.workers.map((w) => w.request({ op: 'memory' } as never)));
    return r.map((x) => (x.result as { numTensors: number }).numTensors);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

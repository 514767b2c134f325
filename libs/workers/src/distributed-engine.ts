import { randomUUID } from 'node:crypto';
import { checkInteger, checkOptions, checkString, invalidArgument, type Config, type DatasetDescriptor, type TrainingEngine, type Trial } from '@epigenome/core';
import { checkServerUrl } from './internal/connect';
import { RemoteTrial } from './internal/remote-trial';
import { SegmentClient } from './internal/segment-client';
import { specHash } from './internal/segment-protocol';

/** Options of {@link createDistributedEngine}. */
export interface DistributedEngineOptions {
  /** PostgreSQL server shared with the workers (`postgres://…`); a PGlite store is refused. */
  readonly databaseUrl: string;
  /** Where `databaseUrl` came from, named in errors. Default `databaseUrl`. */
  readonly source?: string;
  /** JSON the workers build the engine from (their `createEngine(spec)`), e.g. `{ dataset, model }` of an experiment spec. */
  readonly engineSpec: unknown;
  /** Backend the trials need: jobs wait for a worker of this backend (results differ across backends). */
  readonly backend: string;
  /** The task's descriptor, as the local engine of the same spec reports it. */
  readonly dataset: DatasetDescriptor;
  /** The model family, as the local engine reports it. */
  readonly modelFamily: string;
  /** A worker silent for this long (no heartbeat) has lost its segment: the job is failed and retried elsewhere. Default 5000 ms; ≥ 500. */
  readonly staleAfterMs?: number;
  /** pg-boss `expireInSeconds` of a segment job, the fallback when no coordinator watches: longer than any segment. Default 300 s. */
  readonly expireInSeconds?: number;
  /** Retries of a failed or lost segment job. Default 5. */
  readonly retryLimit?: number;
  /** How often results and worker liveness are polled besides LISTEN/NOTIFY, ms. Default 250. */
  readonly pollMs?: number;
  /** pg-boss maintenance interval, s. Default 2. */
  readonly maintenanceIntervalSeconds?: number;
  /** Connection attempts (exponential backoff from `backoffMs`, default 500 ms) before `STORE_FAILURE`. Default 5. */
  readonly connect?: { readonly attempts?: number; readonly backoffMs?: number };
}

/** A training engine whose trials run on `epigenome worker` processes. */
export interface DistributedEngine extends TrainingEngine {
  /** This engine's id in the job, blob and result tables. */
  readonly owner: string;
  /** Connects (with retries), checks the store and scale-out schema versions and creates the job queue. `createTrial` calls it. */
  ready(): Promise<void>;
  /** Removes this engine's checkpoint blobs and results and closes its connections. */
  dispose(): Promise<void>;
}

const KNOWN = [
  'databaseUrl',
  'source',
  'engineSpec',
  'backend',
  'dataset',
  'modelFamily',
  'staleAfterMs',
  'expireInSeconds',
  'retryLimit',
  'pollMs',
  'maintenanceIntervalSeconds',
  'connect',
];

/**
 * A `TrainingEngine` over pg-boss: each `train`, `evaluate` (+ checkpoint) and `save` of a trial
 * is one job on the queue of `backend`, run by any `epigenome worker` of that backend, so the
 * runner — and its lockstep regulation order — is unchanged and the result does not depend on how
 * many workers ran it. A worker killed mid-segment loses only that job: the coordinator sees its
 * heartbeat stop and pg-boss retries the job on another worker, which rebuilds the trial from its
 * last checkpoint and replays the calls since (bit-exact on one backend).
 *
 * @example
 * const engine = createDistributedEngine({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/test', engineSpec: { dataset, model }, backend: 'wasm', dataset: local.dataset, modelFamily: 'mlp' });
 * const result = await runExperiment({ engine, space, population: 4, budget: { steps: 400 } });
 * await engine.dispose();
 */
export function createDistributedEngine(options: DistributedEngineOptions): DistributedEngine {
  checkOptions('options', options, KNOWN);
  const source = checkString('options.source', options.source, 'databaseUrl');
  checkServerUrl(options.databaseUrl, source);
  const backend = checkString('options.backend', options.backend, '');
  const modelFamily = checkString('options.modelFamily', options.modelFamily, '');
  if (typeof options.dataset !== 'object' || options.dataset === null) throw invalidArgument('options.dataset', options.dataset, 'a DatasetDescriptor');
  let json: string | undefined;
  try {
    json = JSON.stringify(options.engineSpec);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw invalidArgument('options.engineSpec', options.engineSpec, 'JSON the workers can build the engine from');
  const connect = checkOptions('options.connect', options.connect, ['attempts', 'backoffMs']);
  const settings = {
    url: options.databaseUrl,
    owner: randomUUID(),
    backend,
    engine: { hash: specHash(options.engineSpec), spec: JSON.parse(json) as unknown },
    connect: {
      attempts: checkInteger('options.connect.attempts', connect.attempts, 5, 1, 100),
      backoffMs: checkInteger('options.connect.backoffMs', connect.backoffMs, 500, 0, 60_000),
      poolSize: 4,
      source,
    },
    staleAfterMs: checkInteger('options.staleAfterMs', options.staleAfterMs, 5000, 500, 3_600_000),
    expireInSeconds: checkInteger('options.expireInSeconds', options.expireInSeconds, 300, 1, 86_400),
    retryLimit: checkInteger('options.retryLimit', options.retryLimit, 5, 0, 1000),
    pollMs: checkInteger('options.pollMs', options.pollMs, 250, 10, 60_000),
    maintenanceIntervalSeconds: checkInteger('options.maintenanceIntervalSeconds', options.maintenanceIntervalSeconds, 2, 1, 3600),
  };
  let client: Promise<SegmentClient> | undefined;
  let trials = 0;
  let disposed = false;
  const ready = async (): Promise<SegmentClient> => {
    if (disposed) throw invalidArgument('engine', 'disposed', 'an engine not yet disposed');
    client ??= SegmentClient.open(settings);
    try {
      return await client;
    } catch (error) {
      client = undefined;
      throw error;
    }
  };
  return {
    owner: settings.owner,
    backend,
    dataset: options.dataset,
    modelFamily,
    async ready() {
      await ready();
    },
    async createTrial(config: Readonly<Config>, seed: number): Promise<Trial> {
      if (typeof config !== 'object' || config === null) throw invalidArgument('config', config, 'an object of hyperparameter name → value', { code: 'INVALID_CONFIG' });
      if (!(Number.isInteger(seed) && seed >= 0)) throw invalidArgument('seed', seed, 'an integer ≥ 0');
      return new RemoteTrial(await ready(), `t${trials++}`, { ...config }, seed);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      const c = await client?.catch(() => undefined);
      await c?.close();
    },
  };
}

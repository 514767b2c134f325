import { createTfjsEngine, type ModelSpec, type TfjsEngine } from '@epigenome/engine-tfjs';
import { dataFromSpec, prefixed } from './data-from-spec';
import type { ExperimentSpec } from './experiment-spec';

export { checkModelFromSpec, dataFromSpec } from './data-from-spec';

/** The TensorFlow.js engine a spec describes (dataset + model), with `workers` worker threads (0 = in process). */
export function engineFromSpec(spec: ExperimentSpec, options: { workers?: number } = {}): TfjsEngine {
  const data = dataFromSpec(spec.dataset);
  return prefixed('spec.model', () => createTfjsEngine({ model: spec.model as unknown as ModelSpec, data, workers: options.workers ?? spec.workers }));
}

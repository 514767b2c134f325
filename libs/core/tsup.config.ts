import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.preset';

export default defineConfig(libraryConfig({ entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' } }));

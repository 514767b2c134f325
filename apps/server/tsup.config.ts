import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.preset';

export default defineConfig(libraryConfig({ entry: ['src/main.ts'], format: ['esm'], dts: false }));

import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.preset';

export default defineConfig(libraryConfig({ external: ['pg', 'pg-boss'] }));

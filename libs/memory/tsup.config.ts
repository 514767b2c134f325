import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.preset';

export default defineConfig(
  libraryConfig({
    // `import.meta.url` in the CJS build: the migrations folder is found relative to the built file.
    shims: true,
    external: ['pg', '@electric-sql/pglite', /^drizzle-orm/],
  }),
);

import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // `import.meta.url` in the CJS build: the migrations folder is found relative to the built file.
  shims: true,
  external: ['pg', '@electric-sql/pglite', /^drizzle-orm/],
});

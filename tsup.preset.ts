import type { Options } from 'tsup';

/**
 * The one tsup configuration of every publishable library: ESM + CJS + d.ts for Node 20, with
 * source maps. A library's `tsup.config.ts` passes only what differs (entries, externals, shims).
 */
export function libraryConfig(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    ...overrides,
  };
}

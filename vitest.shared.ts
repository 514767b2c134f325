import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Shared vitest settings: workspace libraries resolve to their sources, so a test never
 * depends on a stale build; each project writes a JSON report that `npm test` sums up.
 */
export function projectConfig(options: { include?: string[]; testTimeout?: number } = {}) {
  return defineConfig({
    resolve: {
      alias: [{ find: /^@epigenome\/([a-z-]+)$/, replacement: `${root}libs/$1/src/index.ts` }],
    },
    test: {
      include: options.include ?? ['src/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 30_000,
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results/vitest.json' },
      pool: 'forks',
    },
  });
}

import { mergeConfig } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

// Integration run: the same test files on PostgreSQL (DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/test); each file works in a database of its own, dropped after.
export default mergeConfig(projectConfig({ testTimeout: 60_000 }), {
  test: {
    env: { EPIGENOME_TEST_DRIVER: 'postgres' },
    outputFile: { json: 'test-results/integration.json' },
  },
});

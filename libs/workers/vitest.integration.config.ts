import { mergeConfig } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

// Integration run: real PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test),
// a database of its own per file, and real worker processes.
export default mergeConfig(projectConfig({ include: ['src/**/*.integration.test.ts'], testTimeout: 120_000 }), {
  test: { outputFile: { json: 'test-results/integration.json' } },
});

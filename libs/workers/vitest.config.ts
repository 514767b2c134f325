import { mergeConfig } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

// Unit run: no database server; the scale-out tests (real PostgreSQL, worker processes) are `integration`.
export default mergeConfig(projectConfig(), { test: { exclude: ['src/**/*.integration.test.ts'] } });

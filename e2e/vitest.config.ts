import { mergeConfig } from 'vitest/config';
import { projectConfig } from '../vitest.shared.ts';

// Each file drives its own server, dashboard and browser through long steps in order: one file at
// a time, so the live checks of one never compete with another's page loads for the two cores.
export default mergeConfig(projectConfig({ testTimeout: 120_000 }), { test: { fileParallelism: false } });

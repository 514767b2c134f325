import { projectConfig } from '../vitest.shared.ts';

// One browser session runs the steps of a real experiment in order: no parallel files, long steps.
export default projectConfig({ testTimeout: 120_000 });

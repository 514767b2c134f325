import { projectConfig } from '../../vitest.shared.ts';

// Unit run: every test file on embedded PGlite (in memory, except the SIGKILL test's folder).
export default projectConfig({ testTimeout: 60_000 });

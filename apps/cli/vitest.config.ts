import { projectConfig } from '../../vitest.shared.ts';

// examples/ has no package of its own: its tests (the plugin guide's) run with the CLI's.
export default projectConfig({ include: ['src/**/*.test.ts', '../../examples/**/*.test.ts'] });
